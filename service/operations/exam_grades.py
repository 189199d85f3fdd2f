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
from http import HTTPStatus
from typing import Any

from sqlalchemy import Select, select, update
from sqlalchemy.exc import IntegrityError

from grading import GradingError, evaluate, parse_candidate
from service.extensions import db
from service.models import (
    ExamUnitGrade,
    ExamUnitStatus,
    GradeHistory,
    HistoryEntity,
    Registration,
    utc_now,
)
from service.operations.candidates import document, entered_unit
from service.operations.history import ChangeContext, record_change
from service.operations.registrations import header_of, policy_settings
from service.operations.sessions import OPEN, ensure_state
from service.problems import Problem, stale

TABLE = ExamUnitGrade.metadata.tables[ExamUnitGrade.__tablename__]
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

    def as_history(self) -> dict[str, Any]:
        """Return the values as a history record (numbers as strings)."""
        return {
            "grade": _text(self.grade),
            "written": _text(self.written),
            "practical": _text(self.practical),
            "status": None if self.status is None else str(self.status),
        }


def create_exam_grade(
    registration: Registration, unit: str, values: ExamValues, context: ChangeContext
) -> ExamUnitGrade:
    """Enter a unit's grade for a registration (open session), with history."""
    assert context.actor_id is not None
    ensure_state(registration.session, (OPEN,), context.actor_id, "exam_grade.create")
    row = ExamUnitGrade(
        registration_id=registration.id,
        unit=unit,
        **_columns(values),
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
    record_change(
        context, HistoryEntity.EXAM_UNIT_GRADE, row.id, None, values.as_history()
    )
    db.session.flush()
    return row


def save_exam_grade(
    row: ExamUnitGrade, values: ExamValues, seen: int, context: ChangeContext
) -> int:
    """Replace a unit's entry if still at version ``seen``; return the new version."""
    assert context.actor_id is not None
    registration = row.registration
    ensure_state(registration.session, (OPEN,), context.actor_id, "exam_grade.write")
    if row.version != seen:
        raise stale()
    old = ExamValues.of(row)
    if old == values:
        return seen
    check_entry(registration, ExamUnitGrade(unit=row.unit, **_columns(values)))
    result = db.session.connection().execute(
        update(TABLE)
        .where(TABLE.c.id == row.id, TABLE.c.version == seen)
        .values(
            **_columns(values),
            version=TABLE.c.version + 1,
            updated_by_id=context.actor_id,
            updated_at=utc_now(),
        )
    )
    if result.rowcount != 1:
        raise stale()
    record_change(
        context,
        HistoryEntity.EXAM_UNIT_GRADE,
        row.id,
        old.as_history(),
        values.as_history(),
    )
    db.session.flush()
    db.session.expire(row)
    return seen + 1


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


def exam_grade_history(row_id: int) -> Select[GradeHistory]:
    """Return the history of one exam unit grade, oldest change first."""
    return (
        select(GradeHistory)
        .where(
            GradeHistory.entity == HistoryEntity.EXAM_UNIT_GRADE,
            GradeHistory.entity_id == row_id,
        )
        .order_by(GradeHistory.id)
    )


def _api_field(path: str | None) -> str:
    match = UNIT_PATH.fullmatch(path or "")
    if match is None or match.group(1) is None:
        return "unit"
    if match.group(1) == "parts":
        return match.group(2) or "written"
    return match.group(1)


def _columns(values: ExamValues) -> dict[str, Any]:
    return {
        "grade": values.grade,
        "written": values.written,
        "practical": values.practical,
        "status": values.status,
    }


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"
