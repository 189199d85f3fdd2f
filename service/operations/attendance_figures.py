"""Attendance figures (R8): each apprentice's planned half-days with what the roll
call recorded, and the totals per apprentice and subject against the curriculum.

The arithmetic of one half-day lives in ``grading.attendance`` (late minutes off
the first lessons, early ones off the last). Here the rows are read in a handful
of queries whatever the number of apprentices: students, half-days with their
lessons, marks, justifications, subjects.

Rules of the counts:
- an absence is justified, pending or unjustified by the justifications whose
  date range holds its day (``Justification.covers``); of several, justified beats
  pending beats unjustified; an absence no justification covers is unjustified;
- ``summaries`` counts the half-days up to ``last``, by default up to today: the
  half-days still to come are not "planned so far"; a cohort's figures
  (``cohort_attendance``, the pages, the dashboard's flag) count its current year
  of training, as the curriculum's hours are yearly;
- the rate is attended ÷ taken minutes, taken being the half-days whose roll call
  holds a mark for the apprentice (a roll call not yet taken counts for nothing).

Callers check access first (``service.access.attendance``) and pass ids in reach.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from flask import current_app
from sqlalchemy import select

from grading.attendance import (
    LessonSpan,
    MarkFacts,
    attendance_rate,
    attended_by_subject,
    below_rate,
)
from service.centre_time import centre_today
from service.extensions import db
from service.models import (
    Cohort,
    HalfDaySlot,
    Justification,
    JustificationStatus,
    Presence,
    Student,
)
from service.operations.attendance_rows import (
    PlannedHalfDay,
    curriculum_minutes,
    day_range,
    justifications_of,
    marks_of,
    planned_half_days,
    year_start,
)

PRESENCE = {True: Presence.PRESENT, False: Presence.ABSENT}
#: Of several justifications covering one absence, the first status listed wins.
STATUS_PRECEDENCE = (
    JustificationStatus.JUSTIFIED,
    JustificationStatus.PENDING,
    JustificationStatus.UNJUSTIFIED,
)


@dataclass(frozen=True, slots=True)
class HalfDayLine:
    """One planned half-day of one apprentice and what its roll call recorded."""

    half_day_id: int
    day: date
    slot: HalfDaySlot
    #: Subject codes, in lesson order.
    subjects: tuple[str, ...]
    planned_minutes: int
    #: The roll call holds a mark for the apprentice.
    taken: bool
    #: None when not taken.
    presence: Presence | None
    #: 0 when not taken.
    attended_minutes: int
    late_minutes: int
    early_minutes: int
    #: For an absence: the status of the justifications covering it, if any.
    justification: JustificationStatus | None

    @property
    def absent(self) -> bool:
        """Tell whether the roll call marked the apprentice absent."""
        return self.presence is Presence.ABSENT


@dataclass(frozen=True, slots=True)
class SubjectHours:
    """One subject's minutes for one apprentice: planned, attended, missed through
    absences, and the curriculum's yearly minutes."""

    subject: str
    planned: int
    attended: int
    absent: int
    curriculum: int | None


@dataclass(frozen=True, slots=True)
class AttendanceSummary:
    """One apprentice's totals, in minutes and in half-days."""

    planned: int
    taken: int
    attended: int
    absent_justified: int
    absent_unjustified: int
    absent_pending: int
    half_days_absent_justified: int
    half_days_absent_unjustified: int
    half_days_absent_pending: int
    late_minutes: int
    early_minutes: int
    per_subject: tuple[SubjectHours, ...]
    #: attended ÷ taken; None when nothing was taken.
    rate: Fraction | None


def student_lines(
    student_ids: Collection[int], first: date | None = None, last: date | None = None
) -> dict[int, list[HalfDayLine]]:
    """Return, per apprentice, the half-days of their cohort from ``first`` to
    ``last`` (both included, open when None), in order, with their roll call."""
    return _read(student_ids, first, last)[0]


def summaries(
    student_ids: Collection[int], first: date | None = None, last: date | None = None
) -> dict[int, AttendanceSummary]:
    """Return each apprentice's totals from ``first`` to ``last`` (default: today,
    the half-days planned so far)."""
    lines, lessons = _read(student_ids, first, last or centre_today())
    curriculum = curriculum_minutes()
    return {
        student_id: summarize(rows, lessons, curriculum)
        for student_id, rows in lines.items()
    }


@dataclass(frozen=True, slots=True)
class CohortAttendance:
    """A cohort's figures for its current year of training, up to today."""

    cohort: Cohort
    #: The first day counted: the year of training's.
    since: date
    #: The apprentices (not erased), in name order.
    students: tuple[Student, ...]
    summaries: dict[int, AttendanceSummary]
    #: The ids of the apprentices under the alert rate.
    flagged: frozenset[int]


def cohort_attendance(cohort: Cohort, today: date | None = None) -> CohortAttendance:
    """Return the cohort's figures from the start of its year of training (its
    curriculum is yearly) to ``today``."""
    today = today or centre_today()
    since = year_start(cohort, today)
    students = tuple(s for s in cohort.students if s.erased_at is None)
    figures = summaries([s.id for s in students], since, today)
    flagged = frozenset(s.id for s in students if under_alert(figures[s.id]))
    return CohortAttendance(cohort, since, students, figures, flagged)


