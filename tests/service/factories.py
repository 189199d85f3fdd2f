"""Plain functions that add one row (with sensible defaults) and flush."""

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any, TypeVar

from sqlalchemy import select

from service.curriculum import ensure_subjects
from service.extensions import db
from service.models import (
    Assessment,
    AssessmentKind,
    CandidateCategory,
    Cohort,
    ExamForm,
    Grade,
    Period,
    PeriodCode,
    Role,
    Student,
    Subject,
    User,
)
from service.passwords import hash_password

PASSWORD = "correct horse battery"
T = TypeVar("T")
_serial = count(1)


def _add(row: T) -> T:
    db.session.add(row)
    db.session.flush()
    return row


def make_user(role: Role = Role.TRAINER, **overrides: Any) -> User:
    """A user whose password is PASSWORD."""
    n = next(_serial)
    values: dict[str, Any] = {
        "email": f"user{n}@example.test",
        "display_name": f"Utilisateur {n}",
        "password_hash": hash_password(overrides.pop("password", PASSWORD)),
        "role": role,
    }
    return _add(User(**(values | overrides)))


def make_cohort(**overrides: Any) -> Cohort:
    """A cohort starting in 2025."""
    values = {
        "name": f"NDRC test {next(_serial)}",
        "start_year": 2025,
        "exam_session_year": 2027,
    }
    return _add(Cohort(**(values | overrides)))


def make_period(cohort: Cohort, **overrides: Any) -> Period:
    """The cohort's S1."""
    values: dict[str, Any] = {
        "cohort": cohort,
        "code": PeriodCode.S1,
        "starts_on": date(cohort.start_year, 9, 1),
        "ends_on": date(cohort.start_year + 1, 1, 31),
    }
    return _add(Period(**(values | overrides)))


def period_of(cohort: Cohort, code: PeriodCode = PeriodCode.S1) -> Period:
    """The cohort's period ``code``, created when missing."""
    found = db.session.scalar(
        select(Period).where(Period.cohort_id == cohort.id, Period.code == code)
    )
    return found or make_period(cohort, code=code)


def subject(code: str = "RCNV") -> Subject:
    """A subject of the curriculum, by code."""
    return ensure_subjects()[code]


def make_student(cohort: Cohort | None = None, **overrides: Any) -> Student:
    """A student in ``cohort`` (a new one by default)."""
    n = next(_serial)
    values: dict[str, Any] = {
        "student_number": f"T-{n:05d}",
        "cohort": cohort or make_cohort(),
        "last_name": f"Nom{n}",
        "first_name": "Prénom",
        "candidate_category": CandidateCategory.CFA_HABILITE,
        "exam_form": ExamForm.GLOBALE,
    }
    return _add(Student(**(values | overrides)))


def make_assessment(cohort: Cohort | None = None, **overrides: Any) -> Assessment:
    """An assessment out of 20 in S1 of ``cohort``."""
    cohort = cohort or make_cohort()
    values: dict[str, Any] = {
        "cohort": cohort,
        "subject": subject(),
        "period": period_of(cohort),
        "title": f"Évaluation {next(_serial)}",
        "held_on": date(cohort.start_year, 10, 15),
        "kind": AssessmentKind.WRITTEN,
        "max_score": Decimal(20),
    }
    return _add(Assessment(**(values | overrides)))


def make_grade(
    assessment: Assessment | None = None,
    student: Student | None = None,
    **overrides: Any,
) -> Grade:
    """A grade of 12 at ``assessment`` for ``student``."""
    assessment = assessment or make_assessment()
    student = student or make_student(assessment.cohort)
    values: dict[str, Any] = {
        "assessment": assessment,
        "student": student,
        "score": Decimal(12),
    }
    return _add(Grade(**(values | overrides)))
