"""The roll-call sheets a caller reaches, grouped as the « Émargement » page lists
them: today's, the open ones of past days, the next ones, the recently closed.

The caller's reach is ``service.access.attendance.reachable_half_days``; this
module only orders, limits and counts the marks of each sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, UnaryExpression, case, func, select
from sqlalchemy.orm import selectinload

from service.extensions import db
from service.models import AttendanceMark, HalfDay, HalfDaySlot, Lesson, Student

#: Open sheets of past days listed (the page tells how many more there are).
OPEN_SHOWN = 30
#: Next and recently closed sheets listed.
SHOWN = 10


@dataclass(frozen=True, slots=True)
class Sheet:
    """One half-day's roll call as the list shows it."""

    half_day: HalfDay
    #: How many apprentices of the cohort have a mark, out of ``enrolled``.
    marked: int
    enrolled: int

    @property
    def subjects(self) -> str:
        """« RCNV, CEF »: the half-day's subjects in lesson order."""
        return ", ".join(lesson.subject.code for lesson in self.half_day.lessons)

    @property
    def trainers(self) -> str:
        """The trainers of the half-day's lessons, each once."""
        names = (
            lesson.trainer.display_name
            for lesson in self.half_day.lessons
            if lesson.trainer
        )
        return ", ".join(dict.fromkeys(names))


@dataclass(frozen=True, slots=True)
class SheetGroups:
    """The sheets of the « Émargement » page, in the order the page shows them."""

    today: list[Sheet]
    open_past: list[Sheet]
    #: Open sheets of past days beyond the ones listed.
    open_past_more: int
    upcoming: list[Sheet]
    closed: list[Sheet]


def _in_order(*, newest_first: bool = False) -> tuple[UnaryExpression[Any], ...]:
    """Day then morning before afternoon (or the reverse, newest first)."""
    slot = case((HalfDay.slot == HalfDaySlot.MORNING, 0), else_=1)
    if newest_first:
        return HalfDay.day.desc(), slot.desc()
    return HalfDay.day.asc(), slot.asc()


def sheet_groups(reachable: Select[HalfDay], today: date) -> SheetGroups:
    """Group the reachable half-days around ``today`` (the centre's date)."""
    open_past = reachable.where(HalfDay.day < today, HalfDay.closed_at.is_(None))
    open_count = db.session.scalar(
        select(func.count()).select_from(open_past.subquery())
    )
    groups = (
        reachable.where(HalfDay.day == today).order_by(*_in_order()),
        open_past.order_by(*_in_order(newest_first=True)).limit(OPEN_SHOWN),
        reachable.where(HalfDay.day > today).order_by(*_in_order()).limit(SHOWN),
        reachable.where(HalfDay.day < today, HalfDay.closed_at.is_not(None))
        .order_by(*_in_order(newest_first=True))
        .limit(SHOWN),
    )
    today_sheets, past, upcoming, closed = (_sheets(g) for g in groups)
    return SheetGroups(
        today_sheets, past, (open_count or 0) - len(past), upcoming, closed
    )


def _sheets(statement: Select[HalfDay]) -> list[Sheet]:
    half_days = list(
        db.session.scalars(
            statement.options(
                selectinload(HalfDay.cohort),
                selectinload(HalfDay.lessons).selectinload(Lesson.subject),
                selectinload(HalfDay.lessons).selectinload(Lesson.trainer),
            )
        )
    )
    if not half_days:
        return []
    marked = dict(
        db.session.execute(
            select(AttendanceMark.half_day_id, func.count())
            .where(AttendanceMark.half_day_id.in_([h.id for h in half_days]))
            .group_by(AttendanceMark.half_day_id)
        ).all()
    )
    enrolled = dict(
        db.session.execute(
            select(Student.cohort_id, func.count())
            .where(Student.cohort_id.in_({h.cohort_id for h in half_days}))
            .group_by(Student.cohort_id)
        ).all()
    )
    return [
        Sheet(h, marked.get(h.id, 0), enrolled.get(h.cohort_id, 0)) for h in half_days
    ]
