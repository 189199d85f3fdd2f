"""Exam unit grades of a registration: entered once, changed with If-Match (D6, D8).

A unit is given as a grade, as U5's written and practical parts, or as a status
(absent, absent for force majeure, dispensed). The engine checks each entry against
the regulation (R1, R2, R6). U4 and U6 of a CCF candidate come from the CCF
situations; a row entered for them is the official grid's unit grade (R2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from http import HTTPStatus
from typing import Any

from sqlalchemy.exc import IntegrityError

from grading import GradingError, evaluate, parse_candidate
from service.extensions import db
from service.models import (
    ExamUnitGrade,
    ExamUnitStatus,
    HistoryEntity,
    Registration,
)
from service.operations.candidates import document, entered_unit
from service.operations.history import ChangeContext
from service.operations.registrations import header_of, policy_settings
from service.operations.sessions import OPEN, ensure_state
from service.operations.versioned import Kind, Target, record_created, write_versioned
from service.problems import Problem

TABLE = ExamUnitGrade.metadata.tables[ExamUnitGrade.__tablename__]
EXAM_ROWS = Kind(TABLE, HistoryEntity.EXAM_UNIT_GRADE)
UNIT_PATH = re.compile(r"units\.\w+(?:\.(grade|status|parts)(?:\.(\w+))?)?.*")


@dataclass(frozen=True, slots=True)
class ExamValues:
    """One unit's entry: a grade, both U5 parts, or a status."""

    grade: Decimal | None = None
    written: Decimal | None = None
    practical: Decimal | None = None
    status: ExamUnitStatus | None = None

    @classmethod
    def of(cls, row: Any) -> ExamValues:
        """Return the values of a row."""
        return cls(row.grade, row.written, row.practical, row.status)

    def columns(self) -> dict[str, Any]:
        """Return the values by column name."""
        return {
            "grade": self.grade,
            "written": self.written,
            "practical": self.practical,
            "status": self.status,
        }

    def as_history(self) -> dict[str, Any]:
        """Return the values as a history record (numbers as strings)."""
        return {
            "grade": _text(self.grade),
            "written": _text(self.written),
            "practical": _text(self.practical),
            "status": None if self.status is None else str(self.status),
        }


def create_exam_grade(
    registration: Registration, context: ChangeContext, unit: str, values: ExamValues
) -> ExamUnitGrade:
    """Enter a unit's grade for a registration (open session), with history."""
    assert context.actor_id is not None
    ensure_state(registration.session, (OPEN,), context.actor_id, "exam_grade.create")
    row = ExamUnitGrade(
        registration_id=registration.id,
        unit=unit,
        **values.columns(),
        updated_by_id=context.actor_id,
    )
    check_entry(registration, row)
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise Problem(
            HTTPStatus.CONFLICT, f"{unit} a déjà une note : modifiez-la avec If-Match."
        ) from error
    record_created(EXAM_ROWS, row.id, context, values)
    db.session.flush()
    return row


def save_exam_grade(
    row: ExamUnitGrade, context: ChangeContext, seen: int, values: ExamValues
) -> int:
    """Replace a unit's entry if still at version ``seen``; return the new version.

    Only an open session takes writes; a locked one refuses them (409, audited).
    """
    assert context.actor_id is not None
    registration = row.registration
    target = Target(
        EXAM_ROWS,
        row,
        ExamValues.of(row),
        refuse=partial(
            ensure_state,
            registration.session,
            (OPEN,),
            context.actor_id,
            "exam_grade.write",
        ),
        check=partial(_check_values, row),
    )
    return write_versioned(target, context, seen, values)


def _check_values(row: ExamUnitGrade, values: ExamValues) -> None:
    check_entry(row.registration, ExamUnitGrade(unit=row.unit, **values.columns()))


def check_entry(registration: Registration, row: ExamUnitGrade) -> None:
    """Let the engine check one unit's entry; 422 naming the field otherwise."""
    if row.unit in {dispense.unit for dispense in registration.dispenses}:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"{row.unit} est dispensée pour ce candidat.",
            errors={"unit": ["Unité dispensée à l'inscription."]},
        )
    header = header_of(registration, policy_settings())
    try:
        evaluate(parse_candidate(document(header, {row.unit: entered_unit(row)})))
    except GradingError as error:
        field = _api_field(error.field)
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"La réglementation refuse cette note : {error.message}",
            errors={field: [error.message]},
        ) from error


def _api_field(path: str | None) -> str:
    match = UNIT_PATH.fullmatch(path or "")
    if match is None or match.group(1) is None:
        return "unit"
    if match.group(1) == "parts":
        return match.group(2) or "written"
    return match.group(1)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"
