"""The sheets pages: download the gradebook sheet, upload one (preview with every
error and its cell, then import or abandon), undo an import; Moodle and generic
uploads through their mapping step, remembered for the next file."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.extensions import db
from service.models import (
    Assessment,
    AuditEvent,
    Grade,
    ImportBatch,
    ImportState,
    Student,
)
from tests.importers.moodle_samples import EPOCH, FIXTURE_HEADERS, moodle_csv
from tests.service.factories import make_assessment
from tests.service.web.trainer_world import (
    Centre,
    build_centre,
    log_in,
    read_page,
    visible_text,
)


class Sheets:
    """The RCNV sheets page of the centre's cohort, as its trainer uses it."""

    def __init__(self, client: FlaskClient, centre: Centre, assessment: int) -> None:
        self.client = client
        self.centre = centre
        self.assessment = assessment
        self.csrf = log_in(client, centre.trainer)
        subject = centre.subjects["RCNV"]
        self.url = f"/classes/{centre.cohort_id}/matieres/{subject}/feuilles"

    def upload(self, data: bytes, name: str, kind: str, **form: str) -> TestResponse:
        """Send a file through the page's form."""
        fields: dict[str, Any] = {"csrf_token": self.csrf, "kind": kind} | form
        fields["file"] = (io.BytesIO(data), name)
        return self.client.post(
            self.url, data=fields, content_type="multipart/form-data"
        )

    def post(self, url: str, **form: str) -> TestResponse:
        """Press a button of a form (with the CSRF token)."""
        return self.client.post(url, data={"csrf_token": self.csrf} | form)

    def sheet(self, cells: dict[str, object]) -> bytes:
        """Download the S1 gradebook sheet and type values into it."""
        page = self.client.get(self.url)
        link = re.search(r'href="([^"]+/periode-\d+\.xlsx)"', page.text)
        assert link, "no download link"
        data = self.client.get(link.group(1)).data
        book = load_workbook(io.BytesIO(data))
        for ref, value in cells.items():
            book["Notes"][ref] = value
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


@pytest.fixture
def centre(app: Flask, tmp_path: Path) -> Centre:
    """The trainer pages' centre; uploads wait in the test's own folder."""
    app.config["PENDING_UPLOAD_DIR"] = str(tmp_path / "pending")
    built = build_centre(app)
    with app.app_context():
        for student_id, email in zip(
            built.student_ids, ("alice@moodle.test", "bruno@moodle.test"), strict=True
        ):
            student = db.session.get(Student, student_id)
            assert student is not None
            student.email = email
        db.session.commit()
    return built


@pytest.fixture
def sheets(app: Flask, client: FlaskClient, centre: Centre) -> Sheets:
    """Logged in as the RCNV trainer, with one S1 assessment « Prospection »."""
    with app.app_context():
        assessment = make_assessment(centre.cohort_id, title="Prospection").id
        db.session.commit()
    return Sheets(client, centre, assessment)


def _grades(app: Flask) -> list[Decimal | None]:
    with app.app_context():
        return list(db.session.scalars(select(Grade.score).order_by(Grade.student_id)))


def test_the_page_offers_the_periods_sheet_an_upload_form_and_my_imports(
    sheets: Sheets,
) -> None:
    page, text = read_page(sheets.client, sheets.url)
    assert "Feuille S1 (1 évaluation)" in text
    for label in (
        'for="kind-gradebook"',
        'for="kind-moodle"',
        'for="file"',
        'for="force"',
    ):
        assert label in page.text
    assert 'name="csrf_token"' in page.text
    assert "Aucun import de notes pour cette matière." in text
    book = load_workbook(io.BytesIO(sheets.sheet({})))
    assert book["Notes"]["E4"].value == "Prospection (/20)"


def test_a_class_taught_by_someone_else_is_not_found(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.other)
    url = f"/classes/{centre.cohort_id}/matieres/{centre.subjects['RCNV']}/feuilles"
    assert client.get(url).status_code == 404


