"""R7 in one place: what a student may see of formative grades, CCF and exam records.

Each rule is one SQL condition. The lists filter with it, and a single row is
loaded through the same select (``scope.*_in_reach``), so the check on a row and
the WHERE clause cannot disagree. Staff see everything they reach; these
conditions are added for readers (a student, ``Ownership.OWN_RECORD``, and a
company tutor, ``Ownership.TUTORED``) only. ``Visibility`` carries the choice from
the caller to the queries that load a class's grades.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, select

from service.access.guard import Caller
from service.access.rules import Ownership
from service.extensions import db
from service.models import (
    Assessment,
    BlocEntry,
    CcfSituation,
    CcfState,
    Cohort,
    ExamSession,
    Registration,
    SessionState,
    Subject,
    TeachingAssignment,
)

#: Any select, whatever its columns.
AnySelect = TypeVar("AnySelect", bound=Select[*tuple[Any, ...]])

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


@dataclass(frozen=True, slots=True)
class Visibility:
    """What one caller may see of a class's grades (R7)."""

    #: A reader (student, tutor): published formative assessments and CCF only.
    published_only: bool
    #: The CCF units the caller may see; None for every unit.
    ccf_units: frozenset[str] | None = None

    def published(
        self, statement: AnySelect, condition: ColumnElement[bool]
    ) -> AnySelect:
        """Add an R7 condition for a reader; staff see every row they reach."""
        return statement.where(condition) if self.published_only else statement


def visibility_for(caller: Caller, cohort: Cohort) -> Visibility:
    """Return what the caller may see of the cohort's grades (R7)."""
    if caller.ownership is Ownership.ALL:
        return Visibility(published_only=False)
    if caller.ownership is Ownership.ASSIGNMENTS:
        return Visibility(False, taught_units(caller, cohort))
    return Visibility(published_only=True)


def taught_units(caller: Caller, cohort: Cohort) -> frozenset[str]:
    """Return the units of the subjects the trainer teaches to the cohort.

    The same reach as the CCF routes (``scope.teaches_unit``): a subject's own unit.
    """
    units = db.session.scalars(
        select(Subject.unit)
        .join(TeachingAssignment, TeachingAssignment.subject_id == Subject.id)
        .where(
            TeachingAssignment.trainer_id == caller.user.id,
            TeachingAssignment.cohort_id == cohort.id,
            Subject.unit.is_not(None),
        )
    )
    return frozenset(unit for unit in units if unit is not None)
