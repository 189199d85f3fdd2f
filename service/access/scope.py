"""Ownership: which rows a caller reaches (the rules' second half, after the role).

A student reaches only their own record and published data; a trainer only the
cohorts × subjects they teach and the CCF of those subjects' units; the director
everything. Anything out of reach answers exactly like a missing row: 404.
"""

from __future__ import annotations

from http import HTTPStatus

from sqlalchemy import ColumnElement, Select, exists, false, select

from service.access.guard import Caller
from service.access.rules import Ownership
from service.extensions import db
from service.models import (
    Assessment,
    CcfSituation,
    CcfState,
    Cohort,
    Grade,
    Student,
    Subject,
    TeachingAssignment,
    User,
)
from service.problems import Problem


def not_found(what: str) -> Problem:
    """The one answer for a row that is missing or out of the caller's reach."""
    return Problem(HTTPStatus.NOT_FOUND, f"{what} introuvable.")


def student_of(user: User) -> Student | None:
    """Return the student record linked to a user account."""
    return db.session.scalar(select(Student).where(Student.user_id == user.id))


def teaches(user: User, cohort_id: int, subject_id: int | None = None) -> bool:
    """Tell whether ``user`` teaches ``cohort_id`` (that subject, when given)."""
    condition = (TeachingAssignment.trainer_id == user.id) & (
        TeachingAssignment.cohort_id == cohort_id
    )
    if subject_id is not None:
        condition &= TeachingAssignment.subject_id == subject_id
    return bool(db.session.scalar(select(exists().where(condition))))


def teaches_unit(user: User, cohort_id: int, unit: str) -> bool:
    """Tell whether ``user`` teaches the subject preparing ``unit`` in the cohort."""
    condition = (
        (TeachingAssignment.trainer_id == user.id)
        & (TeachingAssignment.cohort_id == cohort_id)
        & (TeachingAssignment.subject_id == Subject.id)
        & (Subject.unit == unit)
    )
    return bool(db.session.scalar(select(exists().where(condition))))


def reachable_students(caller: Caller) -> Select[Student]:
    """Return a select of the students the caller may see."""
    statement = select(Student)
    if caller.ownership is Ownership.ASSIGNMENTS:
        taught = select(TeachingAssignment.cohort_id).where(
            TeachingAssignment.trainer_id == caller.user.id
        )
        statement = statement.where(Student.cohort_id.in_(taught))
    elif caller.ownership is not Ownership.ALL:
        statement = statement.where(Student.user_id == caller.user.id)
    return statement


def student_in_reach(caller: Caller, student_id: int) -> Student:
    """Load a student the caller may see, or answer 404."""
    student = db.session.get(Student, student_id)
    if student is None or not _sees_student(caller, student):
        raise not_found("Étudiant")
    return student


def _sees_student(caller: Caller, student: Student) -> bool:
    if caller.ownership is Ownership.ALL:
        return True
    if caller.ownership is Ownership.ASSIGNMENTS:
        return teaches(caller.user, student.cohort_id)
    return student.user_id == caller.user.id


def assessment_in_reach(
    caller: Caller, assessment_id: int, *, write: bool = False
) -> Assessment:
    """Load an assessment the caller may see (or change, with ``write``), or 404."""
    assessment = db.session.get(Assessment, assessment_id)
    if assessment is None or not _sees_assessment(caller, assessment, write):
        raise not_found("Évaluation")
    return assessment


def _sees_assessment(caller: Caller, assessment: Assessment, write: bool) -> bool:
    if caller.ownership is Ownership.ALL:
        return True
    if caller.ownership is Ownership.ASSIGNMENTS:
        return teaches(caller.user, assessment.cohort_id, assessment.subject_id)
    # R7: a student sees a formative assessment once its trainer published it.
    student = student_of(caller.user)
    return (
        not write
        and student is not None
        and student.cohort_id == assessment.cohort_id
        and assessment.published_at is not None
    )


def ccf_in_reach(caller: Caller, situation_id: int) -> CcfSituation:
    """Load a CCF situation the caller may see, or 404.

    R7: a student sees a CCF grade only once the session's results are published.
    """
    situation = db.session.get(CcfSituation, situation_id)
    if situation is None or not _sees_ccf(caller, situation):
        raise not_found("Situation de CCF")
    return situation