def test_a_bad_cell_is_shown_then_a_good_sheet_is_imported_then_undone(
    app: Flask, sheets: Sheets
) -> None:
    bad = sheets.upload(
        sheets.sheet({"E5": "12,5", "E6": "vingt"}), "n.xlsx", "gradebook"
    )
    assert bad.status_code == 302
    page = sheets.client.get(bad.headers["Location"])
    text = visible_text(page)
    assert "1 erreur : aucune note n'a été importée." in text
    assert re.search(r"E6 \(feuille « Notes »\) « vingt » n'est pas un nombre", text)
    assert "Importer ces notes" not in text
    assert _grades(app) == []

    good = sheets.upload(
        sheets.sheet({"E5": "12,5", "E6": "ABS"}), "n.xlsx", "gradebook"
    )
    batch_url = good.headers["Location"]
    preview = visible_text(sheets.client.get(batch_url))
    assert "Nouvelles notes 2" in preview
    assert "E5 ARNAUD Alice Prospection — 12,5 nouvelle" in preview
    assert "E6 BERNARD Bruno Prospection — ABS nouvelle" in preview
    done = sheets.post(batch_url + "/importer")
    assert "Import terminé : 2 nouvelle(s) note(s)" in visible_text(
        sheets.client.get(done.headers["Location"])
    )
    assert _grades(app) == [Decimal("12.50"), None]

    listed = visible_text(sheets.client.get(sheets.url))
    assert "n.xlsx" in listed
    assert "Importé Annuler l'import" in listed
    undone = sheets.post(batch_url + "/annuler")
    assert "2 note(s) remise(s) comme avant" in visible_text(
        sheets.client.get(undone.headers["Location"])
    )
    assert _grades(app) == []


def test_an_abandoned_preview_writes_nothing_and_cannot_be_imported(
    app: Flask, sheets: Sheets
) -> None:
    sent = sheets.upload(sheets.sheet({"E5": 14}), "n.xlsx", "gradebook")
    batch_url = sent.headers["Location"]
    gone = sheets.post(batch_url + "/abandonner")
    assert gone.headers["Location"].endswith("/feuilles")
    assert "Import abandonné" in visible_text(sheets.client.get(sheets.url))
    page = visible_text(sheets.client.get(batch_url))
    assert "Non importé : abandonné, aucune note n'a été modifiée." in page
    assert "Importer ces notes" not in page
    sheets.post(batch_url + "/importer")  # a forged press changes nothing
    with app.app_context():
        batch = db.session.scalars(select(ImportBatch)).one()
        assert batch.state is ImportState.FAILED
    assert _grades(app) == []


def test_an_upload_without_file_or_csrf_is_refused(sheets: Sheets) -> None:
    missing = sheets.client.post(
        sheets.url, data={"csrf_token": sheets.csrf, "kind": "gradebook"}
    )
    assert missing.status_code == 422
    assert "Choisissez le fichier à importer." in visible_text(missing)
    forged = sheets.client.post(
        sheets.url,
        data={"kind": "gradebook", "file": (io.BytesIO(b"x"), "n.xlsx")},
        content_type="multipart/form-data",
    )
    assert forged.status_code == 403


def _moodle(alice: str, bruno: str) -> bytes:
    rows = [
        FIXTURE_HEADERS,
        ["Alice", "Arnaud", "", "", "", "alice@moodle.test", alice, "", alice, EPOCH],
        ["Bruno", "Bernard", "", "", "", "bruno@moodle.test", bruno, "", bruno, EPOCH],
    ]
    rows[0] = [*rows[0][:6], "Assignment: Prospection", *rows[0][7:]]
    return moodle_csv(rows)


def test_a_moodle_export_on_100_is_mapped_rescaled_and_remembered(
    app: Flask, sheets: Sheets
) -> None:
    form = sheets.upload(_moodle("56.00", "75.50"), "C1 Notes.csv", "moodle")
    assert form.status_code == 200
    token = re.search(r'name="token" value="([^"]+)"', form.text)
    assert token
    column = f"column_{sheets.assessment}"
    # The item named like the assessment is preselected.
    assert re.search(r'<option value="Assignment: Prospection" selected>', form.text)
    assert "La plus haute note du fichier est 75,5." in visible_text(form)
    fields = {
        "token": token.group(1),
        "kind": "moodle",
        column: "Assignment: Prospection",
    }
    mapped = sheets.post(sheets.url + "/association", moodle_max="100", **fields)
    assert mapped.status_code == 302, mapped.text
    preview = visible_text(sheets.client.get(mapped.headers["Location"]))
    assert "Notes Moodle sur 100, ramenées exactement" in preview
    assert "G2 ARNAUD Alice Prospection — 56 11,2 nouvelle" in preview
    assert "G3 BERNARD Bruno Prospection — 75,5 15,1 nouvelle" in preview
    sheets.post(mapped.headers["Location"] + "/importer")
    assert _grades(app) == [Decimal("11.20"), Decimal("15.10")]

    again = sheets.upload(_moodle("40", "80"), "C1 Notes.csv", "moodle")
    assert (
        'name="moodle_max" inputmode="decimal" autocomplete="off" value="100"'
        in again.text
    )


