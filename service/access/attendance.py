"""Ownership of attendance rows (R8): the director reaches everything, a trainer
the half-days where they teach a lesson (and the marks and justifications of
those half-days' apprentices), an apprentice and their tutor only the
apprentice's own marks, justifications and contracts, read-only. Out of reach
answers 404, as in ``service.access.scope``.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, exists, false, select

from service.access.guard import Caller
from service.access.rules import Ownership
from service.access.scope import not_found, reachable_students, read_students
from service.extensions import db
from service.models import (
    AttendanceMark,
    Cohort,
    Contract,
    HalfDay,
    Justification,
    Lesson,
    Student,
    User,
)


def _teaches_half_day(user: User) -> ColumnElement[bool]:
    """The half-day holds a lesson given by ``user``."""
    return exists().where(
        Lesson.half_day_id == HalfDay.id, Lesson.trainer_id == user.id
    )


def reachable_half_days(caller: Caller) -> Select[HalfDay]:
    """Return a select of the half-days the caller may see."""
    statement = select(HalfDay)
    if caller.ownership is Ownership.ALL:
        return statement
    if caller.ownership is Ownership.ASSIGNMENTS:
        return statement.where(_teaches_half_day(caller.user))
    cohorts = select(Student.cohort_id).where(Student.id.in_(read_students(caller)))
    return statement.where(HalfDay.cohort_id.in_(cohorts))


def half_day_in_reach(
    caller: Caller, half_day_id: int, *, write: bool = False
) -> HalfDay:
    """Load a half-day the caller may see (take the roll call of, with ``write``),
    or 404. Whether a closed sheet may still change is the operation's check."""
    if write and caller.ownership.read_only:
        raise not_found("Demi-journée")
    statement = reachable_half_days(caller).where(HalfDay.id == half_day_id)
    half_day: HalfDay | None = db.session.scalar(statement)
    if half_day is None:
        raise not_found("Demi-journée")
    return half_day


def attendance_cohorts(caller: Caller) -> Select[Cohort]:
    """Return a select of the cohorts whose attendance the caller follows (the
    director: all; a trainer: the cohorts of the half-days where they teach)."""
    statement = select(Cohort)
    if caller.ownership is not Ownership.ALL:
        taught = reachable_half_days(caller).with_only_columns(HalfDay.cohort_id)
        statement = statement.where(Cohort.id.in_(taught))
    return statement


def attendance_cohort_in_reach(caller: Caller, cohort_id: int) -> Cohort:
    """Load a cohort whose attendance the caller follows, or 404."""
    statement = attendance_cohorts(caller).where(Cohort.id == cohort_id)
    cohort: Cohort | None = db.session.scalar(statement)
    if cohort is None:
        raise not_found("Classe")
    return cohort


def reachable_marks(caller: Caller) -> Select[AttendanceMark]:
    """Return a select of the roll-call marks the caller may see."""
    statement = select(AttendanceMark).join(AttendanceMark.half_day)
    if caller.ownership is Ownership.ALL:
        return statement
    if caller.ownership is Ownership.ASSIGNMENTS:
        return statement.where(_teaches_half_day(caller.user))
    return statement.where(AttendanceMark.student_id.in_(read_students(caller)))


def _students_in_reach(caller: Caller) -> Select[int]:
    """The ids of the apprentices whose attendance the caller follows."""
    if caller.ownership is Ownership.ASSIGNMENTS:
        taught = (
            select(HalfDay.cohort_id)
            .where(_teaches_half_day(caller.user))
            .scalar_subquery()
        )
        return select(Student.id).where(Student.cohort_id.in_(taught))
    return reachable_students(caller).with_only_columns(Student.id)


def reachable_justifications(caller: Caller) -> Select[Justification]:
    """Return a select of the justifications the caller may see."""
    statement = select(Justification)
    if caller.ownership is Ownership.ALL:
        return statement
    return statement.where(Justification.student_id.in_(_students_in_reach(caller)))


def justification_in_reach(
    caller: Caller, justification_id: int, *, write: bool = False
) -> Justification:
    """Load a justification the caller may see (or change, with ``write``), or 404."""
    if write and caller.ownership.read_only:
        raise not_found("Justificatif")
    statement = reachable_justifications(caller).where(
        Justification.id == justification_id
    )
    justification: Justification | None = db.session.scalar(statement)
    if justification is None:
        raise not_found("Justificatif")
    return justification


def attendance_students(caller: Caller) -> Select[Student]:
    """Return a select of the apprentices whose attendance the caller follows."""
    return select(Student).where(Student.id.in_(_students_in_reach(caller)))


def attendance_student_in_reach(caller: Caller, student_id: int) -> Student:
    """Load an apprentice whose attendance the caller follows, or 404."""
    statement = select(Student).where(
        Student.id == student_id, Student.id.in_(_students_in_reach(caller))
    )
    student: Student | None = db.session.scalar(statement)
    if student is None:
        raise not_found("Étudiant")
    return student


def reachable_contracts(caller: Caller) -> Select[Contract]:
    """Return a select of the contracts the caller may see (not trainers')."""
    statement = select(Contract)
    if caller.ownership is Ownership.ALL:
        return statement
    if caller.ownership is Ownership.ASSIGNMENTS:
        return statement.where(false())  # a trainer needs no contract
    return statement.where(Contract.student_id.in_(read_students(caller)))
