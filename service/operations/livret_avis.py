"""The teaching team's avis in the livret (R8) and the president's examination.

The avis is one of the configured choices; a changed avis must be examined
again by the jury president (R3.8).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from http import HTTPStatus

from sqlalchemy import select

from service.extensions import db
from service.models import (
    ExamSession,
    LivretAvis,
    Registration,
    SessionState,
    utc_now,
)
from service.operations.audit import (
    AuditOutcome,
    AuditRecord,
    RefusedWrite,
    record_event,
)
from service.problems import Problem

#: The longest comment, or words on motivation and engagement, of an avis.
AVIS_TEXT_LENGTH = 2000
#: Sessions whose livrets are closed: the jury has published (R3.8).
CLOSED = (SessionState.PUBLISHED, SessionState.LOCKED)


@dataclass(frozen=True, slots=True)
class AvisEntry:
    """The team's avis (one of the configured choices), its comment and its
    words on motivation and engagement (« éléments complémentaires »).
    """

    avis: str
    comment: str | None
    engagement: str | None = None


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
    entry: AvisEntry,
    author_id: int,
    choices: Sequence[str],
) -> LivretAvis:
    """Write the team's avis (R8); a changed avis is to be examined again (R3.8)."""
    avis, comment, engagement = entry.avis, entry.comment, entry.engagement
    if avis not in choices:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Avis inconnu.",
            errors={"avis": [f"Choisissez parmi : {', '.join(choices)}."]},
        )
    attempt = _attempt(author_id, "livret.avis", student_id, session, avis)
    _ensure_open(session, attempt)
    row = avis_of(session, student_id)
    if row is None:
        row = LivretAvis(session_id=session.id, student_id=student_id)
        db.session.add(row)
    elif (row.avis, row.comment, row.engagement) != (avis, comment, engagement):
        row.examined_at = None  # R3.8: the president examines what the jury sees
    row.avis, row.comment, row.engagement = avis, comment, engagement
    row.author_id = author_id
    row.updated_at = utc_now()
    record_event(attempt)
    db.session.flush()
    return row


def mark_examined(session: ExamSession, row: LivretAvis, actor_id: int) -> LivretAvis:
    """Record that the jury president examined the livret (R3.8)."""
    attempt = _attempt(
        actor_id, "jury.examine_livret", row.student_id, session, row.avis
    )
    _ensure_open(session, attempt)
    row.examined_at = utc_now()
    record_event(attempt)
    db.session.flush()
    return row


def _ensure_open(session: ExamSession, attempt: AuditRecord) -> None:
    """Refuse to change a closed session's livret; the refusal is audited (T07)."""
    if session.state in CLOSED:
        locked = session.state is SessionState.LOCKED
        outcome = (
            AuditOutcome.REFUSED_LOCKED if locked else AuditOutcome.REFUSED_PUBLISHED
        )
        raise RefusedWrite(
            f"Les résultats de la session {session.year} sont publiés : "
            "le livret ne change plus.",
            replace(attempt, outcome=outcome),
        )


def _attempt(
    actor_id: int, action: str, student_id: int, session: ExamSession, avis: str
) -> AuditRecord:
    """The audit row of a write on a student's livret avis, accepted until refused."""
    detail = {"session": session.year, "avis": avis}
    return AuditRecord(
        actor_id, action, "student", student_id, AuditOutcome.ACCEPTED, detail
    )
