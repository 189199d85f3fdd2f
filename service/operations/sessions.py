"""Exam sessions: create, edit, delete, and their life cycle (open → locked).

open: registrations and exam grades are written; computing the results moves the
session to ``deliberated``, where only the jury's adjustments change it (R3.8) —
``reopen`` goes back to open. ``published`` shows the results and CCF grades to the
students (R7); ``locked`` refuses every write, and each refusal is audited (T07).
"""

from __future__ import annotations

from collections.abc import Collection
from http import HTTPStatus
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from grading import GradingError, load_regulation
from service.access.scope import not_found
from service.extensions import db
from service.models import ExamSession, Registration, SessionState, Student
from service.operations.audit import (
    AuditOutcome,
    AuditRecord,
    RefusedWrite,
    record_event,
)
from service.problems import Problem

TARGET = "exam_session"
#: The years a session may take (the API's schema and the page's form).
FIRST_YEAR = 2000
LAST_YEAR = 2100

OPEN = SessionState.OPEN
DELIBERATED = SessionState.DELIBERATED
PUBLISHED = SessionState.PUBLISHED
LOCKED = SessionState.LOCKED

#: The legal moves of a session's state; anything else answers 409.
TRANSITIONS: dict[SessionState, frozenset[SessionState]] = {
    OPEN: frozenset({DELIBERATED}),
    DELIBERATED: frozenset({DELIBERATED, OPEN, PUBLISHED}),
    PUBLISHED: frozenset({LOCKED}),
    LOCKED: frozenset(),
}

STATE_LABELS = {
    OPEN: "ouverte",
    DELIBERATED: "délibérée",
    PUBLISHED: "publiée",
    LOCKED: "verrouillée",
}


def session_or_404(session_id: int) -> ExamSession:
    """Return a session or answer 404 (the API's and the pages')."""
    session = db.session.get(ExamSession, session_id)
    if session is None:
        raise not_found("Session d'examen")
    return session


def registration_or_404(registration_id: int) -> Registration:
    """Return a registration or answer 404 (the API's and the pages')."""
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        raise not_found("Inscription")
    return registration


def registrations_by_name(session: ExamSession) -> list[Registration]:
    """A session's registrations, by the candidates' last then first name."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(Student)
            .where(Registration.session_id == session.id)
            .order_by(Student.last_name, Student.first_name)
        )
    )


def latest_first() -> list[ExamSession]:
    """Every session, the latest year first."""
    return list(
        db.session.scalars(
            select(ExamSession).order_by(ExamSession.year.desc(), ExamSession.id)
        )
    )


def ensure_state(
    session: ExamSession,
    allowed: Collection[SessionState],
    actor_id: int,
    action: str,
) -> None:
    """Refuse a write unless the session is in one of ``allowed`` states.

    A locked session refuses every write: 409, and the refusal is audited (T07).
    """
    if session.state is LOCKED:
        raise RefusedWrite(
            f"La session {session.year} est verrouillée : plus aucune écriture.",
            AuditRecord(
                actor_id, action, TARGET, session.id, AuditOutcome.REFUSED_LOCKED
            ),
        )
    if session.state not in allowed:
        wanted = " ou ".join(STATE_LABELS[state] for state in allowed)
        raise Problem(
            HTTPStatus.CONFLICT,
            f"La session {session.year} est {STATE_LABELS[session.state]} : "
            f"cette opération demande une session {wanted}.",
        )


def advance(
    session: ExamSession, target: SessionState, actor_id: int, action: str
) -> None:
    """Move the session to ``target`` if the life cycle allows it (else 409)."""
    allowed = [state for state, moves in TRANSITIONS.items() if target in moves]
    ensure_state(session, allowed, actor_id, action)
    if session.state is not target:
        record_event(
            AuditRecord(
                actor_id,
                action,
                TARGET,
                session.id,
                AuditOutcome.ACCEPTED,
                {"from": str(session.state), "to": str(target)},
            )
        )
        session.state = target
    db.session.flush()


def create_session(values: dict[str, Any]) -> ExamSession:
    """Add an open session; one per regulation and year."""
    check_regulation(values["regulation_id"])
    session = ExamSession(**values, state=OPEN)
    db.session.add(session)
    _flush_unique(values["year"])
    return session


def edit_session(
    session: ExamSession, actor_id: int, changes: dict[str, Any]
) -> ExamSession:
    """Change the year or jury date of an open session."""
    ensure_state(session, (OPEN,), actor_id, "session.edit")
    for name, value in changes.items():
        setattr(session, name, value)
    _flush_unique(session.year)
    return session


def delete_session(session: ExamSession, actor_id: int) -> None:
    """Delete an open session that has no registration."""
    ensure_state(session, (OPEN,), actor_id, "session.delete")
    registered = db.session.scalar(
        select(exists().where(Registration.session_id == session.id))
    )
    if registered:
        raise Problem(
            HTTPStatus.CONFLICT, "Des candidats sont inscrits à cette session."
        )
    db.session.delete(session)
    db.session.flush()


def check_regulation(regulation_id: str) -> None:
    """Answer 422 unless the regulation is one the engine knows."""
    try:
        load_regulation(regulation_id)
    except GradingError as error:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"Réglementation inconnue : {regulation_id}.",
            errors={"regulation_id": [error.message]},
        ) from error


def _flush_unique(year: int) -> None:
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise Problem(
            HTTPStatus.CONFLICT,
            f"Une session {year} existe déjà pour cette réglementation.",
        ) from error
