"""The justification pages: staff enter a justification with its document (a
multipart form with the CSRF token); a file that is not a PDF, JPEG or PNG, or
too big, is refused beside its field and leaves nothing behind; the document is
served as an attachment to staff in reach and to the apprentice and their tutor
only."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.extensions import db
from service.models import Justification, JustificationStatus, Role
from tests.service.factories import (
    PASSWORD,
    committed,
    make_half_day,
    make_tutor_link,
    make_user,
)
from tests.service.test_justifications import HTML, PDF
from tests.service.web.trainer_world import (
    Centre,
    csrf_from,
    log_in,
    read_page,
    visible_text,
)

NEW = "/justificatifs/nouveau"
TUTOR = "tuteur@cfa.test"


@pytest.fixture
def folder(app: Flask, tmp_path: Path) -> Path:
    """The documents' folder of the test."""
    app.config["JUSTIFICATION_DIR"] = str(tmp_path / "justificatifs")
    return tmp_path / "justificatifs"


@pytest.fixture
def taught(app: Flask, centre: Centre) -> Centre:
    """The trainer gives a half-day of the cohort; Alice has a tutor."""
    with committed(app):
        make_half_day(centre.cohort_id, centre.trainer_id)
        tutor = make_user(Role.TUTOR, email=TUTOR, password=PASSWORD)
        make_tutor_link(tutor, centre.student_ids[0])
    return centre


def send(
    client: FlaskClient,
    csrf: str,
    student_id: int,
    document: tuple[bytes, str] | None = None,
    **fields: str,
) -> tuple[int, str]:
    """Post the new justification form; return the status and the visible text."""
    data: dict[str, object] = {
        "csrf_token": csrf,
        "student_id": str(student_id),
        "first_day": "2026-10-05",
        "last_day": "2026-10-05",
        "reason": "Certificat médical",
        "status": "justified",
    }
    data.update(fields)
    if document is not None:
        data["document"] = (BytesIO(document[0]), document[1])
    response = client.post(NEW, data=data, content_type="multipart/form-data")
    if response.status_code == 302:
        response = client.get(response.headers["Location"])
    return response.status_code, visible_text(response)


def justifications(app: Flask) -> list[Justification]:
    with app.app_context():
        rows = db.session.scalars(select(Justification)).all()
        db.session.expunge_all()
        return list(rows)


def test_a_trainer_enters_a_pdf_and_the_apprentice_downloads_it(
    app: Flask, client: FlaskClient, taught: Centre, folder: Path
) -> None:
    csrf = log_in(client, taught.trainer)
    _, form = read_page(client, f"{NEW}?apprenti={taught.student_ids[0]}&du=2026-10-05")
    assert "ARNAUD Alice" in form
    status, page = send(client, csrf, taught.student_ids[0], (PDF, "certificat.pdf"))
    assert status == 200
    assert "Justificatif de ARNAUD Alice enregistré." in page
    assert "Certificat médical Justifiée certificat.pdf" in page
    (justification,) = justifications(app)
    url = f"/justificatifs/{justification.id}/document"
    for email in (taught.trainer, taught.director, taught.student_emails[0], TUTOR):
        reader = app.test_client()
        log_in(reader, email)
        with reader.get(url) as document:
            assert document.status_code == 200, email
            assert document.data == PDF
            assert document.mimetype == "application/pdf"
            assert document.headers["X-Content-Type-Options"] == "nosniff"
            disposition = document.headers["Content-Disposition"]
            assert disposition == "attachment; filename=certificat.pdf"


def test_an_html_page_named_pdf_is_refused_and_nothing_is_kept(
    app: Flask, client: FlaskClient, taught: Centre, folder: Path
) -> None:
    csrf = log_in(client, taught.director)
    status, page = send(client, csrf, taught.student_ids[0], (HTML, "certificat.pdf"))
    assert status == 422
    assert "Document : type refusé, le fichier n'est pas un PDF, JPEG ou PNG" in page
    assert justifications(app) == []
    assert not folder.exists() or list(folder.iterdir()) == []


