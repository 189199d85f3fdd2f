"""Everything Carnet holds about one student, as JSON (RGPD right of access, T45).

Every table that refers to the student (directly, through their account, their
registrations or their CCF situations) is read, every column but secrets. For
the student themself R7 holds: unpublished assessments, CCF situations not yet
published and the exam records of sessions whose results are not published are
left out, with their history — exactly what the other student routes hide: the
same conditions (``service.access.visibility``) filter every select here.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, inspect, select

from service.access.visibility import (
    assessment_published,
    bloc_published,
    ccf_published,
    session_published,
)
from service.extensions import Base, db
from service.models import (
    Appreciation,
    AttendanceMark,
    AuditEvent,
    BlocEntry,
    CcfSituation,
    Contract,
    ControlGrade,
    Dispense,
    ExamUnitGrade,
    Grade,
    GradeHistory,
    HistoryEntity,
    JuryAdjustment,
    Justification,
    KeptBenefit,
    LivretAvis,
    Registration,
    RegistrationResult,
    Student,
    TutorLink,
    utc_now,
)

#: Columns never exported: credentials and session counters.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "session_epoch"})
#: Tables read per registration, for the sessions the reader may see.
EXAM_RECORDS: tuple[type[Base], ...] = (
    ExamUnitGrade,
    ControlGrade,
    JuryAdjustment,
    RegistrationResult,
)


def student_data(student: Student, *, everything: bool) -> dict[str, Any]:
    """Return the student's data; ``everything`` False applies R7 (the student)."""
    own = select(Registration).where(Registration.student_id == student.id)
    registrations = _all(own.order_by(Registration.id))
    published = own.join(Registration.session).where(session_published())
    seen = registrations if everything else _all(published.order_by(Registration.id))
    grades = _all(_grades(student, everything))
    situations = _all(_situations(student, everything))
    exam = {model.__tablename__: _for(model, seen) for model in EXAM_RECORDS}
    marks = _all(
        select(AttendanceMark)
        .where(AttendanceMark.student_id == student.id)
        .order_by(AttendanceMark.id)
    )
    history = _history(
        {
            HistoryEntity.GRADE: [g.id for g in grades],
            HistoryEntity.CCF_SITUATION: [s.id for s in situations],
            HistoryEntity.EXAM_UNIT_GRADE: [g.id for g in exam["exam_unit_grades"]],
            HistoryEntity.ATTENDANCE_MARK: [m.id for m in marks],
        }
    )
    user = student.user
    sections: dict[str, Sequence[Base]] = {
        "students": [student],
        "users": [] if user is None else [user],
        "api_tokens": [] if user is None else list(user.tokens),
        "audit_events": [] if user is None else _all(_actions(user.id)),
        "grades": grades,
        "appreciations": _all(
            select(Appreciation).where(Appreciation.student_id == student.id)
        ),
        "tutor_links": _all(
            select(TutorLink).where(TutorLink.student_id == student.id)
        ),
        "attendance_marks": marks,
        # Justifications name their document; its bytes are not exported.
        "justifications": _all(
            select(Justification)
            .where(Justification.student_id == student.id)
            .order_by(Justification.id)
        ),
        "contracts": _all(
            select(Contract)
            .where(Contract.student_id == student.id)
            .order_by(Contract.id)
        ),
        "ccf_situations": situations,
        "ccf_evaluators": [e for s in situations for e in s.evaluators],
        "registrations": registrations,
        "dispenses": _for(Dispense, registrations),
        "kept_benefits": _for(KeptBenefit, registrations),
        **exam,
        "bloc_ledger": _all(_blocs(student, everything)),
        "livret_avis": _all(_avis(student, seen, everything)),
        "grade_history": history,
    }
    return {
        "generated_at": utc_now().isoformat(),
        "complete": everything,
        "tables": {
            name: [_row(row) for row in rows] for name, rows in sections.items()
        },
    }


def _unless(
    everything: bool, statement: Select[Any], condition: ColumnElement[bool]
) -> Select[Any]:
    """Add an R7 condition unless the reader may see everything."""
    return statement if everything else statement.where(condition)


def _all(statement: Select[Any]) -> list[Any]:
    return list(db.session.scalars(statement))


def _grades(student: Student, everything: bool) -> Select[Any]:
    statement = select(Grade).join(Grade.assessment)
    statement = statement.where(Grade.student_id == student.id).order_by(Grade.id)
    return _unless(everything, statement, assessment_published())


def _situations(student: Student, everything: bool) -> Select[Any]:
    statement = select(CcfSituation).where(CcfSituation.student_id == student.id)
    return _unless(everything, statement.order_by(CcfSituation.id), ccf_published())


def _for(model: Any, registrations: Iterable[Registration]) -> list[Any]:
    ids = [r.id for r in registrations]
    return _all(select(model).where(model.registration_id.in_(ids)).order_by(model.id))


def _blocs(student: Student, everything: bool) -> Select[Any]:
    statement = select(BlocEntry).where(BlocEntry.student_id == student.id)
    return _unless(everything, statement.order_by(BlocEntry.id), bloc_published())


def _avis(student: Student, seen: list[Registration], everything: bool) -> Select[Any]:
    statement = select(LivretAvis).where(LivretAvis.student_id == student.id)
    if not everything:
        statement = statement.where(
            LivretAvis.session_id.in_([r.session_id for r in seen])
        )
    return statement.order_by(LivretAvis.id)


def _actions(user_id: int) -> Select[Any]:
    return (
        select(AuditEvent).where(AuditEvent.actor_id == user_id).order_by(AuditEvent.id)
    )


def _history(ids: dict[HistoryEntity, list[int]]) -> list[Any]:
    rows: list[Any] = []
    for entity, entity_ids in ids.items():
        rows += _all(
            select(GradeHistory)
            .where(
                GradeHistory.entity == entity, GradeHistory.entity_id.in_(entity_ids)
            )
            .order_by(GradeHistory.id)
        )
    return rows


def _row(row: Base) -> dict[str, Any]:
    """Every column of a row but secrets, as JSON values."""
    columns = inspect(row).mapper.column_attrs
    return {
        column.key: _json(getattr(row, column.key))
        for column in columns
        if column.key not in SECRET_COLUMNS
    }


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value
