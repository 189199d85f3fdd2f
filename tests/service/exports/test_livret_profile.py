"""The livret's profile (R8) is the engine's, on exact means, with its edge cases.

Cohort A's known figures (export_helpers) with policy ``livret_grades`` ``all``
(the unpublished Synthèse counts): U1 Alice 14.2175, Bruno 4.7325, class
9.475. Added here: CEJM (U3), Alice 12 and Bruno dispensed (DISP); LV1 (U2),
both at 0, so the class mean is 0.
"""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from openpyxl.worksheet.worksheet import Worksheet

from service.models import GradeStatus
from tests.importers.export_checks import exact, find
from tests.service.api.conftest import World
from tests.service.api.progress_helpers import formative
from tests.service.exports.export_helpers import known_cohort, workbook
from tests.service.factories import Entry, committed


def profiles(sheet: Worksheet) -> dict[str, Decimal | None]:
    """Read the profile table of a student's sheet: unit → value (None if empty)."""
    header, column = find(sheet, "Profil de l'étudiant")
    values = {}
    for row in range(header + 1, header + 9):
        value = sheet.cell(row=row, column=column).value
        values[str(sheet.cell(row=row, column=column - 1).value)] = (
            None if value is None else exact(value)
        )
    return values


def test_the_profile_is_exact_and_agrees_with_the_engine_on_its_edge_cases(
    app: Flask, client: FlaskClient, world: World
) -> None:
    app.config["LIVRET_GRADES"] = "all"
    known_cohort(app, world)
    alice, bruno = world.student_ids["alice"], world.student_ids["bruno"]
    with committed(app):
        cejm: dict[int, Entry] = {alice: Decimal(12), bruno: GradeStatus.DISP}
        formative(world, "CEJM", "S1", "Contrat de vente", cejm)
        formative(world, "LV1", "S1", "Oral", {alice: Decimal(0), bruno: Decimal(0)})

    book = workbook(
        client.get(
            f"/api/v1/cohorts/{world.cohort_a}/livret.xlsx",
            headers=world.headers(world.director),
        )
    )
    alice_profile = profiles(book["01 MARTIN Alice"])
    bruno_profile = profiles(book["02 PETIT Bruno"])

    # U1 on exact means: 14.2175 / 9.475 × 10 = 15.005…; rounded means (14.22 and
    # 9.48) would give 15.00.
    assert alice_profile["U1"] == Decimal("15.01")
    assert bruno_profile["U1"] == Decimal("4.99")
    # U2, class mean 0: it counts as 10, so the profile is the student's mean.
    assert alice_profile["U2"] == bruno_profile["U2"] == 0
    # U3: Bruno is dispensed, so no profile; Alice alone makes the class mean.
    assert bruno_profile["U3"] is None
    assert alice_profile["U3"] == 10
    # UF1: nobody has a grade.
    assert alice_profile["UF1"] is None