def test_an_oversize_document_is_refused_with_the_limit(
    app: Flask, client: FlaskClient, taught: Centre, folder: Path
) -> None:
    app.config["JUSTIFICATION_MAX_BYTES"] = 2048
    csrf = log_in(client, taught.director)
    big = (PDF + b"0" * 4096, "scan.pdf")
    status, page = send(client, csrf, taught.student_ids[0], big)
    assert status == 422
    assert "Document : 2 Ko au plus (2048 octets)" in page
    assert justifications(app) == []
    assert not folder.exists() or list(folder.iterdir()) == []


def test_bad_days_are_refused_beside_their_field(
    app: Flask, client: FlaskClient, taught: Centre, folder: Path
) -> None:
    csrf = log_in(client, taught.director)
    status, page = send(client, csrf, taught.student_ids[0], first_day="2026-10-07")
    assert status == 422
    assert "Dernier jour : au plus tôt le premier jour." in page
    status, page = send(client, csrf, taught.student_ids[0], first_day="07/10")
    assert "Premier jour : une date (jj/mm/aaaa)." in page
    assert justifications(app) == []


def test_the_director_changes_the_status_then_deletes_it(
    app: Flask, client: FlaskClient, taught: Centre, folder: Path
) -> None:
    csrf = log_in(client, taught.director)
    send(client, csrf, taught.student_ids[1], (PDF, "a.pdf"), status="pending")
    (justification,) = justifications(app)
    edit = f"/justificatifs/{justification.id}/modifier"
    _, page = read_page(client, edit)
    assert "Justificatif de BERNARD Bruno" in page
    data = {
        "csrf_token": csrf,
        "first_day": "2026-10-05",
        "last_day": "2026-10-06",
        "reason": "Convocation",
        "status": "unjustified",
        "remove_document": "on",
    }
    assert client.post(edit, data=data).status_code == 302
    (changed,) = justifications(app)
    assert (changed.status, changed.reason) == (
        JustificationStatus.UNJUSTIFIED,
        "Convocation",
    )
    assert changed.document_key is None
    assert list(folder.iterdir()) == []
    listed = client.get("/justificatifs?statut=unjustified")
    assert "Convocation" in visible_text(listed)
    assert "Convocation" not in visible_text(
        client.get("/justificatifs?statut=pending")
    )
    gone = client.post(
        f"/justificatifs/{justification.id}/suppression", data={"csrf_token": csrf}
    )
    assert gone.status_code == 302
    assert justifications(app) == []
    _, journal = read_page(client, "/journal")
    for said in ("Saisie", "Modification", "Suppression"):
        assert f"{said} d'un justificatif d'absence" in journal


def test_out_of_reach_is_not_found_and_readers_only_read(
    app: Flask, client: FlaskClient, taught: Centre, folder: Path
) -> None:
    csrf = log_in(client, taught.director)
    send(client, csrf, taught.student_ids[0], (PDF, "a.pdf"))
    (justification,) = justifications(app)
    base = f"/justificatifs/{justification.id}"
    other = app.test_client()
    other_csrf = log_in(other, taught.other)  # teaches no half-day of the cohort
    assert other.get(f"{base}/modifier").status_code == 404
    assert other.get(f"{base}/document").status_code == 404
    assert (
        other.post(f"{base}/suppression", data={"csrf_token": other_csrf}).status_code
        == 404
    )
    assert "ARNAUD" not in visible_text(other.get("/justificatifs"))
    status, page = send(other, other_csrf, taught.student_ids[0])
    assert (status, "Apprenti·e : choisissez dans la liste." in page) == (422, True)
    bruno = app.test_client()
    bruno_csrf = log_in(bruno, taught.student_emails[1])
    assert bruno.get(f"{base}/document").status_code == 404
    alice = app.test_client()
    alice_csrf = log_in(alice, taught.student_emails[0])
    assert alice.get("/justificatifs").status_code == 403
    assert alice.get(f"{base}/modifier").status_code == 403
    assert (
        alice.post(f"{base}/suppression", data={"csrf_token": alice_csrf}).status_code
        == 403
    )
    assert bruno.post(NEW, data={"csrf_token": bruno_csrf}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Justification)) == 1
    assert csrf_from(client.get(f"{base}/modifier"))
