"""A trainer's classes (cohort × subject) and what is left to do in each.

Counts are read in a few aggregate queries, never row by row. A grade is missing
when a student of the cohort has neither a score nor a status at an assessment
(as the dashboard counts it); an assessment is unpublished until its trainer shows
it to the students (R7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, exists, func, select

from service.extensions import db
from service.models import (
    Assessment,
    AuditEvent,
    Cohort,
    Grade,
    Student,
    Subject,
    TeachingAssignment,
)
from service.operations.assessments import TARGET
from service.operations.audit import AuditOutcome


@dataclass(frozen=True, slots=True)
class ClassSummary:
    """One cohort × subject with its assessments and what they still lack."""

    cohort: Cohort
    subject: Subject
    assessments: int
    unpublished: int
    missing_grades: int


@dataclass(frozen=True, slots=True)
class AssessmentLine:
    """An assessment with how many of its cohort's students have a grade."""

    assessment: Assessment
    graded: int
    students: int

    @property
    def missing(self) -> int:
        """Students with neither a score nor a status."""
        return max(self.students - self.graded, 0)


@dataclass(frozen=True, slots=True)
class LockRecord:
    """Who locked an assessment, and when (from the audit trail, T07)."""

    by: str
    at: datetime


def taught_classes(trainer_id: int | None) -> list[ClassSummary]:
    """Return each cohort × subject taught by ``trainer_id`` (None: by anyone)."""
    pairs = select(TeachingAssignment.cohort_id, TeachingAssignment.subject_id)
    if trainer_id is not None:
        pairs = pairs.where(TeachingAssignment.trainer_id == trainer_id)
    taught = pairs.distinct().subquery()
    of_class = (Assessment.cohort_id == taught.c.cohort_id) & (
        Assessment.subject_id == taught.c.subject_id
    )
    query = (
        select(
            Cohort,
            Subject,
            _count(of_class),
            _count(of_class & Assessment.published_at.is_(None)),
            _missing(of_class),
        )
        .select_from(taught)
        .join(Cohort, Cohort.id == taught.c.cohort_id)
        .join(Subject, Subject.id == taught.c.subject_id)
        .order_by(Cohort.exam_session_year, Cohort.name, Subject.position)
    )
    return [ClassSummary(*row) for row in db.session.execute(query)]


def _count(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return select(func.count(Assessment.id)).where(condition).scalar_subquery()


def _missing(of_class: ColumnElement[bool]) -> ColumnElement[int]:
    graded = exists().where(
        Grade.assessment_id == Assessment.id, Grade.student_id == Student.id
    )
    return (
        select(func.count())
        .select_from(Assessment)
        .join(Student, Student.cohort_id == Assessment.cohort_id)
        .where(of_class, ~graded)
        .scalar_subquery()
    )


def assessment_lines(statement: Select[Assessment]) -> list[AssessmentLine]:
    """Return the assessments of ``statement`` with their graded counts, newest first.

    ``statement`` is already narrowed to the caller's reach (``service.access``).
    """
    found = statement.subquery()
    graded = (
        select(func.count(Grade.id))
        .where(Grade.assessment_id == found.c.id)
        .scalar_subquery()
    )
    students = (
        select(func.count(Student.id))
        .where(Student.cohort_id == found.c.cohort_id)
        .scalar_subquery()
    )
    query = (
        select(Assessment, graded, students)
        .join(found, found.c.id == Assessment.id)
        .join(Assessment.subject)
        .order_by(Assessment.held_on.desc(), Subject.position, Assessment.id.desc())
    )
    return [AssessmentLine(*row) for row in db.session.execute(query)]


def cohorts_with_sizes(statement: Select[Cohort]) -> list[tuple[Cohort, int]]:
    """Return the cohorts of ``statement`` with their sizes, newest session first."""
    found = statement.subquery()
    sizes = (
        select(func.count(Student.id))
        .where(Student.cohort_id == Cohort.id)
        .scalar_subquery()
    )
    query = (
        select(Cohort, sizes)
        .join(found, found.c.id == Cohort.id)
        .order_by(Cohort.exam_session_year.desc(), Cohort.name)
    )
    return [(row[0], row[1]) for row in db.session.execute(query)]


def last_lock(assessment: Assessment) -> LockRecord | None:
    """Return who locked ``assessment`` last, when the audit trail knows it."""
    query = (
        select(AuditEvent)
        .where(
            AuditEvent.target_kind == TARGET,
            AuditEvent.target_id == assessment.id,
            AuditEvent.action == "assessment.lock",
            AuditEvent.outcome == str(AuditOutcome.ACCEPTED),
        )
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )
    event = db.session.scalar(query)
    if event is None or not assessment.locked:
        return None
    return LockRecord(event.actor.display_name if event.actor else "—", event.at)
