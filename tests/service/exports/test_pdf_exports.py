"""The livret, the PV and the attestation as PDF (issue 15), read back with pdftotext.

They render the records the xlsx are made from: the same figures, no draft grade,
ABS as a code, the signatory; A4 pages, body text at 8 points or more.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.demo import load_demo
from service.extensions import db
from service.models import AuditEvent, Cohort, Role
from service.operations.exports import pdf
from service.operations.exports.files import livret_pdf_file
from tests.importers.export_checks import pdf_words
from tests.service.api.conftest import World
from tests.service.api.session_helpers import add_situations, enter, register
from tests.service.exports.export_helpers import first_apprentice, known_cohort
from tests.service.exports.jury_helpers import deliberate, post
from tests.service.factories import committed, make_user
from tests.service.web.trainer_world import build_centre, log_in, visible_text

PRESIDENT = "Mme Hélène Roux"
#: The livret's parts every apprentice's page ends with (R8).
PARTS = (
    "Éléments complémentaires",
    "Périodes en entreprise",
    "Résultats de la section",
    "Visa du président du jury",
    "examiné lors de la délibération du jury",
)
#: pdfinfo's words for a landscape A4 page.
A4_LANDSCAPE = "841.89 x 595.276 pts (A4)"


def pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    """Each page's words in content order (-raw), spaces normalised."""
    assert data.startswith(b"%PDF")
    command = shutil.which("pdftotext")
    assert command, "poppler-utils (pdftotext) is required: scripts/system-packages"
    path = tmp_path / "export.pdf"
    path.write_bytes(data)
    run = subprocess.run(
        [command, "-raw", str(path), "-"], capture_output=True, text=True, check=True
    )
    *pages, _ = run.stdout.split("\f")
    return [" ".join(page.split()) for page in pages]


def pdf_text(data: bytes, tmp_path: Path) -> tuple[str, int]:
    """A PDF's words on one line and its page count."""
    pages = pdf_pages(data, tmp_path)
    return " ".join(pages), len(pages)


def body_points(data: bytes, tmp_path: Path) -> float:
    """The smallest text size of a PDF (points), from pdftotext -bbox word boxes.

    A box's height is the font size times a factor of the font: a 9-point
    calibration word rendered the same way gives that factor.
    """
    module = importlib.import_module("weasyprint")
    reference = tmp_path / "calibration.pdf"
    html = '<p style="font: 9pt Carlito, sans-serif">Calibrage</p>'
    reference.write_bytes(module.HTML(string=html).write_pdf())
    (_, nine), *_ = pdf_words(reference)
    path = tmp_path / "measured.pdf"
    path.write_bytes(data)
    smallest = min(height for _, height in pdf_words(path))
    return smallest * 9 / nine  # the footer's 8 points come out 7.9995


