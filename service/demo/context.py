"""State shared by the demo builders: the seeded random source and fixed clock."""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal

from service.models import Cohort, Period, Student, Subject, User

DEMO_SEED = 2025
DEMO_PASSWORD = "carnet-demo"


@dataclass
class DemoContext:
    """What the builders need and what they have built so far."""

    password_hash: str
    students_per_cohort: int
    rng: random.Random = field(default_factory=lambda: random.Random(DEMO_SEED))
    subjects: dict[str, Subject] = field(default_factory=dict)
    director: User | None = None
    trainers: list[User] = field(default_factory=list)
    #: Trainer teaching each subject code.
    teacher_of: dict[str, User] = field(default_factory=dict)
    #: Current cohorts: year 2 first, then year 1.
    cohorts: list[Cohort] = field(default_factory=list)
    past_cohort: Cohort | None = None
    #: By cohort name.
    students: dict[str, list[Student]] = field(default_factory=dict)
    periods: dict[str, list[Period]] = field(default_factory=dict)
    used_ines: set[str] = field(default_factory=set)
    used_names: set[tuple[str, str]] = field(default_factory=set)


def at(day: date, hour: int = 18) -> datetime:
    """A fixed, aware UTC timestamp on ``day`` (the demo never reads the clock)."""
    return datetime.combine(day, time(hour), tzinfo=UTC)


def ascii_slug(text: str) -> str:
    """« Maëlys Guérin » → « maelys-guerin », for e-mail addresses."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "-".join(plain.lower().replace("'", " ").split())


def half_points(value: float) -> Decimal:
    """``value`` clamped to 0–20 and rounded to the nearest half point."""
    return Decimal(round(min(20.0, max(0.0, value)) * 2)) / 2
