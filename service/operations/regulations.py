"""Which regulation file applies: the version in force at the session concerned (R9)."""

from __future__ import annotations

from grading import Regulation, load_regulation
from service.models import Cohort, ExamSession


def session_regulation(session: ExamSession) -> Regulation:
    """Return the regulation in force at ``session`` (its year picks the version)."""
    return load_regulation(session.regulation_id, session.year)


def cohort_regulation(cohort: Cohort) -> Regulation:
    """Return the regulation in force at the session ``cohort`` prepares."""
    return load_regulation(cohort.regulation_id, cohort.exam_session_year)