def _sees_ccf(caller: Caller, situation: CcfSituation) -> bool:
    if caller.ownership is Ownership.ALL:
        return True
    if caller.ownership is Ownership.ASSIGNMENTS:
        cohort_id = situation.student.cohort_id
        return teaches_unit(caller.user, cohort_id, situation.unit)
    return (
        situation.student.user_id == caller.user.id
        and situation.state is CcfState.PUBLISHED
    )


def reachable_assessments(caller: Caller) -> Select[Assessment]:
    """Return a select of the assessments the caller may see (R7 for students)."""
    statement = select(Assessment)
    if caller.ownership is Ownership.ALL:
        return statement
    if caller.ownership is Ownership.ASSIGNMENTS:
        return statement.where(_taught(caller.user, Assessment))
    student = student_of(caller.user)
    if student is None:
        return statement.where(false())
    return statement.where(
        Assessment.cohort_id == student.cohort_id, Assessment.published_at.is_not(None)
    )


def _taught(user: User, assessment: type[Assessment]) -> ColumnElement[bool]:
    return exists().where(
        TeachingAssignment.trainer_id == user.id,
        TeachingAssignment.cohort_id == assessment.cohort_id,
        TeachingAssignment.subject_id == assessment.subject_id,
    )


def reachable_grades(caller: Caller) -> Select[Grade]:
    """Return a select of the grades the caller may see (students: own, published)."""
    statement = select(Grade).join(Grade.assessment)
    if caller.ownership is Ownership.ALL:
        return statement
    if caller.ownership is Ownership.ASSIGNMENTS:
        return statement.where(_taught(caller.user, Assessment))
    student = student_of(caller.user)
    if student is None:
        return statement.where(false())
    return statement.where(
        Grade.student_id == student.id, Assessment.published_at.is_not(None)
    )


def grade_in_reach(caller: Caller, grade_id: int, *, write: bool = False) -> Grade:
    """Load a grade the caller may see (or change, with ``write``), or 404."""
    grade = db.session.get(Grade, grade_id)
    if grade is None or not _sees_assessment(caller, grade.assessment, write):
        raise not_found("Note")
    if caller.ownership is Ownership.OWN_RECORD and grade.student.user_id != (
        caller.user.id
    ):
        raise not_found("Note")
    return grade


def reachable_ccf(caller: Caller) -> Select[CcfSituation]:
    """Return a select of the CCF situations the caller may see.

    R7: a student sees only their own situations, once published.
    """
    statement = select(CcfSituation).join(CcfSituation.student)
    if caller.ownership is Ownership.ALL:
        return statement
    if caller.ownership is Ownership.ASSIGNMENTS:
        return statement.where(
            exists().where(
                TeachingAssignment.trainer_id == caller.user.id,
                TeachingAssignment.cohort_id == Student.cohort_id,
                TeachingAssignment.subject_id == Subject.id,
                Subject.unit == CcfSituation.unit,
            )
        )
    return statement.where(
        Student.user_id == caller.user.id, CcfSituation.state == CcfState.PUBLISHED
    )


def reachable_cohorts(caller: Caller) -> Select[Cohort]:
    """Return a select of the cohorts the caller may see (a student: their own)."""
    statement = select(Cohort)
    if caller.ownership is Ownership.ASSIGNMENTS:
        taught = select(TeachingAssignment.cohort_id).where(
            TeachingAssignment.trainer_id == caller.user.id
        )
        statement = statement.where(Cohort.id.in_(taught))
    elif caller.ownership is not Ownership.ALL:
        own = select(Student.cohort_id).where(Student.user_id == caller.user.id)
        statement = statement.where(Cohort.id.in_(own))
    return statement


def cohort_in_reach(caller: Caller, cohort_id: int) -> Cohort:
    """Load a cohort the caller may see, or answer 404."""
    cohort = db.session.scalar(reachable_cohorts(caller).where(Cohort.id == cohort_id))
    if cohort is None:
        raise not_found("Classe")
    return cohort
