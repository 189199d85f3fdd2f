"""The blocs ledger: written when a session's results are published, read by date (R4).

A unit graded 10 or more after rounding gives its bloc for five years (R4, policy
``validity``). The engine decides which blocs a result gives and until when; the
ledger keeps them, and the engine's ``blocs_held`` says which still hold at a date.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import select

from grading import HeldBloc, SessionRecord, Validity, blocs_held
from service.extensions import db
from service.models import BlocEntry, BlocSource, Registration, Student
from service.operations.candidates import DEFAULT_VALIDITY
from service.operations.regulations import cohort_regulation

CENT = Decimal("0.01")
#: The engine's ``units.*.source`` for a grade kept from an earlier session.
BENEFIT_SOURCE = "benefit"


class BlocView(NamedTuple):
    """A bloc of the ledger and whether it still holds at the date asked."""

    unit: str
    grade: Decimal
    source: BlocSource
    obtained_session_year: int
    obtained_on: date
    valid_through_session: int
    valid_until: date
    valid: bool


def validity_policy() -> Validity:
    """Return the configured validity policy (R4; default ``session``)."""
    return Validity(current_app.config.get("VALIDITY_POLICY", DEFAULT_VALIDITY))


def student_entries(student_id: int) -> list[BlocEntry]:
    """Return a student's ledger rows, oldest first."""
    return list(
        db.session.scalars(
            select(BlocEntry)
            .where(BlocEntry.student_id == student_id)
            .order_by(BlocEntry.obtained_on, BlocEntry.id)
        )
    )


def ledger_history(student_id: int) -> list[SessionRecord]:
    """Return the student's ledger as the engine's session records, one per year."""
    grades: dict[int, dict[str, Decimal]] = {}
    dates: dict[int, date] = {}
    for entry in student_entries(student_id):
        year = _year_of(entry)
        grades.setdefault(year, {})[entry.unit] = entry.grade
        dates.setdefault(year, entry.obtained_on)
    return [SessionRecord(year, dates[year], units) for year, units in grades.items()]


def blocs_on(student: Student, on: date) -> list[BlocView]:
    """Return the student's blocs with whether each still holds on ``on`` (R4)."""
    regulation = cohort_regulation(student.cohort)
    ledger = blocs_held(ledger_history(student.id), on, regulation, validity_policy())
    entries = {(e.unit, _year_of(e)): e for e in student_entries(student.id)}
    views = [_view(bloc, entries, True) for bloc in ledger.held]
    return views + [_view(bloc, entries, False) for bloc in ledger.expired]


def write_ledger(registration: Registration, output: Mapping[str, Any]) -> None:
    """Add the blocs a published result gives (engine output ``blocks``, R4)."""
    session = registration.session
    assert session.jury_date is not None
    kept = {row.unit: row for row in registration.benefits}
    known = {(e.unit, _year_of(e)) for e in student_entries(registration.student_id)}
    for block in output["blocks"]:
        unit = block["unit"]
        if block.get("valid_until") is None:
            continue
        entry = BlocEntry(
            student_id=registration.student_id,
            unit=unit,
            grade=engine_decimal(block["grade"]),
            source=BlocSource.SESSION,
            registration_id=registration.id,
            obtained_session_year=session.year,
            obtained_on=session.jury_date,
            valid_through_session=block["valid_through_session"],
            valid_until=date.fromisoformat(block["valid_until"]),
        )
        benefit = kept.get(unit)
        if output["units"][unit]["source"] == BENEFIT_SOURCE and benefit is not None:
            entry.source = benefit.origin
            entry.registration_id = None
            entry.obtained_session_year = benefit.origin_session_year
            entry.obtained_on = benefit.obtained_on
        if (unit, _year_of(entry)) not in known:
            db.session.add(entry)
    db.session.flush()


def _view(
    bloc: HeldBloc, entries: Mapping[tuple[str, int], BlocEntry], valid: bool
) -> BlocView:
    entry = entries.get((bloc.unit, bloc.obtained_session))
    source = BlocSource.SESSION if entry is None else entry.source
    return BlocView(
        bloc.unit,
        bloc.grade,
        source,
        bloc.obtained_session,
        bloc.obtained,
        bloc.valid_through_session,
        bloc.valid_until,
        valid,
    )


def _year_of(entry: BlocEntry) -> int:
    if entry.obtained_session_year is not None:
        return entry.obtained_session_year
    return entry.obtained_on.year


def engine_decimal(value: Any) -> Decimal:
    """Return a grade of the engine's JSON output in hundredths (display, R2).

    The engine's JSON numbers are exact decimals; only a mean under the ``exact``
    rounding policy may carry more than two decimals, rounded half up here.
    """
    return Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
