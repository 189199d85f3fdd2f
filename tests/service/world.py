"""The small centre behind the ``world`` fixture, built from the factories.

Two cohorts with their four periods; trainer ``trainer_a`` teaches cohort A's U1
(CEF) and U4 (RCNV), ``trainer_b`` cohort B's U4; students ``alice`` and ``bruno``
are in cohort A, ``chloe`` in cohort B. Every account has a Bearer token and no
usable password (``set_password`` gives one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.curriculum import ensure_subjects
from service.models import Cohort, PeriodCode, Role, Student, User
from tests.service.factories import (
    make_assignment,
    make_cohort,
    make_student,
    make_token,
    make_tutor_link,
    make_user,
    period_of,
)


@dataclass
class World:
    """Ids of the rows every API test needs, and a Bearer header per account."""

    director: int
    trainer_a: int
    trainer_b: int
    alice: int
    bruno: int
    chloe: int
    #: Alice's company tutor (reads Alice's record only).
    tutor: int
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


def account(email: str, name: str, role: Role) -> User:
    """An active account that signs in with a token (no usable password)."""
    return make_user(role, email=email, display_name=name, password=None)


def cohort_with_periods(name: str, start_year: int) -> tuple[Cohort, dict[str, int]]:
    """A cohort and the ids of its four periods, by code."""
    cohort = make_cohort(
        name=name, start_year=start_year, exam_session_year=start_year + 2
    )
    return cohort, {code.value: period_of(cohort, code).id for code in PeriodCode}


def enrolled(cohort: Cohort, first: str, last: str, number: str) -> Student:
    """A student of ``cohort`` with a linked student account."""
    user = account(f"{first.lower()}@carnet.test", f"{first} {last}", Role.STUDENT)
    return make_student(
        cohort, first_name=first, last_name=last, student_number=number, user=user
    )


def build_world() -> World:
    """Add the small centre (inside an app context) and return its ids."""
    director = account("directrice@carnet.test", "Directrice", Role.DIRECTOR)
    trainer_a = account("formateur.a@carnet.test", "Formateur A", Role.TRAINER)
    trainer_b = account("formateur.b@carnet.test", "Formateur B", Role.TRAINER)
    cohort_a, periods_a = cohort_with_periods("NDRC 2025–2027", 2025)
    cohort_b, periods_b = cohort_with_periods("NDRC 2026–2028", 2026)
    students = {
        "alice": enrolled(cohort_a, "Alice", "Martin", "E001"),
        "bruno": enrolled(cohort_a, "Bruno", "Petit", "E002"),
        "chloe": enrolled(cohort_b, "Chloé", "Durand", "E003"),
    }
    make_assignment(trainer_a, cohort_a, "CEF")
    make_assignment(trainer_a, cohort_a, "RCNV")
    make_assignment(trainer_b, cohort_b, "RCNV")
    tutor = account("tutrice@entreprise.test", "Tutrice Alice", Role.TUTOR)
    make_tutor_link(tutor, students["alice"])
    world = World(
        director=director.id,
        trainer_a=trainer_a.id,
        trainer_b=trainer_b.id,
        alice=_user_id(students["alice"]),
        bruno=_user_id(students["bruno"]),
        chloe=_user_id(students["chloe"]),
        tutor=tutor.id,
        student_ids={name: s.id for name, s in students.items()},
        cohort_a=cohort_a.id,
        cohort_b=cohort_b.id,
        subjects={code: s.id for code, s in ensure_subjects().items()},
        periods={cohort_a.id: periods_a, cohort_b.id: periods_b},
    )
    users = [director, trainer_a, trainer_b, tutor] + [
        s.user for s in students.values() if s.user
    ]
    world.tokens = {user.id: make_token(user) for user in users}
    return world


def _user_id(student: Student) -> int:
    assert student.user_id is not None
    return student.user_id
