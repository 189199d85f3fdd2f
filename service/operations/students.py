"""Student records: enrolled and kept up to date by the director."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from http import HTTPStatus
from typing import Any

from sqlalchemy import ColumnElement, Select, exists, or_, select

from service.extensions import db
from service.models import (
    CandidateCategory,
    Cohort,
    ContractType,
    ExamForm,
    Role,
    Student,
    User,
)
from service.operations.conflicts import conflict, flush_unique
from service.problems import Problem

NUMBER_TAKEN = "Un étudiant a déjà ce numéro."
INE_TAKEN = "Un étudiant a déjà cet INE."
ACCOUNT_TAKEN = "Ce compte est déjà lié à un autre étudiant."
ANY_TAKEN = "Un autre étudiant a déjà ce numéro, cet INE ou ce compte."


@dataclass(frozen=True, slots=True)
class NewStudent:
    """A student record to create."""

    student_number: str
    cohort_id: int
    last_name: str
    first_name: str
    candidate_category: CandidateCategory
    exam_form: ExamForm
    birth_date: date | None = None
    ine: str | None = None
    email: str | None = None
    contract: ContractType | None = None
    employer: str | None = None
    tutor_name: str | None = None
    tutor_email: str | None = None
    user_id: int | None = None


def student_list(
    statement: Select[Student],
    cohort_id: int | None = None,
    q: str | None = None,
    ine: str | None = None,
) -> Select[Student]:
    """Narrow a select of students by cohort, part of a name or INE; sort by name."""
    if cohort_id is not None:
        statement = statement.where(Student.cohort_id == cohort_id)
    if q:
        statement = statement.where(
            or_(
                Student.last_name.icontains(q, autoescape=True),
                Student.first_name.icontains(q, autoescape=True),
            )
        )
    if ine is not None:
        statement = statement.where(Student.ine == ine)
    return statement.order_by(Student.last_name, Student.first_name, Student.id)


def create_student(new: NewStudent) -> Student:
    """Enrol a student; number, INE and linked account are each unique."""
    if db.session.get(Cohort, new.cohort_id) is None:
        message = "Classe inconnue."
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, message, errors={"cohort_id": [message]}
        )
    if _taken(Student.student_number == new.student_number, None):
        raise conflict("student_number", NUMBER_TAKEN)
    _check_unique_links(new.ine, new.user_id, None)
    student = Student(**asdict(new))
    db.session.add(student)
    flush_unique(None, ANY_TAKEN)
    return student


def update_student(student: Student, changes: Mapping[str, Any]) -> None:
    """Change a student's record; a new INE or account must be free."""
    _check_unique_links(changes.get("ine"), changes.get("user_id"), student.id)
    for name, value in changes.items():
        setattr(student, name, value)
    flush_unique(None, ANY_TAKEN)


def _check_unique_links(
    ine: str | None, user_id: int | None, own_id: int | None
) -> None:
    if ine is not None and _taken(Student.ine == ine, own_id):
        raise conflict("ine", INE_TAKEN)
    if user_id is None:
        return
    user = db.session.get(User, user_id)
    if user is None or user.role is not Role.STUDENT:
        message = "Le compte lié doit exister et avoir le rôle étudiant."
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, message, errors={"user_id": [message]}
        )
    if _taken(Student.user_id == user_id, own_id):
        raise conflict("user_id", ACCOUNT_TAKEN)


def _taken(condition: ColumnElement[bool], own_id: int | None) -> bool:
    if own_id is not None:
        condition &= Student.id != own_id
    return bool(db.session.scalar(select(exists().where(condition))))
