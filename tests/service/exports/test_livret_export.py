"""The livret scolaire of a cohort through the API, read back cell by cell (R8)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import event

from importers.livret_appreciations import APPRECIATIONS_TITLE
from importers.livret_blocks import COMPLEMENTS_TITLE
from service.extensions import db
from service.models import Cohort
from service.operations.exports.livret import export_livret, livret_settings
from tests.importers.export_checks import exact, find
from tests.service.api.conftest import World
from tests.service.api.session_helpers import create_session, register
from tests.service.exports.export_helpers import known_cohort, workbook
from tests.service.factories import committed, make_student

#: Columns of a student's units table (importers.livret_sheet): a unit's first
#: line is the student's, the next the class's.
AVERAGES = (4, 5, 6, 10, 11, 12, 16)  # S1, S2, year 1, S3, S4, year 2, 2 years
MEAN = 16
SPREAD_YEAR_1 = (7, 8, 9)  # % of the class's year means < 8, 8–12, ≥ 12
RANK, APPRECIATION_1 = 17, 2


def numbers(sheet: Worksheet, row: int, columns: Iterable[int]) -> list[Decimal | None]:
    """Read numeric cells back as exact decimals (None when empty)."""
    cells = [sheet.cell(row=row, column=c).value for c in columns]
    return [None if value is None else exact(value) for value in cells]


def test_the_livret_shows_the_engine_figures_in_the_reglement_order(
    app: Flask, client: FlaskClient, world: World
) -> None:
    known_cohort(app, world)
    alice = world.student_ids["alice"]
    trainer = world.headers(world.trainer_a)
    appreciation = {"subject_id": world.subjects["RCNV"], "year_of_study": 1}
    client.put(
        f"/api/v1/students/{alice}/appreciations",
        json=appreciation | {"text": "Très investie."},
        headers=trainer,
    )
    session = create_session(client, world)["id"]
    register(client, world, session, student_id=alice)
    director = world.headers(world.director)
    avis = f"/api/v1/sessions/{session}/livret-avis/{alice}"
    written = client.put(
        avis,
        json={
            "avis": "Très favorable",
            "comment": "Sérieuse.",
            "engagement": "Motivée.",
        },
        headers=director,
    )
    assert written.get_json()["engagement"] == "Motivée."
    client.post(f"{avis}/examined", headers=director)

    book = workbook(
        client.get(f"/api/v1/cohorts/{world.cohort_a}/livret.xlsx", headers=trainer)
    )

    assert book.sheetnames == ["Synthèse", "01 MARTIN Alice", "02 PETIT Bruno"]
    sheet = book["01 MARTIN Alice"]
    order = [sheet.cell(row=r, column=1).value for r in range(8, 24, 2)]
    assert order == ["U1", "U2", "U3", "U4", "U5", "U6", "UF1", "EE"]
    assert sheet["D6"].value == "1re année (2025–2026)"
    assert sheet["J6"].value == "2e année (2026–2027)"
    u1, _ = find(sheet, "U1")
    # Policy livret_grades « published »: the draft Synthèse (16.87) counts nowhere;
    # Alice (12 + 2 × 14) / 3, Bruno (8 + 2 × 0) / 3 (ABS counts 0), class 8.
    assert numbers(sheet, u1, AVERAGES) == [
        Decimal("13.33"),
        None,
        Decimal("13.33"),
        None,
        None,
        None,
        Decimal("13.33"),
    ]
    assert numbers(sheet, u1 + 1, AVERAGES) == [
        Decimal(8),
        None,
        Decimal(8),
        None,
        None,
        None,
        Decimal(8),
    ]
    # Year 1 in U1: Bruno below 8, Alice at 12 or more: 50 % each.
    assert numbers(sheet, u1 + 1, SPREAD_YEAR_1) == [50, 0, 50]
    assert sheet.cell(row=u1, column=RANK).value == "1/2"
    u4, _ = find(sheet, "U4")
    assert numbers(sheet, u4, AVERAGES) == [
        None,
        Decimal(15),
        Decimal(15),
        Decimal(10),
        None,
        Decimal(10),
        Decimal("12.5"),
    ]
    # The class: S2 Alice alone (Bruno's ABJ left out), S3 (10 + 16) / 2.
    assert numbers(sheet, u4 + 1, AVERAGES) == [
        None,
        Decimal(15),
        Decimal(15),
        Decimal(13),
        None,
        Decimal(13),
        Decimal("14.25"),
    ]
    assert sheet.cell(row=u4, column=RANK).value == "2/2"
    block, _ = find(sheet, APPRECIATIONS_TITLE)
    u4_line = block + 2 + 3  # the title, the header, then U1 … U4
    assert sheet.cell(row=u4_line, column=1).value == "U4"
    assert sheet.cell(row=u4_line, column=APPRECIATION_1).value == "Très investie."
    chosen, column = find(sheet, "X")
    assert sheet.cell(row=chosen, column=column + 1).value == "Très favorable"
    general, column = find(sheet, "Appréciation générale")
    text = str(sheet.cell(row=general + 1, column=column).value)
    assert text.startswith("Sérieuse. Livret examiné par le président du jury le ")
    engagement, column = find(sheet, "Motivation et engagement")
    assert sheet.cell(row=engagement, column=column + 2).value == "Motivée."
    bruno_sheet = book["02 PETIT Bruno"]
    # His ABS and ABJ grades are no absences: the complements are left to fill.
    complements, _ = find(bruno_sheet, COMPLEMENTS_TITLE)
    assert bruno_sheet.cell(row=complements + 1, column=1).value == "Assiduité"
    assert bruno_sheet.cell(row=complements + 1, column=3).value is None
    u1_bruno, _ = find(bruno_sheet, "U1")
    assert numbers(bruno_sheet, u1_bruno, (MEAN,)) == [Decimal("2.67")]
    values = [
        cell.value
        for sheet in book.worksheets
        for line in sheet.iter_rows()
        for cell in line
    ]
    assert 16.87 not in values
    assert 10.93 not in values


def test_policy_all_counts_the_drafts_too(
    app: Flask, client: FlaskClient, world: World
) -> None:
    app.config["LIVRET_GRADES"] = "all"
    known_cohort(app, world)
    book = workbook(
        client.get(
            f"/api/v1/cohorts/{world.cohort_a}/livret.xlsx",
            headers=world.headers(world.director),
        )
    )
    sheet = book["01 MARTIN Alice"]
    u1, _ = find(sheet, "U1")
    # (12 + 2 × 14 + 16.87) / 4 and the class mean with Bruno's 4.7325.
    assert numbers(sheet, u1, (MEAN,)) + numbers(sheet, u1 + 1, (MEAN,)) == [
        Decimal("14.22"),
        Decimal("9.48"),
    ]


def test_an_unknown_livret_grades_policy_is_refused_in_french() -> None:
    config = {"LIVRET_AVIS_CHOICES": ("Favorable",), "LIVRET_GRADES": "brouillons"}
    with pytest.raises(ValueError, match="LIVRET_GRADES : « published » ou « all »"):
        livret_settings(config)


def test_the_livret_is_for_the_cohort_trainers_and_the_director(
    app: Flask, client: FlaskClient, world: World
) -> None:
    url = f"/api/v1/cohorts/{world.cohort_a}/livret.xlsx"
    missing = client.get(
        "/api/v1/cohorts/999999/livret.xlsx", headers=world.headers(world.trainer_b)
    )
    other = client.get(url, headers=world.headers(world.trainer_b))
    assert other.status_code == 404
    assert other.get_json() == missing.get_json()
    assert client.get(url, headers=world.headers(world.alice)).status_code == 403
    assert (
        workbook(client.get(url, headers=world.headers(world.director))).sheetnames[0]
        == "Synthèse"
    )
    unknown = client.get(
        f"{url}?session_id=999999", headers=world.headers(world.director)
    )
    assert unknown.status_code == 404


def statements_for_livret(app: Flask, world: World) -> int:
    """Count the SQL statements of cohort A's livret export."""
    seen: list[str] = []

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_a)
        assert cohort is not None
        engine = db.engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            export_livret(cohort, None, livret_settings(app.config))
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_the_livret_loads_a_few_queries_whatever_the_class_size(
    app: Flask, world: World
) -> None:
    known_cohort(app, world)
    small = statements_for_livret(app, world)
    with committed(app):
        for number in range(5):
            make_student(
                world.cohort_a,
                student_number=f"X{number}",
                last_name=f"Nouveau{number}",
                first_name="Élève",
            )
    # Students, formative rows, subjects, appreciations, avis (6); periods,
    # contracts, sessions (3); attendance figures of each year (2 × 5).
    assert statements_for_livret(app, world) == small <= 19