def test_a_moodle_mapping_mistake_is_shown_on_the_form(
    app: Flask, sheets: Sheets
) -> None:
    with app.app_context():
        second = make_assessment(sheets.centre.cohort_id, title="Oral").id
        db.session.commit()
    form = sheets.upload(_moodle("12", "14"), "C1 Notes.csv", "moodle")
    token = re.search(r'name="token" value="([^"]+)"', form.text)
    assert token
    both = {
        "token": token.group(1),
        "kind": "moodle",
        f"column_{sheets.assessment}": "Course total",
        f"column_{second}": "Course total",
    }
    twice = sheets.post(sheets.url + "/association", **both)
    assert twice.status_code == 422
    assert (
        "La colonne « Course total » est choisie pour deux évaluations."
        in visible_text(twice)
    )
    bad_max = both | {f"column_{second}": "", "moodle_max": "cent"}
    refused = sheets.post(sheets.url + "/association", **bad_max)
    assert refused.status_code == 422
    assert "Note maximale Moodle invalide « cent »" in visible_text(refused)
    expired = sheets.post(sheets.url + "/association", **(both | {"token": "x" * 22}))
    assert "n'est plus disponible" in visible_text(
        sheets.client.get(expired.headers["Location"])
    )


def test_a_generic_sheet_goes_through_the_mapping_form_then_is_remembered(
    app: Flask, sheets: Sheets
) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Élève", "Prénom", "Écrit"], ["Arnaud", "Alice", "13,5"]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    form = sheets.upload(data, "releve.xlsx", "generic")
    assert form.status_code == 200
    assert "Arnaud Alice 13,5" in visible_text(form)
    token = re.search(r'name="token" value="([^"]+)"', form.text)
    assert token
    mapping = {
        "token": token.group(1),
        "kind": "generic",
        "identity": "name",
        "identity_header": "Élève",
        "last_name_header": "Élève",
        "first_name_header": "Prénom",
        f"column_{sheets.assessment}": "Écrit",
    }
    mapped = sheets.post(sheets.url + "/association", **mapping)
    assert mapped.status_code == 302, visible_text(mapped)
    assert "C2 ARNAUD Alice Prospection — 13,5 nouvelle" in visible_text(
        sheets.client.get(mapped.headers["Location"])
    )
    again = sheets.upload(data, "releve.xlsx", "generic")
    assert re.search(r'<option value="Écrit" selected>', again.text)
    assert re.search(r'<option value="name" selected>', again.text)


def test_a_sheet_of_another_class_is_refused_on_the_page(
    app: Flask, sheets: Sheets
) -> None:
    data = sheets.sheet({"E5": 15})
    other = app.test_client()
    csrf = log_in(other, sheets.centre.other)
    subject = sheets.centre.subjects["RCAR"]
    url = f"/classes/{sheets.centre.cohort_id}/matieres/{subject}/feuilles"
    fields: dict[str, Any] = {"csrf_token": csrf, "kind": "gradebook"}
    fields["file"] = (io.BytesIO(data), "n.xlsx")
    refused = other.post(url, data=fields, content_type="multipart/form-data")
    assert refused.status_code == 404
    assert "Évaluation introuvable." in visible_text(refused)
    assert _grades(app) == []


def test_an_assessment_locked_after_the_preview_refuses_the_import_and_is_audited(
    app: Flask, sheets: Sheets
) -> None:
    sent = sheets.upload(sheets.sheet({"E5": 14}), "n.xlsx", "gradebook")
    batch_url = sent.headers["Location"]
    with app.app_context():
        assessment = db.session.get(Assessment, sheets.assessment)
        assert assessment is not None
        assessment.locked = True
        db.session.commit()
    refused = sheets.post(batch_url + "/importer")
    page = visible_text(sheets.client.get(refused.headers["Location"]))
    assert "verrouillée" in page
    assert _grades(app) == []
    with app.app_context():
        outcomes = db.session.scalars(select(AuditEvent.outcome)).all()
    assert outcomes == ["refused_locked"]
