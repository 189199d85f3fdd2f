"""R7 in one place: what a student may see of formative grades, CCF and exam records.

Each rule is one SQL condition. The lists filter with it, and a single row is
loaded through the same select (``scope.*_in_reach``), so the check on a row and
the WHERE clause cannot disagree. Staff see everything they reach; these
conditions are added for a student (``Ownership.OWN_RECORD``) only.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from service.models import (
    Assessment,
    BlocEntry,
    CcfSituation,
    CcfState,
    ExamSession,
    Registration,
    SessionState,
)

#: Sessions whose results (grades, decision, blocs, livret avis) students may read.
PUBLISHED_SESSIONS = (SessionState.PUBLISHED, SessionState.LOCKED)


def assessment_published() -> ColumnElement[bool]:
    """R7: a formative assessment and its grades, once its trainer published it."""
    return Assessment.published_at.is_not(None)


def ccf_published() -> ColumnElement[bool]:
    """R7: a CCF grade is a proposal to the jury until the results are published."""
    return CcfSituation.state == CcfState.PUBLISHED


def session_published() -> ColumnElement[bool]:
    """R7: a session's exam records, once the director published its results."""
    return ExamSession.state.in_(PUBLISHED_SESSIONS)


def bloc_published() -> ColumnElement[bool]:
    """R7: a bloc recorded outside Carnet, or obtained at a published session."""
    published = (
        select(Registration.id)
        .join(ExamSession, ExamSession.id == Registration.session_id)
        .where(session_published())
    )
    return BlocEntry.registration_id.is_(None) | BlocEntry.registration_id.in_(
        published
    )
