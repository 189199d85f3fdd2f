"""Attendance arithmetic (R8): the minutes an apprentice attended of a half-day,
per subject, and the attendance rate, in whole minutes and exact fractions.

A half-day's lessons run in order. Minutes late are taken from the first lessons
and minutes left early from the last ones, so a late arrival costs the morning's
first subject and an early departure its last. Late and early minutes that
together exceed the half-day are clipped: the apprentice attended nothing, never
less (the roll call may record an arrival after the last lesson ended).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from grading.errors import GradingError
from grading.numbers import half_up

MINUTES_PER_HOUR = 60


@dataclass(frozen=True, slots=True)
class LessonSpan:
    """One lesson of a half-day, in order: its subject code and duration."""

    subject: str
    minutes: int


@dataclass(frozen=True, slots=True)
class MarkFacts:
    """What the roll call recorded for one apprentice at one half-day."""

    present: bool
    late_minutes: int = 0
    early_minutes: int = 0


def attended_by_subject(
    lessons: Sequence[LessonSpan], mark: MarkFacts
) -> dict[str, int]:
    """Return the minutes attended per subject code of the half-day's lessons.

    Absent: 0 for every subject. Present: each lesson's minutes, less the minutes
    late taken from the first lessons and the minutes left early taken from the
    last ones, never below 0. Negative minutes are refused (``GradingError``).
    """
    _check_minutes(lessons, mark)
    attended = {lesson.subject: 0 for lesson in lessons}
    if not mark.present:
        return attended
    remaining = [lesson.minutes for lesson in lessons]
    _cut(remaining, mark.late_minutes)
    remaining.reverse()
    _cut(remaining, mark.early_minutes)
    remaining.reverse()
    for lesson, minutes in zip(lessons, remaining, strict=True):
        attended[lesson.subject] += minutes
    return attended


def _cut(minutes: list[int], amount: int) -> None:
    """Take ``amount`` minutes off the list from its start, lesson by lesson."""
    for index, available in enumerate(minutes):
        if amount <= 0:
            return
        taken = min(available, amount)
        minutes[index] = available - taken
        amount -= taken


def _check_minutes(lessons: Sequence[LessonSpan], mark: MarkFacts) -> None:
    """Refuse negative durations, naming the field."""
    for index, lesson in enumerate(lessons):
        if lesson.minutes < 0:
            raise GradingError(
                "une durée est un nombre de minutes positif",
                f"lessons[{index}].minutes",
            )
    for field in ("late_minutes", "early_minutes"):
        if getattr(mark, field) < 0:
            raise GradingError("une durée est un nombre de minutes positif", field)


def attendance_rate(attended: int, taken: int) -> Fraction | None:
    """Return attended ÷ taken minutes, exact; None when nothing was taken."""
    if taken <= 0:
        return None
    return Fraction(attended, taken)


def below_rate(rate: Fraction | None, percent: int) -> bool:
    """Tell whether a rate falls under ``percent`` % (no rate is never below)."""
    return rate is not None and rate < Fraction(percent, 100)


def hours(minutes: int) -> Decimal:
    """Return minutes as hours rounded half up to two decimals, for display only
    (150 → 2.5)."""
    return half_up(minutes * 100, MINUTES_PER_HOUR)


def percent(rate: Fraction) -> Decimal:
    """Return a rate as a percentage rounded half up to two decimals (display)."""
    return half_up(rate * 10_000, 1)
