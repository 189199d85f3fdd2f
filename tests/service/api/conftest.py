"""API fixtures: a small centre with one account per role and a Bearer token each.

``world`` holds two cohorts; trainer ``trainer_a`` teaches cohort A's U1 (CEF) and
U4 (RCNV) subjects, ``trainer_b`` teaches cohort B's U4; students ``alice`` and
``bruno`` are in cohort A, ``chloe`` in cohort B; each has a linked account.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import Flask

from service.access.identity import hash_token
from service.curriculum import ensure_subjects
from service.extensions import db
from service.models import (
    ApiToken,
    CandidateCategory,
    Cohort,
    ExamForm,
    Period,
    PeriodCode,
    Role,
    Student,
    Subject,
    TeachingAssignment,
    User,
    utc_now,
)

PERIOD_STARTS = {
    PeriodCode.S1: (0, 9, 1),
    PeriodCode.S2: (1, 1, 15),
    PeriodCode.S3: (1, 9, 1),
    PeriodCode.S4: (2, 1, 15),
}


@dataclass
class World:
    """Ids of the rows every API test needs, and a Bearer header per account."""

    director: int
    trainer_a: int
    trainer_b: int
    alice: int
    bruno: int
    chloe: int
    #: Student ids (the ``students`` table), by first name.
    student_ids: dict[str, int]
    cohort_a: int
    cohort_b: int
    #: Subject ids by code (CEF, LV1, CEJM, RCNV, RCDD, RCAR, ATP, EVP).
    subjects: dict[str, int]
    #: Period ids by cohort id then code ("S1"…"S4").
    periods: dict[int, dict[str, int]]
    tokens: dict[int, str] = field(default_factory=dict)

    def headers(self, user_id: int) -> dict[str, str]:
        """Return the Authorization header of an account."""
        return {"Authorization": f"Bearer {self.tokens[user_id]}"}


def add_user(email: str, name: str, role: Role) -> User:
    """Add an active account (password hash unusable: the tests use tokens)."""
    user = User(email=email, display_name=name, password_hash="!", role=role)
    db.session.add(user)
    db.session.flush()
    return user


def add_token(user: User) -> str:
    """Give ``user`` a valid personal token and return its secret."""
    secret = f"carnet_test_{user.id}_{user.email}"
    db.session.add(
        ApiToken(
            user_id=user.id,
            name="tests",
            prefix=secret[:11],
            token_hash=hash_token(secret),
            expires_at=utc_now() + timedelta(days=30),
        )
    )
    return secret


def add_cohort(name: str, start_year: int) -> tuple[Cohort, dict[str, int]]:
    """Add a cohort with its four periods."""
    cohort = Cohort(name=name, start_year=start_year, exam_session_year=start_year + 2)
    db.session.add(cohort)
    db.session.flush()
    periods = {}
    for code, (offset, month, day) in PERIOD_STARTS.items():
        starts = date(start_year + offset, month, day)
        period = Period(
            cohort_id=cohort.id,
            code=code,
            starts_on=starts,
            ends_on=starts + timedelta(days=120),
        )
        db.session.add(period)
        db.session.flush()
        periods[code.value] = period.id
    return cohort, periods


def add_student(cohort: Cohort, first: str, last: str, number: str) -> Student:
    """Add a student of ``cohort`` with a linked student account."""
    user = add_user(f"{first.lower()}@carnet.test", f"{first} {last}", Role.STUDENT)
    student = Student(
        student_number=number,
        cohort_id=cohort.id,
        last_name=last,
        first_name=first,
        candidate_category=CandidateCategory.CFA_HABILITE,
        exam_form=ExamForm.GLOBALE,
        user_id=user.id,
    )
    db.session.add(student)
    db.session.flush()
    return student


def assign(trainer: User, cohort: Cohort, subject: Subject) -> None:
    """Make ``trainer`` teach ``subject`` to ``cohort``."""
    db.session.add(
        TeachingAssignment(
            trainer_id=trainer.id, cohort_id=cohort.id, subject_id=subject.id
        )
    )


def build_world() -> World:
    """Add the small centre and return its ids."""
    subjects = ensure_subjects()
    director = add_user("directrice@carnet.test", "Directrice", Role.DIRECTOR)
    trainer_a = add_user("formateur.a@carnet.test", "Formateur A", Role.TRAINER)
    trainer_b = add_user("formateur.b@carnet.test", "Formateur B", Role.TRAINER)
    cohort_a, periods_a = add_cohort("NDRC 2025–2027", 2025)
    cohort_b, periods_b = add_cohort("NDRC 2026–2028", 2026)
    students = {
        "alice": add_student(cohort_a, "Alice", "Martin", "E001"),
        "bruno": add_student(cohort_a, "Bruno", "Petit", "E002"),
        "chloe": add_student(cohort_b, "Chloé", "Durand", "E003"),
    }
    assign(trainer_a, cohort_a, subjects["CEF"])
    assign(trainer_a, cohort_a, subjects["RCNV"])
    assign(trainer_b, cohort_b, subjects["RCNV"])
    users = [director, trainer_a, trainer_b] + [
        s.user for s in students.values() if s.user
    ]
    world = World(
        director=director.id,
        trainer_a=trainer_a.id,
        trainer_b=trainer_b.id,
        alice=_user_id(students["alice"]),
        bruno=_user_id(students["bruno"]),
        chloe=_user_id(students["chloe"]),
        student_ids={name: s.id for name, s in students.items()},
        cohort_a=cohort_a.id,
        cohort_b=cohort_b.id,
        subjects={code: s.id for code, s in subjects.items()},
        periods={cohort_a.id: periods_a, cohort_b.id: periods_b},
    )
    world.tokens = {user.id: add_token(user) for user in users}
    return world


def _user_id(student: Student) -> int:
    assert student.user_id is not None
    return student.user_id


@pytest.fixture
def world(app: Flask) -> World:
    """The small centre, committed, with a Bearer token per account."""
    with app.app_context():
        built = build_world()
        db.session.commit()
    return built