def under_alert(summary: AttendanceSummary) -> bool:
    """The dashboard's flag: a rate under ``ATTENDANCE_ALERT_RATE`` %."""
    return below_rate(summary.rate, int(current_app.config["ATTENDANCE_ALERT_RATE"]))


def below_alert_rate(
    cohort_ids: Collection[int],
) -> list[tuple[Student, AttendanceSummary]]:
    """Return the apprentices of these cohorts flagged by ``cohort_attendance``,
    lowest rate first."""
    cohorts = db.session.scalars(select(Cohort).where(Cohort.id.in_(cohort_ids)))
    flagged = []
    for figures in map(cohort_attendance, cohorts):
        flagged += [
            (student, figures.summaries[student.id])
            for student in figures.students
            if student.id in figures.flagged
        ]
    return sorted(flagged, key=lambda pair: (pair[1].rate, pair[0].full_name))


def summarize(
    lines: Sequence[HalfDayLine],
    lessons: Mapping[int, tuple[LessonSpan, ...]],
    curriculum: Mapping[str, int],
) -> AttendanceSummary:
    """Total one apprentice's half-days (``lessons`` by half-day id)."""
    absent: dict[JustificationStatus, list[int]] = defaultdict(list)
    planned: Counter[str] = Counter()
    attended: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for line in lines:
        spans = lessons.get(line.half_day_id, ())
        for span in spans:
            planned[span.subject] += span.minutes
            missed[span.subject] += span.minutes if line.absent else 0
        attended.update(_attended(spans, line))
        if line.absent:
            status = line.justification or JustificationStatus.UNJUSTIFIED
            absent[status].append(line.planned_minutes)
    taken = sum(line.planned_minutes for line in lines if line.taken)
    attended_total = sum(line.attended_minutes for line in lines)
    order = list(curriculum)
    return AttendanceSummary(
        planned=sum(line.planned_minutes for line in lines),
        taken=taken,
        attended=attended_total,
        absent_justified=sum(absent[JustificationStatus.JUSTIFIED]),
        absent_unjustified=sum(absent[JustificationStatus.UNJUSTIFIED]),
        absent_pending=sum(absent[JustificationStatus.PENDING]),
        half_days_absent_justified=len(absent[JustificationStatus.JUSTIFIED]),
        half_days_absent_unjustified=len(absent[JustificationStatus.UNJUSTIFIED]),
        half_days_absent_pending=len(absent[JustificationStatus.PENDING]),
        late_minutes=sum(line.late_minutes for line in lines),
        early_minutes=sum(line.early_minutes for line in lines),
        per_subject=tuple(
            SubjectHours(
                code, planned[code], attended[code], missed[code], curriculum.get(code)
            )
            for code in sorted(
                planned, key=lambda c: (order.index(c) if c in order else len(order), c)
            )
        ),
        rate=attendance_rate(attended_total, taken),
    )


def covering_status(
    justifications: Iterable[Justification], day: date
) -> JustificationStatus | None:
    """The status of the justifications covering ``day``: justified beats pending
    beats unjustified; None when none covers it."""
    statuses = {j.status for j in justifications if j.covers(day)}
    return next((s for s in STATUS_PRECEDENCE if s in statuses), None)


def _attended(spans: Sequence[LessonSpan], line: HalfDayLine) -> dict[str, int]:
    """Minutes attended per subject of one line (nothing when not taken)."""
    if line.attended_minutes == 0:
        return {}
    return attended_by_subject(
        spans, MarkFacts(True, line.late_minutes, line.early_minutes)
    )


def _line(
    half_day: PlannedHalfDay, mark: MarkFacts | None, covers: Iterable[Justification]
) -> HalfDayLine:
    """One apprentice's line for one half-day."""
    absent = mark is not None and not mark.present
    attended = attended_by_subject(half_day.lessons, mark) if mark else {}
    return HalfDayLine(
        half_day_id=half_day.id,
        day=half_day.day,
        slot=half_day.slot,
        subjects=tuple(span.subject for span in half_day.lessons),
        planned_minutes=sum(span.minutes for span in half_day.lessons),
        taken=mark is not None,
        presence=None if mark is None else PRESENCE[mark.present],
        attended_minutes=sum(attended.values()),
        late_minutes=0 if mark is None else mark.late_minutes,
        early_minutes=0 if mark is None else mark.early_minutes,
        justification=covering_status(covers, half_day.day) if absent else None,
    )


def _read(
    student_ids: Collection[int], first: date | None, last: date | None
) -> tuple[dict[int, list[HalfDayLine]], dict[int, tuple[LessonSpan, ...]]]:
    """Each apprentice's lines, and the lessons of every half-day read."""
    cohorts = dict(
        db.session.execute(
            select(Student.id, Student.cohort_id).where(Student.id.in_(student_ids))
        ).all()
    )
    days = day_range(first, last)
    planned = planned_half_days(set(cohorts.values()), days)
    marks = marks_of(cohorts.keys(), days)
    covers = justifications_of(cohorts.keys(), first, last)
    lines = {
        student_id: [
            _line(half_day, marks.get((half_day.id, student_id)), covers[student_id])
            for half_day in planned.get(cohort_id, ())
        ]
        for student_id, cohort_id in cohorts.items()
    }
    lessons = {h.id: h.lessons for rows in planned.values() for h in rows}
    return lines, lessons
