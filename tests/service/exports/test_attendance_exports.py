"""The attendance exports from the roll call (R8): a cohort's monthly sign-in
sheet and a contract's proof of attendance for its funder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from flask import Flask
from openpyxl.worksheet.worksheet import Worksheet

from importers.attendance_proof import HALF_DAYS_TITLE, NOT_TAKEN, PROOF_TITLE
from service.extensions import db
from service.models import (
    AttendanceMark,
    Cohort,
    Contract,
    ContractType,
    HalfDay,
    HalfDaySlot,
    Justification,
    JustificationStatus,
    Presence,
)
from service.operations.exports.files import attendance_sheet_file, funder_proof_file
from service.problems import Problem
from tests.importers.export_checks import exact, find
from tests.service.factories import committed, make_half_day
from tests.service.world import World

D = Decimal
MORNING, AFTERNOON = HalfDaySlot.MORNING, HalfDaySlot.AFTERNOON
#: The day the proofs are made: a half-day after it is not attested.
TODAY = date(2026, 11, 20)
SETTINGS = {
    "CENTRE_NAME": "CFA Carnet",
    "CENTRE_SIGNATORY_NAME": "Sophie Lefèvre",
    "CENTRE_SIGNATORY_ROLE": "directrice du CFA",
    "CENTRE_PLACE": "Lyon",
}


@dataclass(frozen=True)
class Scenario:
    contract: int
    cohort: int


def mark(row: HalfDay, student_id: int, presence: Presence, **minutes: int) -> None:
    """A roll-call mark (the exports only read marks)."""
    db.session.add(
        AttendanceMark(
            half_day_id=row.id, student_id=student_id, presence=presence, **minutes
        )
    )


@pytest.fixture
def scenario(app: Flask, world: World) -> Scenario:
    """Alice's contract from 5 October 2026; cohort A's half-days:

    - 1 Oct (before the contract), present;
    - 5 Oct morning, RCNV 120 + CEJM 90: 15 min late → 3.25 h of 3.5;
    - 5 Oct afternoon, CEF 210: absent, justified;
    - 6 Oct morning, RCNV 210: absent, no justification → unjustified;
    - 2 Nov morning, RCNV 210: left 30 min early → 3 h;
    - 3 Nov afternoon, CEF 210: roll call not taken;
    - 23 Nov (after the day of the proof).
    """
    alice, bruno = world.student_ids["alice"], world.student_ids["bruno"]
    cohort = world.cohort_a
    with committed(app):
        before = make_half_day(cohort, world.trainer_a, day=date(2026, 10, 1))
        late = make_half_day(
            cohort,
            world.trainer_a,
            day=date(2026, 10, 5),
            lessons=(("RCNV", 120), ("CEJM", 90)),
        )
        justified = make_half_day(
            cohort,
            world.trainer_a,
            day=date(2026, 10, 5),
            slot=AFTERNOON,
            lessons=(("CEF", 210),),
        )
        unjustified = make_half_day(cohort, world.trainer_a, day=date(2026, 10, 6))
        early = make_half_day(cohort, world.trainer_a, day=date(2026, 11, 2))
        make_half_day(
            cohort, None, day=date(2026, 11, 3), slot=AFTERNOON, lessons=(("CEF", 210),)
        )
        make_half_day(cohort, world.trainer_a, day=date(2026, 11, 23))
        mark(before, alice, Presence.PRESENT)
        mark(late, alice, Presence.PRESENT, late_minutes=15)
        mark(late, bruno, Presence.ABSENT)
        mark(justified, alice, Presence.ABSENT)
        mark(unjustified, alice, Presence.ABSENT)
        mark(early, alice, Presence.PRESENT, early_minutes=30)
        db.session.add(
            Justification(
                student_id=alice,
                first_day=date(2026, 10, 5),
                last_day=date(2026, 10, 5),
                reason="Rendez-vous médical",
                status=JustificationStatus.JUSTIFIED,
            )
        )
        contract = Contract(
            student_id=alice,
            kind=ContractType.APPRENTISSAGE,
            starts_on=date(2026, 10, 5),
            ends_on=date(2028, 8, 31),
            employer="Boulangeries Rhône SA",
            tutor_name="Anne Roux",
            funder="OPCO EP",
        )
        db.session.add(contract)
        db.session.flush()
        return Scenario(contract.id, cohort)


def proof(app: Flask, scenario: Scenario) -> openpyxl.Workbook:
    with app.app_context():
        contract = db.session.get(Contract, scenario.contract)
        assert contract is not None
        made = funder_proof_file(contract, app.config | SETTINGS, TODAY)
    assert made.name == "Attestation d'assiduité - MARTIN Alice.xlsx"
    return openpyxl.load_workbook(BytesIO(made.data))


def hours_of(sheet: Worksheet, label: str) -> list[Decimal]:
    row, _ = find(sheet, label)
    return [exact(sheet.cell(row, column).value) for column in range(2, 9)]


def test_the_proof_counts_the_hours_of_the_contract_by_month(
    app: Flask, scenario: Scenario
) -> None:
    sheet = proof(app, scenario)[PROOF_TITLE]
    assert "du 05/10/2026 au 20/11/2026" in sheet["A4"].value
    assert (sheet["B8"].value, sheet["F8"].value) == (
        "Contrat d'apprentissage",
        "OPCO EP",
    )
    # planned, present, justified, unjustified, pending, late/early, not taken
    assert hours_of(sheet, "octobre 2026") == [
        D("10.5"),
        D("3.25"),
        D("3.5"),
        D("3.5"),
        0,
        D("0.25"),
        0,
    ]
    assert hours_of(sheet, "novembre 2026") == [D(7), D(3), 0, 0, 0, D("0.5"), D("3.5")]
    assert hours_of(sheet, "Total") == [
        D("17.5"),
        D("6.25"),
        D("3.5"),
        D("3.5"),
        0,
        D("0.75"),
        D("3.5"),
    ]
    signature = find(sheet, "Fait à")
    assert sheet.cell(signature[0], 2).value == "Lyon"
    assert sheet["A3"].value.startswith("Je soussigné(e), Sophie Lefèvre")


def test_the_proof_lists_each_half_day_with_its_mark(
    app: Flask, scenario: Scenario
) -> None:
    sheet = proof(app, scenario)[HALF_DAYS_TITLE]
    rows = [
        [sheet.cell(row, column).value for column in (3, 4, 5, 6, 7, 8)]
        for row in range(4, 9)
    ]
    assert rows == [
        ["matin", "RCNV, CEJM", 3.5, 3.25, "R 15", None],
        ["après-midi", "CEF", 3.5, 0, "ABS", "justifiée"],
        ["matin", "RCNV", 3.5, 0, "ABS", "non justifiée"],
        ["matin", "RCNV", 3.5, 3, "D 30", None],
        ["après-midi", "CEF", 3.5, 0, NOT_TAKEN, None],
    ]
    assert sheet["A9"].value == "Total"
    assert [exact(sheet["E9"].value), exact(sheet["F9"].value)] == [
        D("17.5"),
        D("6.25"),
    ]


def test_a_contract_without_half_days_yet_has_nothing_to_attest(
    app: Flask, scenario: Scenario
) -> None:
    with app.app_context():
        contract = db.session.get(Contract, scenario.contract)
        assert contract is not None
        with pytest.raises(Problem) as refused:
            funder_proof_file(contract, app.config, date(2026, 10, 4))
    assert refused.value.code == 409
    assert "rien à attester" in str(refused.value.description)


def test_the_sign_in_sheet_gives_each_apprentice_s_mark_per_half_day(
    app: Flask, scenario: Scenario
) -> None:
    with app.app_context():
        cohort = db.session.get(Cohort, scenario.cohort)
        assert cohort is not None
        made = attendance_sheet_file(cohort, date(2026, 10, 17), app.config | SETTINGS)
    assert made.name == "Feuille d'émargement - NDRC 2025–2027 - 2026-10.xlsx"
    book = openpyxl.load_workbook(BytesIO(made.data))
    assert book.sheetnames == ["octobre 2026"]
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Feuille d'émargement — NDRC 2025–2027 — octobre 2026"
    assert [sheet.cell(4, c).value for c in range(2, 6)] == [
        "jeu. 01/10",
        "lun. 05/10",
        "lun. 05/10",
        "mar. 06/10",
    ]
    assert [sheet.cell(5, c).value for c in range(2, 6)] == [
        "matin",
        "matin",
        "après-midi",
        "matin",
    ]
    assert sheet["B6"].value == "8\u00a0h\u00a030 – 12\u00a0h"
    assert sheet["C7"].value == "Formateur A"
    assert [sheet.cell(8, c).value for c in range(1, 6)] == [
        "MARTIN Alice",
        "P",
        "R 15",
        "ABS",
        "ABS",
    ]
    assert [sheet.cell(9, c).value for c in range(1, 6)] == [
        "PETIT Bruno",
        None,
        "ABS",
        None,
        None,
    ]


def test_a_month_without_half_days_has_no_sheet(app: Flask, scenario: Scenario) -> None:
    with app.app_context():
        cohort = db.session.get(Cohort, scenario.cohort)
        assert cohort is not None
        with pytest.raises(Problem) as refused:
            attendance_sheet_file(cohort, date(2026, 12, 1), app.config)
    assert refused.value.code == 409
    assert str(refused.value.description) == (
        "Aucune demi-journée planifiée pour NDRC 2025–2027 en décembre 2026 : "
        "pas de feuille à émarger."
    )
