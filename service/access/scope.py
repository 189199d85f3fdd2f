"""Ownership: which rows a caller reaches (the rules' second half, after the role).

A student reaches only their own record and published data (R7, whose conditions
live in ``service.access.visibility``); a company tutor the same for each apprentice
the director linked them to; a trainer only the cohorts × subjects they
teach and the CCF of those subjects' units; the director everything. Each rule is
one select (``reachable_*``); a single row is loaded through it (``*_in_reach``),
so a list and a row cannot disagree. Anything out of reach answers exactly like a
missing row: 404.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    exists,
    select,
)

from service.access.guard import Caller
from service.access.rules import Ownership
from service.access.visibility import assessment_published, ccf_published
from service.extensions import db
from service.models import (
    Assessment,
    CcfSituation,
    Cohort,
    Grade,
    Student,
    Subject,
    TeachingAssignment,
    TutorLink,
    User,
)
from service.problems import Problem

T = TypeVar("T")


def not_found(what: str) -> Problem:
    """The one answer for a row that is missing or out of the caller's reach."""
    return Problem(HTTPStatus.NOT_FOUND, f"{what} introuvable.")


def read_students(caller: Caller) -> Select[int]:
    """Return the ids of the apprentices a reader (student, tutor) follows."""
    if caller.ownership is Ownership.TUTORED:
        return select(TutorLink.student_id).where(TutorLink.tutor_id == caller.user.id)
    return select(Student.id).where(Student.user_id == caller.user.id)


def _read_cohorts(caller: Caller) -> Select[int]:
    """Return the ids of the cohorts of the apprentices a reader follows."""
    return select(Student.cohort_id).where(Student.id.in_(read_students(caller)))


def teaches(user: User, cohort_id: int, subject_id: int | None = None) -> bool:
    """Tell whether ``user`` teaches ``cohort_id`` (that subject, when given)."""
    condition = (TeachingAssignment.trainer_id == user.id) & (
        TeachingAssignment.cohort_id == cohort_id
    )
    if subject_id is not None:
        condition &= TeachingAssignment.subject_id == subject_id
    return bool(db.session.scalar(select(exists().where(condition))))


def class_in_reach(
    caller: Caller, cohort_id: int, subject_id: int
) -> tuple[Cohort, Subject]:
    """Load a class (cohort × subject) the caller teaches (the director: any), or 404.

    A student reaches no class: their pages are their own record.
    """
    cohort = db.session.get(Cohort, cohort_id)
    subject = db.session.get(Subject, subject_id)
    if cohort is None or subject is None:
        raise not_found("Classe")
    if caller.ownership is not Ownership.ALL and not (
        caller.ownership is Ownership.ASSIGNMENTS
        and teaches(caller.user, cohort_id, subject_id)
    ):
        raise not_found("Classe")
    return cohort, subject


def teaches_unit(user: User, cohort_id: int, unit: str) -> bool:
    """Tell whether ``user`` teaches the subject preparing ``unit`` in the cohort."""
    return bool(db.session.scalar(select(_teaches_unit(user, cohort_id, unit))))


def _teaches_unit(
    user: User,
    cohort_id: int | SQLColumnExpression[int],
    unit: str | SQLColumnExpression[str],
) -> ColumnElement[bool]:
    return exists().where(
        TeachingAssignment.trainer_id == user.id,
        TeachingAssignment.cohort_id == cohort_id,
        TeachingAssignment.subject_id == Subject.id,
        Subject.unit == unit,
    )


def reachable_students(caller: Caller) -> Select[Student]:
    """Return a select of the students the caller may see."""
    statement = select(Student)
    if caller.ownership is Ownership.ASSIGNMENTS:
        taught = select(TeachingAssignment.cohort_id).where(
            TeachingAssignment.trainer_id == caller.user.id
        )
        statement = statement.where(Student.cohort_id.in_(taught))
    elif caller.ownership is not Ownership.ALL:
        statement = statement.where(Student.id.in_(read_students(caller)))
    return statement


