"""The curriculum's subjects and who teaches what to which cohort."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from sqlalchemy import exists, func, select

from grading import load_regulation
from service.extensions import db
from service.models import Cohort, Role, Subject, TeachingAssignment, User
from service.models.cohorts import MAX_SUBJECT_POSITION
from service.operations.conflicts import conflict, flush_unique
from service.problems import Problem

CODE_TAKEN = "Une matière a déjà ce code."
ALREADY_ASSIGNED = "Ce formateur enseigne déjà cette matière à cette classe."


@dataclass(frozen=True, slots=True)
class NewSubject:
    """A subject to add to the curriculum."""

    code: str
    name: str
    hours_per_year: int
    unit: str | None
    position: int | None = None


@dataclass(frozen=True, slots=True)
class NewAssignment:
    """A trainer to put in charge of a subject in a cohort."""

    trainer_id: int
    cohort_id: int
    subject_id: int


def _invalid(field: str, message: str) -> Problem:
    return Problem(HTTPStatus.UNPROCESSABLE_ENTITY, message, errors={field: [message]})


def _check_unit(unit: str | None, regulation_id: str) -> None:
    """R8: a subject prepares one unit of the regulation, or none."""
    if unit is not None and unit not in load_regulation(regulation_id).units:
        raise _invalid("unit", "Épreuve inconnue du règlement.")


def _check_code(code: str, own_id: int | None) -> None:
    same = Subject.code == code
    if own_id is not None:
        same &= Subject.id != own_id
    if db.session.scalar(select(exists().where(same))):
        raise conflict("code", CODE_TAKEN)


def create_subject(new: NewSubject, regulation_id: str) -> Subject:
    """Add a subject; its code is unique, its unit one of the regulation's."""
    _check_unit(new.unit, regulation_id)
    _check_code(new.code, None)
    position = new.position
    if position is None:  # after the others, within the bound
        last = db.session.scalar(select(func.max(Subject.position))) or 0
        position = min(last + 1, MAX_SUBJECT_POSITION)
    subject = Subject(
        code=new.code,
        name=new.name,
        hours_per_year=new.hours_per_year,
        unit=new.unit,
        position=position,
    )
    db.session.add(subject)
    flush_unique("code", CODE_TAKEN)
    return subject


def update_subject(
    subject: Subject, changes: Mapping[str, Any], regulation_id: str
) -> None:
    """Change a subject's code, name, hours, unit or position."""
    if "unit" in changes:
        _check_unit(changes["unit"], regulation_id)
    if "code" in changes:
        _check_code(changes["code"], subject.id)
    for name, value in changes.items():
        setattr(subject, name, value)
    flush_unique("code", CODE_TAKEN)


def create_assignment(new: NewAssignment) -> TeachingAssignment:
    """Put a trainer in charge of a subject in a cohort (once)."""
    trainer = db.session.get(User, new.trainer_id)
    if trainer is None or trainer.role is not Role.TRAINER or not trainer.active:
        raise _invalid("trainer_id", "Le compte doit être un formateur actif.")
    if db.session.get(Cohort, new.cohort_id) is None:
        raise _invalid("cohort_id", "Classe inconnue.")
    if db.session.get(Subject, new.subject_id) is None:
        raise _invalid("subject_id", "Matière inconnue.")
    same = (
        (TeachingAssignment.trainer_id == new.trainer_id)
        & (TeachingAssignment.cohort_id == new.cohort_id)
        & (TeachingAssignment.subject_id == new.subject_id)
    )
    if db.session.scalar(select(exists().where(same))):
        raise conflict(None, ALREADY_ASSIGNED)
    assignment = TeachingAssignment(
        trainer_id=new.trainer_id, cohort_id=new.cohort_id, subject_id=new.subject_id
    )
    db.session.add(assignment)
    flush_unique(None, ALREADY_ASSIGNED)
    return assignment


def delete_assignment(assignment: TeachingAssignment) -> None:
    """End an assignment; the trainer's grades stay, their access ends."""
    db.session.delete(assignment)
    db.session.flush()
