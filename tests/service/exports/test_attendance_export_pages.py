"""The attendance exports on the director's exports page (R8): a month's
sign-in sheet and a contract's proof, recorded in the audit trail; refusals in
French. The director exports both; a trainer prints the sheet of their half-days."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from importers.attendance_proof import PROOF_TITLE
from service.extensions import db
from service.models import AuditEvent, HalfDay
from tests.service.api.route_walk import login_web
from tests.service.exports.attendance_helpers import Scenario, build_scenario
from tests.service.exports.export_helpers import workbook
from tests.service.web.trainer_world import read_page, visible_text
from tests.service.world import World


@pytest.fixture
def scenario(app: Flask, world: World) -> Scenario:
    return build_scenario(app, world)


def director_client(app: Flask, world: World) -> FlaskClient:
    client = app.test_client()
    login_web(client, app, world.director)
    return client


def test_the_director_downloads_a_month_s_sheet_from_the_exports_page(
    app: Flask, world: World, scenario: Scenario
) -> None:
    client = director_client(app, world)
    _, text = read_page(client, "/exports")
    assert "Feuille d'émargement" in text
    assert "MARTIN Alice — Boulangeries Rhône SA (05/10/2026 – 31/08/2028)" in text
    url = f"/exports/emargement.xlsx?classe={scenario.cohort}&mois=2026-10"
    sheet = workbook(client.get(url)).worksheets[0]
    assert sheet["A8"].value == "MARTIN Alice"
    with app.app_context():
        (event,) = db.session.scalars(select(AuditEvent)).all()
        assert event.action == "export.attendance_sheet"
        assert event.detail == {
            "file": "Feuille d'émargement - NDRC 2025–2027 - 2026-10.xlsx"
        }
    _, text = read_page(client, "/exports")
    assert "Feuille d'émargement - NDRC 2025–2027 - 2026-10.xlsx" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("mois=2026-10", "Classe : choisissez une classe."),
        ("classe={cohort}&mois=octobre", "Mois : choisissez un mois (AAAA-MM)."),
        ("classe={cohort}&mois=2026-13", "Mois : choisissez un mois (AAAA-MM)."),
        (
            "classe={cohort}&mois=2026-12",
            "Aucune demi-journée planifiée pour NDRC 2025–2027 en décembre 2026",
        ),
    ],
)
def test_a_sheet_not_made_comes_back_with_its_french_reason(
    app: Flask, world: World, scenario: Scenario, query: str, message: str
) -> None:
    client = director_client(app, world)
    url = "/exports/emargement.xlsx?" + query.format(cohort=scenario.cohort)
    answer = client.get(url, follow_redirects=True)
    assert answer.status_code == 200
    assert message in visible_text(answer)
    with app.app_context():
        assert db.session.scalars(select(AuditEvent)).all() == []


def test_the_director_downloads_a_contract_s_proof(
    app: Flask, world: World, scenario: Scenario
) -> None:
    client = director_client(app, world)
    response = client.get(f"/exports/assiduite.xlsx?contrat={scenario.contract}")
    sheet = workbook(response)[PROOF_TITLE]
    assert sheet["B6"].value == "Martin"
    with app.app_context():
        (event,) = db.session.scalars(select(AuditEvent)).all()
        assert (event.action, event.target_kind, event.target_id) == (
            "export.funder_proof",
            "contract",
            scenario.contract,
        )
    unchosen = client.get("/exports/assiduite.xlsx?contrat=", follow_redirects=True)
    assert "Contrat : choisissez le contrat d'un·e apprenti·e." in visible_text(
        unchosen
    )
    missing = client.get(f"/exports/assiduite.xlsx?contrat={scenario.contract + 99}")
    assert missing.status_code == 404


def test_a_trainer_prints_the_sheet_of_their_half_days_from_the_roll_call(
    app: Flask, world: World, scenario: Scenario
) -> None:
    client = app.test_client()
    login_web(client, app, world.trainer_a)
    with app.app_context():
        half_day = db.session.scalar(
            select(HalfDay.id).where(HalfDay.day == date(2026, 11, 2))
        )
    page, _ = read_page(client, f"/demi-journees/{half_day}/appel")
    url = f"/exports/emargement.xlsx?classe={scenario.cohort}&mois=2026-11"
    assert f'href="{url.replace("&", "&amp;")}"' in page.text
    sheet = workbook(client.get(url)).worksheets[0]
    # Trainer A's half-days only: not the 3 November one, which has no trainer.
    assert [sheet.cell(4, c).value for c in (2, 3)] == ["lun. 02/11", "lun. 23/11"]
    assert sheet["D4"].value == "Signature de l'apprenti·e"
    director = director_client(app, world)
    whole = workbook(director.get(url)).worksheets[0]
    assert whole["C4"].value == "mar. 03/11"
    empty = client.get(url.replace("2026-11", "2026-12"), follow_redirects=True)
    assert empty.request.path == "/emargement"  # back to the trainer's roll calls
    assert "Aucune demi-journée planifiée" in visible_text(empty)


def test_who_may_export_attendance(
    app: Flask, world: World, scenario: Scenario
) -> None:
    sheet = f"/exports/emargement.xlsx?classe={scenario.cohort}&mois=2026-10"
    proof = f"/exports/assiduite.xlsx?contrat={scenario.contract}"
    expected = {
        world.trainer_a: {sheet: 200, proof: 403},
        world.trainer_b: {sheet: 404, proof: 403},  # cohort A is not theirs
        world.alice: {sheet: 403, proof: 403},
        world.tutor: {sheet: 403, proof: 403},
    }
    for user, answers in expected.items():
        client = app.test_client()
        login_web(client, app, user)
        for url, status in answers.items():
            assert client.get(url).status_code == status, (user, url)