def student_in_reach(caller: Caller, student_id: int) -> Student:
    """Load a student the caller may see, or answer 404."""
    statement = reachable_students(caller).where(Student.id == student_id)
    return _one(statement, "Étudiant")


def reachable_assessments(caller: Caller) -> Select[Assessment]:
    """Return a select of the assessments the caller may see (R7 for students)."""
    statement = select(Assessment)
    if caller.ownership is Ownership.ALL:
        return statement
    if caller.ownership is Ownership.ASSIGNMENTS:
        return statement.where(_taught(caller.user))
    return statement.where(_published_to(caller))


def assessment_in_reach(
    caller: Caller, assessment_id: int, *, write: bool = False
) -> Assessment:
    """Load an assessment the caller may see (or change, with ``write``), or 404."""
    if write and caller.ownership.read_only:
        raise not_found("Évaluation")  # a student or tutor never writes
    statement = reachable_assessments(caller).where(Assessment.id == assessment_id)
    return _one(statement, "Évaluation")


def reachable_grades(caller: Caller) -> Select[Grade]:
    """Return a select of the grades the caller may see (students: own, published)."""
    statement = select(Grade).join(Grade.assessment)
    if caller.ownership is Ownership.ALL:
        return statement
    if caller.ownership is Ownership.ASSIGNMENTS:
        return statement.where(_taught(caller.user))
    return statement.where(
        Grade.student_id.in_(read_students(caller)), _published_to(caller)
    )


def grade_in_reach(caller: Caller, grade_id: int, *, write: bool = False) -> Grade:
    """Load a grade the caller may see (or change, with ``write``), or 404."""
    if write and caller.ownership.read_only:
        raise not_found("Note")  # a student or tutor never writes
    return _one(reachable_grades(caller).where(Grade.id == grade_id), "Note")


def _taught(user: User) -> ColumnElement[bool]:
    return exists().where(
        TeachingAssignment.trainer_id == user.id,
        TeachingAssignment.cohort_id == Assessment.cohort_id,
        TeachingAssignment.subject_id == Assessment.subject_id,
    )


def _published_to(caller: Caller) -> ColumnElement[bool]:
    """R7: the published assessments of the cohorts of the reader's apprentices."""
    return Assessment.cohort_id.in_(_read_cohorts(caller)) & assessment_published()


def reachable_ccf(caller: Caller) -> Select[CcfSituation]:
    """Return a select of the CCF situations the caller may see.

    R7: a student sees only their own situations, once published.
    """
    statement = select(CcfSituation).join(CcfSituation.student)
    if caller.ownership is Ownership.ALL:
        return statement
    if caller.ownership is Ownership.ASSIGNMENTS:
        return statement.where(
            _teaches_unit(caller.user, Student.cohort_id, CcfSituation.unit)
        )
    return statement.where(
        CcfSituation.student_id.in_(read_students(caller)), ccf_published()
    )


def ccf_in_reach(caller: Caller, situation_id: int) -> CcfSituation:
    """Load a CCF situation the caller may see, or 404 (R7 for students)."""
    statement = reachable_ccf(caller).where(CcfSituation.id == situation_id)
    return _one(statement, "Situation de CCF")


def reachable_cohorts(caller: Caller) -> Select[Cohort]:
    """Return a select of the cohorts the caller may see (a student: their own)."""
    statement = select(Cohort)
    if caller.ownership is Ownership.ASSIGNMENTS:
        taught = select(TeachingAssignment.cohort_id).where(
            TeachingAssignment.trainer_id == caller.user.id
        )
        statement = statement.where(Cohort.id.in_(taught))
    elif caller.ownership is not Ownership.ALL:
        statement = statement.where(Cohort.id.in_(_read_cohorts(caller)))
    return statement


def cohort_in_reach(caller: Caller, cohort_id: int) -> Cohort:
    """Load a cohort the caller may see, or answer 404."""
    return _one(reachable_cohorts(caller).where(Cohort.id == cohort_id), "Classe")


def _one(statement: Select[T], what: str) -> T:
    """Load the one row of a reach select, or answer 404 as for a missing row."""
    row: T | None = db.session.scalar(statement)
    if row is None:
        raise not_found(what)
    return row
