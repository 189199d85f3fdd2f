"""Trainers' appreciations in the livret (R8), per subject for a period or a year.

The livret shows the year ones; a period one is checked against the student's
cohort.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from sqlalchemy import select

from service.extensions import db
from service.models import Appreciation, Period, Student, utc_now
from service.problems import Problem

#: The national livret's appreciation box holds a few lines (R8).
APPRECIATION_LENGTH = 1000


@dataclass(frozen=True, slots=True)
class AppreciationEntry:
    """An appreciation as written: its subject, a period or a year, its text."""

    subject_id: int
    period_id: int | None
    year_of_study: int | None
    text: str


def appreciations_of(student: Student) -> list[Appreciation]:
    """Return a student's appreciations: by subject, years first then periods."""
    return list(
        db.session.scalars(
            select(Appreciation)
            .where(Appreciation.student_id == student.id)
            .order_by(
                Appreciation.subject_id,
                Appreciation.year_of_study.is_(None),
                Appreciation.year_of_study,
                Appreciation.period_id,
            )
        )
    )


def save_appreciation(
    student: Student, entry: AppreciationEntry, author_id: int
) -> Appreciation:
    """Create or replace the appreciation of a subject for a period or a year."""
    subject_id, period_id, year = entry.subject_id, entry.period_id, entry.year_of_study
    if (period_id is None) == (year is None):
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Indiquez une période ou une année de formation, pas les deux.",
            errors={"period_id": ["Une période ou une année, exactement."]},
        )
    if period_id is not None:
        _check_period(student, period_id)
    condition = (
        Appreciation.period_id == period_id
        if period_id is not None
        else Appreciation.year_of_study == year
    )
    row = db.session.scalar(
        select(Appreciation).where(
            Appreciation.student_id == student.id,
            Appreciation.subject_id == subject_id,
            condition,
        )
    )
    if row is None:
        row = Appreciation(
            student_id=student.id,
            subject_id=subject_id,
            period_id=period_id,
            year_of_study=year,
        )
        db.session.add(row)
    row.text = entry.text
    row.author_id = author_id
    row.updated_at = utc_now()
    db.session.flush()
    return row


def _check_period(student: Student, period_id: int) -> None:
    cohort_id = db.session.scalar(
        select(Period.cohort_id).where(Period.id == period_id)
    )
    if cohort_id != student.cohort_id:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Cette période n'est pas celle de la classe de l'étudiant.",
            errors={"period_id": ["Période inconnue pour cette classe."]},
        )
