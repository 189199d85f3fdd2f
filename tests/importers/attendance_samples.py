"""Small, fixed records for the attendance export tests (and the pictures of
docs/excel.md): a week's or a month's sign-in sheet, a contract's proof."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from importers.attendance_records import (
    ContractFacts,
    FunderProof,
    HoursFigures,
    ProofHalfDay,
    ProofMonth,
    RollMark,
    SheetHalfDay,
    SignInLine,
    SignInSheet,
)
from importers.report_records import Identity, Signatory
from tests.importers import report_samples as samples

D = Decimal
MORNING, AFTERNOON = "8 h 30 – 12 h", "13 h 30 – 17 h"
MARKS = (
    RollMark(present=True),
    RollMark(present=False),
    RollMark(present=True, late_minutes=15),
    RollMark(present=True, early_minutes=30),
    RollMark(present=True, late_minutes=10, early_minutes=20),
    None,
)


def half_days(days: list[date]) -> tuple[SheetHalfDay, ...]:
    """Morning and afternoon of each day, the afternoon with two trainers."""
    return tuple(
        SheetHalfDay(day, afternoon, AFTERNOON if afternoon else MORNING, trainers)
        for day in days
        for afternoon, trainers in (
            (False, ("Julien Moreau",)),
            (True, ("Nadia Benali", "Thomas Garnier")),
        )
    )


def sign_in_sheet(days: list[date], apprentices: int = 3) -> SignInSheet:
    columns = half_days(days)
    people = [samples.LEA, samples.HOSTILE, samples.NOAH]
    people += [Identity(f"Nom{i:02d}", "Prénom") for i in range(apprentices - 3)]
    lines = tuple(
        SignInLine(
            person, tuple(MARKS[(i + j) % len(MARKS)] for j in range(len(columns)))
        )
        for i, person in enumerate(people[:apprentices])
    )
    return SignInSheet("CFA Carnet", "NDRC 2026–2028", days[0], columns, lines)


#: Three school days in one week of November 2026 (a Monday to a Wednesday).
WEEK = [date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4)]
#: Monday to Friday: ten half-days.
FULL_WEEK = [date(2026, 11, 2) + timedelta(days=n) for n in range(5)]
#: Three school weeks of three days: too wide for one A4 page.
MONTH = [day + timedelta(weeks=w) for w in range(3) for day in WEEK]


def hours(*values: str) -> HoursFigures:
    return HoursFigures(*(D(value) for value in values))


def funder_proof() -> FunderProof:
    contract = ContractFacts(
        kind="Contrat d'apprentissage",
        starts_on=date(2026, 9, 1),
        ends_on=date(2028, 8, 31),
        employer="Boulangeries Rhône SA",
        tutor="Mme Anne Roux",
        funder="OPCO EP",
    )
    listed = (
        ProofHalfDay(
            date(2026, 10, 5),
            False,
            ("RCNV",),
            D("3.5"),
            D("3.25"),
            RollMark(True, late_minutes=15),
        ),
        ProofHalfDay(
            date(2026, 10, 5),
            True,
            ("CEJM", "LV1"),
            D("3.5"),
            D(0),
            RollMark(False),
            "justifiée",
        ),
        ProofHalfDay(date(2026, 11, 2), False, ("RCDD",), D("3.5"), D(0), None),
    )
    return FunderProof(
        centre="CFA Carnet",
        training="BTS NDRC — NDRC 2026–2028",
        apprentice=samples.LEA,
        contract=contract,
        first_day=date(2026, 9, 1),
        last_day=date(2026, 11, 20),
        months=(
            ProofMonth(
                date(2026, 10, 1), hours("7", "3.25", "3.5", "0", "0", "0.25", "0")
            ),
            ProofMonth(date(2026, 11, 1), hours("3.5", "0", "0", "0", "0", "0", "3.5")),
        ),
        total=hours("10.5", "3.25", "3.5", "0", "0", "0.25", "3.5"),
        half_days=listed,
        issued_on=date(2026, 11, 20),
        signatory=Signatory("Sophie Lefèvre", "directrice du CFA", "Lyon"),
    )


def long_proof() -> FunderProof:
    """A school year of half-days: more than one page."""
    proof = funder_proof()
    days = [date(2026, 9, 7) + timedelta(days=n) for n in range(120)]
    listed = tuple(replace(proof.half_days[0], day=day) for day in days)
    return replace(proof, half_days=listed)
