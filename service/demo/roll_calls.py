"""Past roll calls of the demo cohorts, some absences and lateness (R8).

Every half-day before the demo's today is marked by its trainer and closed at
the end of the day; today's and later ones are left open for a trainer to take.
Most apprentices miss a half-day now and then; a few more often, and one per
cohort often enough to fall under the attendance alert (``ATTENDANCE_ALERT_RATE``).

About 6,000 marks: they go in one INSERT, and their first history rows in one
``record_changes`` (the one home of the sealed history, D8), with the demo's
fixed timestamps (it never reads the clock).
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from service.demo.context import DEMO_SEED, DemoContext, at
from service.demo.formative import DEMO_TODAY
from service.extensions import db
from service.models import (
    AttendanceMark,
    ChangeSource,
    Cohort,
    HalfDay,
    HalfDaySlot,
    Presence,
    Student,
)
from service.operations.history import Change, ChangeContext, change_row, record_changes
from service.operations.mark_values import MARK_ROWS, MARKS, MarkValues

#: Chance of missing a half-day: most apprentices, a few, and one per cohort.
USUAL, OFTEN, WORRYING = 0.02, 0.045, 0.17
OFTEN_PER_COHORT = 3
LATE, EARLY = 0.06, 0.02
LATE_MINUTES = (5, 5, 10, 10, 15, 20, 30, 45)
EARLY_MINUTES = (30, 45, 60, 90)


def add_roll_calls(demo: DemoContext) -> None:
    """Add them to the demo centre (flushes, never commits)."""
    assert demo.director is not None
    # A source of its own: the other demo steps draw the same numbers as before.
    rng = random.Random(DEMO_SEED + 15)
    marks: list[DemoMark] = []
    for cohort in demo.cohorts:
        students = demo.students[cohort.name]
        odds = _absence_odds(rng, students)
        for half_day in _past_half_days(cohort):
            marker = _marker(half_day) or demo.director.id
            when = at(half_day.day, 12 if half_day.slot is HalfDaySlot.MORNING else 17)
            planned = half_day.planned_minutes
            marks += [
                DemoMark(
                    half_day.id,
                    student.id,
                    _values(rng, odds[student.id], planned),
                    marker,
                    when,
                )
                for student in students
            ]
            half_day.closed_at = at(half_day.day, 19)
            half_day.closed_by_id = marker
    _write(marks)
    db.session.flush()


def _absence_odds(rng: random.Random, students: Sequence[Student]) -> dict[int, float]:
    """Each apprentice's chance of missing a half-day."""
    odds = dict.fromkeys((student.id for student in students), USUAL)
    chosen = rng.sample(list(students), min(len(students), OFTEN_PER_COHORT + 1))
    for rank, student in enumerate(chosen):
        odds[student.id] = OFTEN if rank else WORRYING
    return odds


def _past_half_days(cohort: Cohort) -> list[HalfDay]:
    return list(
        db.session.scalars(
            select(HalfDay)
            .where(HalfDay.cohort_id == cohort.id, HalfDay.day < DEMO_TODAY)
            .order_by(HalfDay.day, HalfDay.id)
            .options(selectinload(HalfDay.lessons))
        )
    )


def _marker(half_day: HalfDay) -> int | None:
    """The trainer of the half-day's first lesson."""
    trainers = [lesson.trainer_id for lesson in half_day.lessons if lesson.trainer_id]
    return trainers[0] if trainers else None


@dataclass(frozen=True, slots=True)
class DemoMark:
    """One apprentice's mark at one past half-day, and who took it when."""

    half_day_id: int
    student_id: int
    values: MarkValues
    marker: int
    when: datetime

    def row(self) -> dict[str, Any]:
        """The ``attendance_marks`` row."""
        return {
            "half_day_id": self.half_day_id,
            "student_id": self.student_id,
            **self.values.columns(),
            "version": 1,
            "updated_by_id": self.marker,
            "updated_at": self.when,
        }


def _values(rng: random.Random, odds: float, planned: int) -> MarkValues:
    """Absent, or present with sometimes lateness or early leaving."""
    if rng.random() < odds:
        return MarkValues(Presence.ABSENT)
    late = rng.choice(LATE_MINUTES) if rng.random() < LATE else 0
    early = rng.choice(EARLY_MINUTES) if rng.random() < EARLY else 0
    return MarkValues(Presence.PRESENT, min(late, planned), min(early, planned - late))


def _write(marks: list[DemoMark]) -> None:
    """Insert the marks, then seal their first history rows (D8)."""
    if not marks:
        return
    db.session.execute(insert(MARKS), [mark.row() for mark in marks])
    ids = {
        (row.half_day_id, row.student_id): row.id
        for row in db.session.execute(
            select(
                AttendanceMark.id, AttendanceMark.half_day_id, AttendanceMark.student_id
            )
        )
    }
    record_changes(
        [
            change_row(
                ChangeContext(mark.marker, ChangeSource.CLI),
                Change(
                    MARK_ROWS.entity,
                    ids[mark.half_day_id, mark.student_id],
                    None,
                    mark.values.as_history(),
                ),
                mark.when,
            )
            for mark in marks
        ]
    )
