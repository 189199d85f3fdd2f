"""The director's dashboard: per current cohort, a students × units heatmap of
projected grades, the students at risk and why, missing grades per trainer and
subject, the assessments left unpublished, and the apprentices under the
attendance alert rate (``service.operations.attendance_figures``, R8).

Every figure comes from ``service.operations.dashboard`` (the engine's projection,
R3; the at-risk rule lives there): this module only arranges it for the page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from grading.attendance import percent
from service.access.guard import Caller
from service.access.visibility import visibility_for
from service.extensions import db
from service.models import Cohort, TeachingAssignment, User
from service.operations.attendance_figures import below_alert_rate
from service.operations.dashboard import (
    LOW_UNIT,
    PASS_MARK,
    MissingGrades,
    StudentAtRisk,
    cohort_projections,
    missing_of,
    students_at_risk,
)
from service.operations.formative import AssessmentRow
from service.operations.progress import load_subjects
from service.operations.projection import ProjectionView

#: Grades from this one up are shown « solide ».
GOOD = 12
NO_TRAINER = "Aucun formateur affecté"


@dataclass(frozen=True, slots=True)
class HeatCell:
    """A projected grade and its band: low (< 8), fragile (< 10), fair, good (≥ 12)
    or none (no grade yet)."""

    grade: Decimal | None
    band: str


@dataclass(frozen=True, slots=True)
class HeatRow:
    """One student's line: each unit's projected grade, then the average."""

    student_id: int
    name: str
    cells: tuple[HeatCell, ...]
    average: HeatCell


@dataclass(frozen=True, slots=True)
class TrainerGap:
    """Grades still missing in one subject of one trainer."""

    trainer: str
    subject: str
    assessments: int
    grades: int


@dataclass(frozen=True, slots=True)
class Unpublished:
    """An assessment apprentices cannot see yet."""

    assessment_id: int
    title: str
    subject: str
    period: str


@dataclass(frozen=True, slots=True)
class AttendanceAlert:
    """An apprentice under the attendance alert rate, and their rate in %."""

    student_id: int
    name: str
    rate: Decimal


@dataclass(frozen=True, slots=True)
class CohortBoard:
    """One cohort's part of the dashboard."""

    cohort_id: int
    name: str
    exam_session_year: int
    units: tuple[str, ...]
    rows: tuple[HeatRow, ...]
    at_risk: tuple[StudentAtRisk, ...]
    gaps: tuple[TrainerGap, ...]
    unpublished: tuple[Unpublished, ...]
    attendance_alerts: tuple[AttendanceAlert, ...]


def band(grade: Decimal | None) -> str:
    """The heatmap band of a grade out of 20."""
    if grade is None:
        return "none"
    if grade < LOW_UNIT:
        return "low"
    if grade < PASS_MARK:
        return "fragile"
    return "good" if grade >= GOOD else "fair"


def current_cohorts(today: date) -> list[Cohort]:
    """The cohorts whose exam session is this year or later, oldest first."""
    statement = (
        select(Cohort)
        .where(Cohort.exam_session_year >= today.year)
        .order_by(Cohort.exam_session_year, Cohort.name)
    )
    return list(db.session.scalars(statement))


def director_dashboard(caller: Caller, cohorts: Sequence[Cohort]) -> list[CohortBoard]:
    """Each cohort's board, from the rows the caller may see (R7)."""
    names = {row.id: f"{row.code} — {row.name}" for row in load_subjects()}
    return [cohort_board(caller, cohort, names) for cohort in cohorts]


def cohort_board(
    caller: Caller, cohort: Cohort, subjects: Mapping[int, str]
) -> CohortBoard:
    """One cohort's heatmap, students at risk, gaps and unpublished assessments."""
    loaded = cohort_projections(cohort, visibility_for(caller, cohort))
    units = tuple(unit.code for unit in loaded.regulation.mandatory_units)
    rows = tuple(
        _heat_row(student.id, student.full_name, loaded.projections[student.id], units)
        for student in loaded.students
    )
    missing = missing_of(loaded.formative, loaded.students)
    return CohortBoard(
        cohort_id=cohort.id,
        name=cohort.name,
        exam_session_year=cohort.exam_session_year,
        units=units,
        rows=rows,
        at_risk=students_at_risk(loaded),
        gaps=_gaps(cohort.id, missing, subjects),
        unpublished=_unpublished(loaded.formative.assessments, subjects),
        attendance_alerts=tuple(
            AttendanceAlert(student.id, student.full_name, percent(summary.rate))
            for student, summary in below_alert_rate([cohort.id])
            if summary.rate is not None
        ),
    )


def _heat_row(
    student_id: int, name: str, projection: ProjectionView, units: tuple[str, ...]
) -> HeatRow:
    grades = {forecast.unit: forecast.grade for forecast in projection.units}
    cells = tuple(HeatCell(grades.get(u), band(grades.get(u))) for u in units)
    average = HeatCell(projection.average, band(projection.average))
    return HeatRow(student_id, name, cells, average)


def _gaps(
    cohort_id: int, missing: Sequence[MissingGrades], subjects: Mapping[int, str]
) -> tuple[TrainerGap, ...]:
    teachers: dict[int, list[str]] = {}
    rows = db.session.execute(
        select(TeachingAssignment.subject_id, User.display_name)
        .join(User, User.id == TeachingAssignment.trainer_id)
        .where(TeachingAssignment.cohort_id == cohort_id)
    )
    for subject_id, trainer in rows:
        teachers.setdefault(subject_id, []).append(trainer)
    assessments: Counter[tuple[str, str]] = Counter()
    grades: Counter[tuple[str, str]] = Counter()
    for line in missing:
        subject = subjects.get(line.subject_id, "?")
        for trainer in teachers.get(line.subject_id, [NO_TRAINER]):
            assessments[trainer, subject] += 1
            grades[trainer, subject] += len(line.student_ids)
    return tuple(
        TrainerGap(trainer, subject, assessments[trainer, subject], count)
        for (trainer, subject), count in sorted(grades.items())
    )


def _unpublished(
    assessments: Sequence[AssessmentRow], subjects: Mapping[int, str]
) -> tuple[Unpublished, ...]:
    return tuple(
        Unpublished(row.id, row.title, subjects.get(row.subject_id, "?"), row.period)
        for row in sorted(assessments, key=lambda r: (r.period, r.subject_id, r.id))
        if not row.published
    )
