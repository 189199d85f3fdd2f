"""Load what a student's progress needs, as plain tuples, in a few queries (no N+1).

``Visibility`` says what the caller may see: a student sees only published
formative assessments and CCF situations whose results are published (R7, the
conditions of ``service.access.visibility``, applied in SQL); a trainer sees the
CCF of the units they teach; the director sees everything.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Select, select

from service.access.visibility import (
    Visibility,
    assessment_published,
    bloc_published,
    ccf_published,
    session_published,
)
from service.extensions import db
from service.models import (
    Assessment,
    BlocEntry,
    BlocSource,
    CcfSituation,
    CcfState,
    Decision,
    Dispense,
    ExamSession,
    Grade,
    Period,
    Registration,
    RegistrationResult,
    Subject,
)
from service.operations.formative import (
    AssessmentRow,
    Formative,
    GradeRow,
    SubjectRow,
)

#: Any select, whatever its columns.
AnySelect = TypeVar("AnySelect", bound=Select[*tuple[Any, ...]])


class CcfRow(NamedTuple):
    """One CCF situation of a student with its proposed grade."""

    student_id: int
    unit: str
    situation_number: int
    held_on: date | None
    grade: Decimal | None
    state: CcfState


class BlocRow(NamedTuple):
    """A bloc of the ledger (R4)."""

    student_id: int
    unit: str
    grade: Decimal
    source: BlocSource
    obtained_session_year: int | None
    obtained_on: date
    valid_through_session: int
    valid_until: date


class ResultRow(NamedTuple):
    """A published exam result of a student."""

    session_year: int
    jury_date: date | None
    decision: Decision
    explanation: dict[str, Any]


def load_subjects() -> tuple[SubjectRow, ...]:
    """Return the curriculum subjects in the brochure's order."""
    rows = db.session.execute(
        select(Subject.id, Subject.code, Subject.name, Subject.unit).order_by(
            Subject.position, Subject.id
        )
    )
    return tuple(SubjectRow(*row) for row in rows)


def load_formative(cohort_id: int, visibility: Visibility) -> Formative:
    """Return the cohort's assessments and grades (two queries), filtered per R7."""
    assessments = db.session.execute(
        visibility.published(
            select(
                Assessment.id,
                Assessment.subject_id,
                Period.code,
                Assessment.max_score,
                Assessment.coefficient,
                Assessment.published_at,
                Assessment.title,
            )
            .join(Period, Period.id == Assessment.period_id)
            .where(Assessment.cohort_id == cohort_id)
            .order_by(Assessment.held_on, Assessment.id),
            assessment_published(),
        )
    )
    grades = db.session.execute(
        visibility.published(
            select(Grade.assessment_id, Grade.student_id, Grade.score, Grade.status)
            .join(Assessment, Assessment.id == Grade.assessment_id)
            .where(Assessment.cohort_id == cohort_id),
            assessment_published(),
        )
    )
    return Formative(
        tuple(
            AssessmentRow(i, s, str(p), m, c, published is not None, title)
            for i, s, p, m, c, published, title in assessments
        ),
        tuple(GradeRow(*row) for row in grades),
    )


def load_ccf(
    student_ids: Collection[int], visibility: Visibility
) -> tuple[CcfRow, ...]:
    """Return the CCF situations of these students that the caller may see (R7)."""
    statement = visibility.published(
        select(
            CcfSituation.student_id,
            CcfSituation.unit,
            CcfSituation.situation_number,
            CcfSituation.held_on,
            CcfSituation.proposed_grade,
            CcfSituation.state,
        )
        .where(CcfSituation.student_id.in_(student_ids))
        .order_by(CcfSituation.unit, CcfSituation.situation_number),
        ccf_published(),
    )
    if visibility.ccf_units is not None:
        statement = statement.where(CcfSituation.unit.in_(visibility.ccf_units))
    return tuple(CcfRow(*row) for row in db.session.execute(statement))


def load_blocs(
    student_ids: Collection[int], visibility: Visibility
) -> tuple[BlocRow, ...]:
    """Return the blocs held; a student sees those of published sessions only (R7)."""
    statement = visibility.published(
        select(
            BlocEntry.student_id,
            BlocEntry.unit,
            BlocEntry.grade,
            BlocEntry.source,
            BlocEntry.obtained_session_year,
            BlocEntry.obtained_on,
            BlocEntry.valid_through_session,
            BlocEntry.valid_until,
        )
        .where(BlocEntry.student_id.in_(student_ids))
        .order_by(BlocEntry.unit, BlocEntry.obtained_on),
        bloc_published(),
    )
    return tuple(BlocRow(*row) for row in db.session.execute(statement))


def load_results(student_id: int) -> tuple[ResultRow, ...]:
    """Return the student's exam results of published sessions, latest first."""
    rows = db.session.execute(
        select(
            ExamSession.year,
            ExamSession.jury_date,
            RegistrationResult.decision,
            RegistrationResult.explanation,
        )
        .join(Registration, Registration.id == RegistrationResult.registration_id)
        .join(ExamSession, ExamSession.id == Registration.session_id)
        .where(
            Registration.student_id == student_id,
            session_published(),  # R7, for every caller of this student view
        )
        .order_by(ExamSession.year.desc())
    )
    return tuple(ResultRow(*row) for row in rows)


class SessionPlan(NamedTuple):
    """The session a cohort prepares: its jury date and each student's dispenses."""

    jury_date: date | None
    dispensed: dict[int, tuple[str, ...]]


def load_session_plan(
    regulation_id: str, year: int, student_ids: Collection[int]
) -> SessionPlan:
    """Return the jury date of ``year``'s session and the students' dispenses (R6)."""
    session = (ExamSession.regulation_id == regulation_id) & (ExamSession.year == year)
    jury_date = db.session.scalar(select(ExamSession.jury_date).where(session))
    rows = db.session.execute(
        select(Registration.student_id, Dispense.unit)
        .join(Dispense, Dispense.registration_id == Registration.id)
        .join(ExamSession, ExamSession.id == Registration.session_id)
        .where(session, Registration.student_id.in_(student_ids))
    )
    dispensed: dict[int, tuple[str, ...]] = {}
    for student_id, unit in rows:
        dispensed[student_id] = (*dispensed.get(student_id, ()), unit)
    return SessionPlan(jury_date, dispensed)
