"""The deterministic demo centre: same content on every run (random.Random(2025))."""

from dataclasses import dataclass

from sqlalchemy import func, select

from service.curriculum import ensure_subjects
from service.demo.ccf import add_ccf
from service.demo.context import DEMO_PASSWORD, DemoContext
from service.demo.formative import add_formative
from service.demo.justifications import add_justifications
from service.demo.people import TUTOR, add_cohorts, add_staff
from service.demo.planning import add_planning
from service.demo.roll_calls import add_roll_calls
from service.demo.sessions import add_sessions
from service.extensions import db
from service.models import User
from service.passwords import hash_password

__all__ = ["DEMO_PASSWORD", "DemoLogin", "database_is_empty", "load_demo"]


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """An account to try the demo with."""

    role: str
    email: str
    name: str


def database_is_empty() -> bool:
    """True when no account exists yet."""
    return db.session.scalar(select(func.count()).select_from(User)) == 0


def load_demo(students_per_cohort: int = 24) -> list[DemoLogin]:
    """Add the demo centre (flushes, never commits); return logins to show."""
    # One hash for every demo account: they share the demo password.
    demo = DemoContext(hash_password(DEMO_PASSWORD), students_per_cohort)
    demo.subjects = ensure_subjects()
    add_staff(demo)
    add_cohorts(demo)
    add_formative(demo)
    add_ccf(demo)
    add_sessions(demo)
    add_planning(demo)
    add_roll_calls(demo)
    add_justifications(demo)
    return _logins(demo)


def _logins(demo: DemoContext) -> list[DemoLogin]:
    assert demo.director is not None
    logins = [DemoLogin("directrice", demo.director.email, demo.director.display_name)]
    logins += [DemoLogin("formateur", t.email, t.display_name) for t in demo.trainers]
    for cohort in demo.cohorts:
        student = demo.students[cohort.name][0]
        if student.user is not None:
            logins.append(
                DemoLogin(
                    f"apprenti·e {cohort.name}", student.user.email, student.full_name
                )
            )
    logins.append(DemoLogin("tuteur·rice", *TUTOR))
    return logins
