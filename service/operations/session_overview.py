"""What a session holds, counted for its page and for the confirmations of its steps.

Read only: the session's registrations, the exam grades entered, the results by
decision, and what publishing would change (results shown, CCF proposals made
visible: R7; blocs written to the ledger: R4).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from service.extensions import db
from service.models import (
    CcfSituation,
    CcfState,
    Decision,
    ExamSession,
    ExamUnitGrade,
    Registration,
    RegistrationResult,
)


@dataclass(frozen=True, slots=True)
class SessionCounts:
    """A session's figures: candidates, grades entered, results by decision."""

    registrations: int
    grades: int
    decisions: Counter[Decision]

    @property
    def results(self) -> int:
        """How many candidates have a computed result."""
        return sum(self.decisions.values())


@dataclass(frozen=True, slots=True)
class PublicationEffects:
    """What publishing a session changes, for its confirmation page."""

    candidates: int
    ccf_proposals: int
    blocs: int


def session_counts(session: ExamSession) -> SessionCounts:
    """Count a session's registrations, entered grades and results by decision."""
    registrations = db.session.scalar(
        select(func.count(Registration.id)).where(Registration.session_id == session.id)
    )
    grades = db.session.scalar(
        select(func.count(ExamUnitGrade.id))
        .join(Registration, Registration.id == ExamUnitGrade.registration_id)
        .where(Registration.session_id == session.id)
    )
    decisions = Counter(
        db.session.scalars(
            select(RegistrationResult.decision)
            .join(Registration)
            .where(Registration.session_id == session.id)
        )
    )
    return SessionCounts(registrations or 0, grades or 0, decisions)


def publication_effects(session: ExamSession) -> PublicationEffects:
    """Count the results shown, CCF proposals revealed (R7) and blocs written (R4)."""
    registered = select(Registration.student_id).where(
        Registration.session_id == session.id
    )
    proposals = db.session.scalar(
        select(func.count(CcfSituation.id)).where(
            CcfSituation.student_id.in_(registered),
            CcfSituation.state == CcfState.PROPOSED,
        )
    )
    explanations = db.session.scalars(
        select(RegistrationResult.explanation)
        .join(Registration)
        .where(Registration.session_id == session.id)
    ).all()
    blocs = sum(len(output.get("blocks") or ()) for output in explanations)
    return PublicationEffects(len(explanations), proposals or 0, blocs)
