"""The rows behind the attendance figures (R8), each kind in one query whatever
the number of apprentices: half-days with their lessons, marks, justifications
and the curriculum's hours. ``attendance_figures`` counts them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, select

from grading.attendance import MINUTES_PER_HOUR, LessonSpan, MarkFacts
from service.extensions import db
from service.models import (
    AttendanceMark,
    Cohort,
    HalfDay,
    HalfDaySlot,
    Justification,
    Lesson,
    Presence,
    Subject,
)
from service.operations.attendance_planning import year_dates, years_of_study

#: The month a year of training starts (``year_dates``).
SEPTEMBER = 9
SLOT_ORDER = {HalfDaySlot.MORNING: 0, HalfDaySlot.AFTERNOON: 1}


@dataclass(frozen=True, slots=True)
class PlannedHalfDay:
    """A half-day as read: its day, slot and lessons in order."""

    id: int
    day: date
    slot: HalfDaySlot
    lessons: tuple[LessonSpan, ...]


def day_range(first: date | None, last: date | None) -> list[ColumnElement[bool]]:
    """The conditions keeping the half-days from ``first`` to ``last`` (open ends
    when None)."""
    conditions = []
    if first is not None:
        conditions.append(HalfDay.day >= first)
    if last is not None:
        conditions.append(HalfDay.day <= last)
    return conditions


def planned_half_days(
    cohort_ids: Collection[int], days: Sequence[ColumnElement[bool]]
) -> dict[int, list[PlannedHalfDay]]:
    """The cohorts' half-days by cohort id, in order, with their lessons."""
    rows = db.session.execute(
        select(
            HalfDay.id,
            HalfDay.cohort_id,
            HalfDay.day,
            HalfDay.slot,
            Subject.code,
            Lesson.minutes,
        )
        .outerjoin(Lesson, Lesson.half_day_id == HalfDay.id)
        .outerjoin(Subject, Subject.id == Lesson.subject_id)
        .where(HalfDay.cohort_id.in_(cohort_ids), *days)
        .order_by(HalfDay.id, Lesson.position, Lesson.id)
    )
    found: dict[int, tuple[int, date, HalfDaySlot]] = {}
    spans: dict[int, list[LessonSpan]] = defaultdict(list)
    for half_day_id, cohort_id, day, slot, code, minutes in rows:
        found[half_day_id] = (cohort_id, day, slot)
        if code is not None:
            spans[half_day_id].append(LessonSpan(code, minutes))
    by_cohort: dict[int, list[PlannedHalfDay]] = defaultdict(list)
    for half_day_id, (cohort_id, day, slot) in found.items():
        planned = PlannedHalfDay(half_day_id, day, slot, tuple(spans[half_day_id]))
        by_cohort[cohort_id].append(planned)
    for half_days in by_cohort.values():
        half_days.sort(key=lambda h: (h.day, SLOT_ORDER[h.slot]))
    return by_cohort


def marks_of(
    student_ids: Collection[int], days: Sequence[ColumnElement[bool]]
) -> dict[tuple[int, int], MarkFacts]:
    """The apprentices' marks by (half-day id, student id), as plain facts."""
    rows = db.session.execute(
        select(
            AttendanceMark.half_day_id,
            AttendanceMark.student_id,
            # A comparison in SQL: cheaper than converting each row's enum.
            AttendanceMark.presence == Presence.PRESENT,
            AttendanceMark.late_minutes,
            AttendanceMark.early_minutes,
        )
        .join(HalfDay, HalfDay.id == AttendanceMark.half_day_id)
        .where(AttendanceMark.student_id.in_(student_ids), *days)
    )
    return {
        (half_day_id, student_id): MarkFacts(bool(present), late, early)
        for half_day_id, student_id, present, late, early in rows
    }


def justifications_of(
    student_ids: Collection[int], first: date | None, last: date | None
) -> dict[int, list[Justification]]:
    """The apprentices' justifications overlapping ``first``–``last``, by student."""
    statement = select(Justification).where(Justification.student_id.in_(student_ids))
    if first is not None:
        statement = statement.where(Justification.last_day >= first)
    if last is not None:
        statement = statement.where(Justification.first_day <= last)
    found: dict[int, list[Justification]] = defaultdict(list)
    for justification in db.session.scalars(statement):
        found[justification.student_id].append(justification)
    return found


def curriculum_minutes() -> dict[str, int]:
    """Each subject's yearly minutes (``Subject.hours_per_year``) by code, in the
    subjects' order."""
    rows = db.session.execute(
        select(Subject.code, Subject.hours_per_year).order_by(
            Subject.position, Subject.code
        )
    )
    return {code: hours * MINUTES_PER_HOUR for code, hours in rows}


def year_of_training(cohort: Cohort, today: date) -> int:
    """The cohort's year of training holding ``today`` (``year_dates``: September
    to August), its first or last year outside them."""
    year = today.year - cohort.start_year + (1 if today.month >= SEPTEMBER else 0)
    return min(max(year, 1), years_of_study(cohort))


def year_start(cohort: Cohort, today: date) -> date:
    """The first day of the cohort's year of training holding ``today``."""
    return year_dates(cohort, year_of_training(cohort, today))[0]
