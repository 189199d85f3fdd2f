"""The jury's documents as the jury reads them (issue 15): the PV shows ABS and the
session's president, the attestation names its signatory, place and RNCP blocs,
and the session's president is set through the API and the session page."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from openpyxl.worksheet.worksheet import Worksheet

from service.extensions import db
from service.models import ExamSession
from tests.importers.export_checks import find
from tests.service.api.conftest import World
from tests.service.api.session_helpers import add_situations, enter, register
from tests.service.exports.export_helpers import workbook
from tests.service.exports.jury_helpers import deliberate, post
from tests.service.web.trainer_world import build_centre, log_in, read_page

PRESIDENT = "Mme Hélène Roux"


def open_session(client: FlaskClient, world: World, **fields: object) -> int:
    """Open the 2027 session with ``fields``; return its id."""
    body = {"year": 2027, "jury_date": "2027-07-02"} | fields
    answer = client.post(
        "/api/v1/sessions", json=body, headers=world.headers(world.director)
    )
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["jury_president"] == fields.get("jury_president")
    session: int = answer.get_json()["id"]
    return session


def test_the_pv_shows_abs_for_an_absent_candidate_and_the_sessions_president(
    app: Flask, client: FlaskClient, world: World
) -> None:
    session = open_session(client, world, jury_president=PRESIDENT)
    alice = world.student_ids["alice"]
    registration = register(client, world, session, student_id=alice)
    registration_id = registration.get_json()["registration"]["id"]
    for unit, grade in (("U1", "14"), ("U2", "15")):
        assert (
            enter(client, world, registration_id, unit=unit, grade=grade).status_code
            == 201
        )
    assert (
        enter(client, world, registration_id, unit="U3", status="absent").status_code
        == 201
    )
    parts = {"written": "12", "practical": "12"}
    assert enter(client, world, registration_id, unit="U5", **parts).status_code == 201
    add_situations(app, alice, "U4", ["12", "12"])
    add_situations(app, alice, "U6", ["12", "12"])
    assert post(client, world, f"/sessions/{session}/compute").status_code == 200

    pv = workbook(
        client.get(
            f"/api/v1/sessions/{session}/pv.xlsx",
            headers=world.headers(world.director),
        )
    )["Procès-verbal"]

    row, _ = find(pv, "Martin")
    assert pv.cell(row=row, column=_column(pv, "U3")).value == "ABS"
    decision = pv.cell(row=row, column=_column(pv, "Décision"))
    assert decision.value == "Refusé(e) pour absence"
    assert decision.alignment.wrap_text
    assert pv["D3"].value == PRESIDENT
    find(pv, "Observations")


def _column(sheet: Worksheet, header: str) -> int:
    """The column of a PV header."""
    _, column = find(sheet, header)
    return column


def test_the_president_is_edited_while_the_session_is_open_and_never_blank(
    client: FlaskClient, world: World
) -> None:
    session = open_session(client, world)
    url = f"/api/v1/sessions/{session}"
    director = world.headers(world.director)
    edited = client.patch(url, json={"jury_president": PRESIDENT}, headers=director)
    assert edited.status_code == 200
    assert edited.get_json()["jury_president"] == PRESIDENT
    blank = client.patch(url, json={"jury_president": "  "}, headers=director)
    assert blank.status_code == 422
    assert list(blank.get_json()["errors"]) == ["jury_president"]
    cleared = client.patch(url, json={"jury_president": None}, headers=director)
    assert cleared.get_json()["jury_president"] is None


def test_the_session_form_takes_the_president_and_the_page_shows_it(
    app: Flask, client: FlaskClient
) -> None:
    token = log_in(client, build_centre(app).director)
    answer = client.post(
        "/sessions",
        data={
            "csrf_token": token,
            "year": "2028",
            "jury_date": "2028-07-04",
            "jury_president": PRESIDENT,
            "regulation_id": "bts-ndrc",
        },
    )
    assert answer.status_code == 302
    _, text = read_page(client, answer.headers["Location"])
    assert f"Président(e) du jury {PRESIDENT}" in " ".join(text.split())
    with app.app_context():
        (session,) = db.session.scalars(db.select(ExamSession)).all()
        assert session.jury_president == PRESIDENT
    too_long = client.post(
        "/sessions",
        data={
            "csrf_token": token,
            "year": "2029",
            "jury_president": "x" * 201,
            "regulation_id": "bts-ndrc",
        },
    )
    assert too_long.status_code == 422
    assert "Président(e) du jury : 200 caractères au plus." in too_long.text


def test_the_attestation_names_its_signatory_place_and_rncp_blocs(
    app: Flask, client: FlaskClient, world: World
) -> None:
    app.config |= {
        "CENTRE_SIGNATORY_NAME": "Sophie Lefèvre",
        "CENTRE_SIGNATORY_ROLE": "directrice du CFA",
        "CENTRE_PLACE": "Lyon",
    }
    jury = deliberate(app, client, world)
    assert post(client, world, f"/sessions/{jury.session}/publish").status_code == 200
    alice = world.student_ids["alice"]
    sheet = workbook(
        client.get(
            f"/api/v1/students/{alice}/attestation.xlsx",
            headers=world.headers(world.director),
        )
    )["Attestation"]
    find(sheet, "Je soussigné(e), Sophie Lefèvre, directrice du CFA, atteste que :")
    find(sheet, "a obtenu les blocs de compétences suivants (RNCP 38368) :")
    row, column = find(sheet, "Fait à")
    assert sheet.cell(row=row, column=column + 1).value == "Lyon"
    row, _ = find(sheet, "U4")
    assert [sheet.cell(row=row, column=c).value for c in (1, 2)] == [
        "Bloc 1",
        "Relation client et négociation-vente",
    ]
    row, _ = find(sheet, "U1")
    assert sheet.cell(row=row, column=1).value is None  # a general unit: no bloc