def test_the_livret_pdf_shows_the_livret_figures_and_never_a_draft(
    app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    known_cohort(app, world)
    alice = world.student_ids["alice"]
    session = post(client, world, "/sessions", year=2027, jury_date="2027-07-02")
    session_id = session.get_json()["id"]
    register(client, world, session_id, student_id=alice)
    director = world.headers(world.director)
    client.put(
        f"/api/v1/sessions/{session_id}/livret-avis/{alice}",
        json={"avis": "Très favorable", "comment": "Sérieuse et investie."},
        headers=director,
    )

    with app.app_context():
        made = livret_pdf_file(db.session.get_one(Cohort, world.cohort_a), app.config)
    text, pages = pdf_text(made.data, tmp_path)

    assert made.name.endswith(".pdf")
    assert pages == 3  # the summary, then one page per apprentice
    assert "Livret scolaire — BTS Négociation et Digitalisation" in text
    assert "MARTIN Alice" in text
    assert "PETIT Bruno" in text
    assert "U4 coef. 5 E4 Relation client et négociation-vente" in text
    assert "UF1 facultative EF1 Communication en langue" in text
    # Policy livret_grades « published »: U1 (12 + 2 × 14) / 3 = 13,33 and the
    # class 8; the draft Synthèse (16,87) would make it 14,22 (class 9,48).
    assert "13,33" in text
    assert "14,22" not in text
    assert "9,48" not in text
    assert "16,87" not in text
    assert "Très favorable" in text
    assert "Sérieuse et investie." in text
    assert "Visa du président du jury" in text
    assert round(body_points(made.data, tmp_path), 2) >= 8


def test_a_demo_apprentice_has_her_page_on_a4_with_her_identity_and_units(
    app: Flask, tmp_path: Path
) -> None:
    with app.app_context():
        load_demo(students_per_cohort=4)
        db.session.commit()
        cohort, first = first_apprentice()
        made = livret_pdf_file(cohort, app.config)
        identity = (f"{first.last_name.upper()} {first.first_name}", first.ine)
        size = len(cohort.students)
    pages = pdf_pages(made.data, tmp_path)
    text = " ".join(pages)

    assert len(pages) == 1 + size
    for page in pages[1:]:  # each apprentice's model whole on her page, no overflow
        for part in PARTS:
            assert page.count(part) == 1, (part, page[:80])
    for value in identity:
        assert value
        assert value in text
    for unit in ("U1 coef. 3 E1 Culture générale", "U5 coef. 4 E5 Relation client"):
        assert unit in text
    path = tmp_path / "demo.pdf"
    path.write_bytes(made.data)
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert A4_LANDSCAPE in info
    assert round(body_points(made.data, tmp_path), 2) >= 8


def test_the_pv_pdf_shows_abs_the_full_decision_and_the_president(
    app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    opened = post(
        client,
        world,
        "/sessions",
        year=2027,
        jury_date="2027-07-02",
        jury_president=PRESIDENT,
    )
    session = opened.get_json()["id"]
    alice = world.student_ids["alice"]
    registration = register(client, world, session, student_id=alice)
    registration_id = registration.get_json()["registration"]["id"]
    for unit, grade in (("U1", "14"), ("U2", "15")):
        enter(client, world, registration_id, unit=unit, grade=grade)
    enter(client, world, registration_id, unit="U3", status="absent")
    enter(client, world, registration_id, unit="U5", written="12", practical="12")
    add_situations(app, alice, "U4", ["12", "12"])
    add_situations(app, alice, "U6", ["12", "12"])
    assert post(client, world, f"/sessions/{session}/compute").status_code == 200

    response = web_director(app).get(f"/exports/sessions/{session}/pv.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text, _ = pdf_text(response.get_data(), tmp_path)
    assert "Procès-verbal de délibération" in text
    assert "15 ABS" in text  # U2 15, then U3 absent: a code, never 0,00
    assert "Refusé(e) pour absence" in text
    assert PRESIDENT in text
    assert "02/07/2027" in text
    assert "Observations" in text
    assert round(body_points(response.get_data(), tmp_path), 2) >= 8


def web_director(app: Flask) -> FlaskClient:
    """A director logged in through the form (the world's sign in with tokens)."""
    with committed(app):
        email = make_user(Role.DIRECTOR, email="direction.pdf@cfa.test").email
    client = app.test_client()
    log_in(client, email)
    return client


def test_the_attestation_pdf_names_the_signatory_and_the_rncp_blocs(
    app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    app.config |= {
        "CENTRE_SIGNATORY_NAME": "Sophie Lefèvre",
        "CENTRE_SIGNATORY_ROLE": "directrice du CFA",
        "CENTRE_PLACE": "Lyon",
    }
    jury = deliberate(app, client, world)
    assert post(client, world, f"/sessions/{jury.session}/publish").status_code == 200
    director = web_director(app)
    alice = world.student_ids["alice"]

    chosen = director.get(f"/exports/attestation?apprenti={alice}&format=pdf")
    assert chosen.headers["Location"].endswith(f"/apprentis/{alice}/attestation.pdf")
    response = director.get(chosen.headers["Location"])

    assert response.status_code == 200
    text, pages = pdf_text(response.get_data(), tmp_path)
    assert pages == 1
    assert "Je soussigné(e), Sophie Lefèvre, directrice du CFA, atteste que" in text
    assert "(RNCP 38368)" in text
    assert "Bloc 1 Relation client et négociation-vente U4" in text
    assert "Fait à Lyon" in text
    assert round(body_points(response.get_data(), tmp_path), 2) >= 8
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "export.attestation_pdf" in actions


@pytest.fixture
def without_weasyprint(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """WeasyPrint cannot be imported (as on a server without it or Pango)."""
    pdf._weasyprint.cache_clear()
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    yield
    pdf._weasyprint.cache_clear()


@pytest.mark.usefixtures("without_weasyprint")
def test_without_weasyprint_the_pdf_answers_503_in_french_and_the_rest_works(
    app: Flask,
) -> None:
    centre = build_centre(app)
    director = app.test_client()
    log_in(director, centre.director)
    student = centre.student_ids[0]

    page = director.get("/exports")
    response = director.get(f"/exports/apprentis/{student}/attestation.pdf")
    excel = director.get(f"/exports/classes/{centre.cohort_id}/livret.xlsx")

    assert page.status_code == 200
    assert response.status_code == 503
    assert "WeasyPrint" in visible_text(response)
    assert "libpango-1.0-0" in visible_text(response)
    assert excel.status_code == 200
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["export.livret"]


def test_the_attestation_pdf_downloads_and_is_recorded_for_the_director_only(
    app: Flask,
) -> None:
    centre = build_centre(app)
    director = app.test_client()
    log_in(director, centre.director)
    url = f"/exports/apprentis/{centre.student_ids[0]}/attestation.pdf"

    response = director.get(url)

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert "Attestation de blocs" in disposition
    assert ".pdf" in disposition
    page = visible_text(director.get("/exports"))
    assert "Attestation de blocs (PDF)" in page[page.index("Derniers exports") :]
    trainer = app.test_client()
    log_in(trainer, centre.trainer)
    assert trainer.get(url).status_code == 403
