"""Gradebook, procès-verbal and attestation through the API, read back."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service.operations.exports.attestation import NONE_HELD
from tests.importers.export_checks import exact, find, texts
from tests.service.api.conftest import World
from tests.service.exports.export_helpers import known_cohort, workbook
from tests.service.exports.jury_helpers import deliberate, post


def test_the_gradebook_keeps_marks_and_gives_the_engine_averages(
    app: Flask, client: FlaskClient, world: World
) -> None:
    known_cohort(app, world)
    url = f"/api/v1/cohorts/{world.cohort_a}/gradebook.xlsx"
    book = workbook(client.get(url, headers=world.headers(world.director)))
    titles = [sheet["A1"].value for sheet in book.worksheets]
    assert titles == [
        "Carnet de notes — Culture et expression française — S1",
        "Carnet de notes — Relation client et négociation vente — S2",
        "Carnet de notes — Relation client et négociation vente — S3",
    ]
    sheet = book.worksheets[0]
    row, _ = find(sheet, "Martin")
    values = [sheet.cell(row=row, column=c).value for c in range(4, 8)]
    assert [exact(v) for v in values] == [
        Decimal(12),
        Decimal(7),
        Decimal("16.87"),
        Decimal("14.22"),
    ]
    bruno, _ = find(sheet, "Petit")
    assert sheet.cell(row=bruno, column=5).value == "ABS"
    class_row, _ = find(sheet, "Moyenne de la classe")
    assert exact(sheet.cell(row=class_row, column=7).value) == Decimal("9.48")
    mine = workbook(client.get(url, headers=world.headers(world.trainer_a)))
    assert len(mine.sheetnames) == 3  # CEF and RCNV are trainer A's subjects
    assert client.get(url, headers=world.headers(world.trainer_b)).status_code == 404
    assert client.get(url, headers=world.headers(world.alice)).status_code == 403
    empty = f"/api/v1/cohorts/{world.cohort_b}/gradebook.xlsx"
    nothing = client.get(empty, headers=world.headers(world.trainer_b))
    assert nothing.status_code == 409  # no assessment yet: no sheet to write


def test_the_pv_shows_the_stored_results_in_french(
    app: Flask, client: FlaskClient, world: World
) -> None:
    jury = deliberate(app, client, world)
    director = world.headers(world.director)
    results = client.get(f"/api/v1/sessions/{jury.session}/results", headers=director)
    stored = {r["student_name"]: r for r in results.get_json()}
    book = workbook(
        client.get(f"/api/v1/sessions/{jury.session}/pv.xlsx", headers=director)
    )
    sheet = book["Procès-verbal"]
    for name, decision in (("Martin", "Admis(e)"), ("Petit", "Refusé(e)")):
        row, _ = find(sheet, name)
        cells = [sheet.cell(row=row, column=c).value for c in range(1, 20)]
        assert decision in cells
        (result,) = [r for full, r in stored.items() if name.upper() in full.upper()]
        output = result["explanation"]
        figures = [exact(v) for v in cells if isinstance(v, int | float)]
        # The stored engine output, in order: U1 … U6 grades, total, divisor, average.
        expected = [
            Decimal(str(output["units"][unit]["grade"]))
            for unit in ("U1", "U2", "U3", "U4", "U5", "U6")
        ] + [
            Decimal(str(output["total_points"])),
            Decimal(output["divisor"]),
            Decimal(result["average"]),
        ]
        assert [f for f in figures if f in expected] == expected
    refused = client.get(
        f"/api/v1/sessions/{jury.session}/pv.xlsx",
        headers=world.headers(world.trainer_a),
    )
    assert refused.status_code == 403


def empty(response: TestResponse) -> bool:
    """Tell whether an attestation says that no bloc is held."""
    sheet = workbook(response)["Attestation"]
    return NONE_HELD in texts(sheet.parent) and all(
        sheet.cell(row=r, column=c).value != "U4"
        for r in range(1, 40)
        for c in range(1, 12)
    )


def test_the_attestation_lists_the_blocs_once_published_r7(
    app: Flask, client: FlaskClient, world: World
) -> None:
    jury = deliberate(app, client, world)
    alice = world.student_ids["alice"]
    url = f"/api/v1/students/{alice}/attestation.xlsx"
    own = world.headers(world.alice)
    assert empty(client.get(url, headers=own))  # R7: nothing published yet
    assert post(client, world, f"/sessions/{jury.session}/publish").status_code == 200
    book = workbook(client.get(url, headers=own))
    sheet = book["Attestation"]
    row, column = find(sheet, "U4")
    assert sheet.cell(row=row, column=column - 1).value  # the bloc's title
    assert "session 2032" in [sheet.cell(row=row, column=c).value for c in range(1, 12)]
    assert workbook(client.get(url, headers=world.headers(world.director)))
    bruno = f"/api/v1/students/{world.student_ids['bruno']}/attestation.xlsx"
    assert client.get(bruno, headers=own).status_code == 404
    assert empty(client.get(bruno, headers=world.headers(world.director)))  # refused
    assert client.get(url, headers=world.headers(world.trainer_a)).status_code == 403
