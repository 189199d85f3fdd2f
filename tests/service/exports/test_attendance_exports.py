"""The attendance exports from the roll call (R8): a cohort's monthly sign-in
sheet and a contract's proof of attendance for its funder."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl.worksheet.worksheet import Worksheet

from importers.attendance_proof import HALF_DAYS_TITLE, NOT_TAKEN, PROOF_TITLE
from service.extensions import db
from service.models import Cohort, Contract
from service.operations.exports.attendance import parse_month
from service.operations.exports.files import attendance_sheet_file, funder_proof_file
from service.problems import Problem
from tests.importers.export_checks import exact, find, load
from tests.service.exports.attendance_helpers import Scenario, build_scenario
from tests.service.world import World

D = Decimal
#: The day the proofs are made: a half-day after it is not attested.
TODAY = date(2026, 11, 20)
SETTINGS = {
    "CENTRE_NAME": "CFA Carnet",
    "CENTRE_SIGNATORY_NAME": "Sophie Lefèvre",
    "CENTRE_SIGNATORY_ROLE": "directrice du CFA",
    "CENTRE_PLACE": "Lyon",
}


@pytest.fixture
def scenario(app: Flask, world: World) -> Scenario:
    return build_scenario(app, world)


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


def test_the_cli_writes_a_sheet_and_a_proof(
    runner: FlaskCliRunner, scenario: Scenario, tmp_path: Path
) -> None:
    sheet = tmp_path / "emargement.xlsx"
    args = ["carnet", "export-emargement", str(scenario.cohort), "2026-10", str(sheet)]
    done = runner.invoke(args=args)
    assert done.exit_code == 0, done.output
    assert (
        "« Feuille d'émargement - NDRC 2025–2027 - 2026-10.xlsx » écrit" in done.output
    )
    assert load(sheet.read_bytes()).sheetnames == ["octobre 2026"]
    wrong = runner.invoke(args=[*args[:3], "10/2026", str(sheet)])
    assert wrong.exit_code == 1
    assert "mois : AAAA-MM attendu, pas « 10/2026 »" in wrong.output
    empty = runner.invoke(args=[*args[:3], "2026-12", str(sheet)])
    assert empty.exit_code == 1
    assert "Aucune demi-journée planifiée" in empty.output
    proof = tmp_path / "assiduite.xlsx"
    args = ["carnet", "export-assiduite", str(scenario.contract), str(proof)]
    done = runner.invoke(args=args)
    assert done.exit_code == 0, done.output
    assert load(proof.read_bytes()).sheetnames == [PROOF_TITLE, HALF_DAYS_TITLE]
    missing = runner.invoke(args=[*args[:2], "999999", str(proof)])
    assert "contrat 999999 introuvable" in missing.output


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("2026-10", date(2026, 10, 1)),
        (" 2026-12 ", date(2026, 12, 1)),
        ("2026-13", None),
        ("2026-00", None),
        ("0000-01", None),
        ("2026-1", None),
        ("octobre 2026", None),
        ("٢٠٢٦-١٠", None),
    ],
)
def test_a_month_is_read_as_written_in_a_month_field(
    text: str, month: date | None
) -> None:
    assert parse_month(text) == month
