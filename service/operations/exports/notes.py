"""The livret's written parts: trainers' appreciations and the team's avis (R8).

Appreciations are written per subject for a period or a whole year of study;
the livret shows the year ones. The avis is one of the configured choices; a
changed avis must be examined again by the jury president (R3.8).
"""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus

from sqlalchemy import select

from service.extensions import db
from service.models import (
    Appreciation,
    Decision,
    ExamSession,
    LivretAvis,
    Period,
    Registration,
    RegistrationResult,
    SessionState,
    Student,
    utc_now,
)
from service.problems import Problem

#: Sessions whose livrets are closed: the jury has published (R3.8).
CLOSED = (SessionState.PUBLISHED, SessionState.LOCKED)


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
    student: Student,
    subject_id: int,
    when: tuple[int | None, int | None],
    text: str,
    author_id: int,
) -> Appreciation:
    """Create or replace the appreciation of a subject for a period or a year."""
    period_id, year = when
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
    row.text = text
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


def avis_of(session: ExamSession, student_id: int) -> LivretAvis | None:
    """Return the avis of a student's livret for a session, if written."""
    return db.session.scalar(
        select(LivretAvis).where(
            LivretAvis.session_id == session.id, LivretAvis.student_id == student_id
        )
    )


def is_registered(session: ExamSession, student_id: int) -> bool:
    """Tell whether the student is a candidate of the session."""
    found = db.session.scalar(
        select(Registration.id).where(
            Registration.session_id == session.id,
            Registration.student_id == student_id,
        )
    )
    return found is not None


def save_avis(
    session: ExamSession,
    student_id: int,
    values: tuple[str, str | None],
    author_id: int,
    choices: Sequence[str],
) -> LivretAvis:
    """Write the team's avis (R8); a changed avis is to be examined again (R3.8)."""
    avis, comment = values
    if avis not in choices:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Avis inconnu.",
            errors={"avis": [f"Choisissez parmi : {', '.join(choices)}."]},
        )
    _ensure_open(session)
    row = avis_of(session, student_id)
    if row is None:
        row = LivretAvis(session_id=session.id, student_id=student_id)
        db.session.add(row)
    elif (row.avis, row.comment) != (avis, comment):
        row.examined_at = None  # R3.8: the president examines what the jury sees
    row.avis, row.comment = avis, comment
    row.author_id = author_id
    row.updated_at = utc_now()
    db.session.flush()
    return row


def mark_examined(session: ExamSession, row: LivretAvis) -> LivretAvis:
    """Record that the jury president examined the livret (R3.8)."""
    _ensure_open(session)
    row.examined_at = utc_now()
    db.session.flush()
    return row


def _ensure_open(session: ExamSession) -> None:
    if session.state in CLOSED:
        raise Problem(
            HTTPStatus.CONFLICT,
            f"Les résultats de la session {session.year} sont publiés : "
            "le livret ne change plus.",
        )


#: Decisions that fail a candidate: their livret must have been examined (R3.8).
FAILING = (Decision.REFUSE, Decision.REFUSE_ABSENT)


def unexamined_refusals(session: ExamSession) -> list[str]:
    """Name the refused candidates whose livret the jury has not examined (R3.8)."""
    rows = db.session.execute(
        select(Student.last_name, Student.first_name)
        .join(Registration, Registration.student_id == Student.id)
        .join(RegistrationResult, RegistrationResult.registration_id == Registration.id)
        .join(
            LivretAvis,
            (LivretAvis.student_id == Student.id)
            & (LivretAvis.session_id == session.id),
        )
        .where(
            Registration.session_id == session.id,
            RegistrationResult.decision.in_(FAILING),
            LivretAvis.examined_at.is_(None),
        )
        .order_by(Student.last_name, Student.first_name)
    )
    return [f"{last.upper()} {first}" for last, first in rows]


def ensure_livrets_examined(session: ExamSession) -> None:
    """Refuse publication while a refused candidate's livret is unexamined (R3.8)."""
    names = unexamined_refusals(session)
    if names:
        raise Problem(
            HTTPStatus.CONFLICT,
            "Le jury doit examiner le livret scolaire des candidats refusés avant "
            f"la publication : {', '.join(names)}.",
            errors={"livrets": names},
        )
