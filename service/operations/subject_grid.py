"""The grade grid of one subject and period: students × assessments, with figures.

Loads plain tuples in a few queries (no N+1); the figures come from the grade
engine on exact numbers (R8): a column's count, mean, minimum and maximum on the
assessment's own maximum, and each student's weighted mean out of 20. ABS counts 0,
ABJ, DISP and NN are left out (R8 policy ``absent_counts_zero``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select

from grading import display, formative_averages, statistics_by_assessment
from service.extensions import db
from service.models import (
    Assessment,
    Cohort,
    Grade,
    GradeStatus,
    Period,
    Student,
    Subject,
)
from service.operations.formative import (
    AssessmentRow,
    GradeRow,
    key,
    to_assessment,
    to_mark,
)

#: The grid is one subject in one period: the engine's keys for both.
SUBJECT = 0
PERIOD = "P"


@dataclass(frozen=True, slots=True)
class Column:
    """One assessment of the grid."""

    id: int
    title: str
    held_on: date
    max_score: Decimal
    coefficient: Decimal
    locked: bool
    published: bool


@dataclass(frozen=True, slots=True)
class Cell:
    """A stored grade: a score or a status, and the version a save must quote (D6)."""

    score: Decimal | None
    status: GradeStatus | None
    version: int


@dataclass(frozen=True, slots=True)
class Figures:
    """A column's figures on the assessment's maximum, rounded for display."""

    count: int
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None


@dataclass(frozen=True, slots=True)
class Row:
    """One student, their grades by assessment id and their mean out of 20."""

    student_id: int
    name: str
    cells: dict[int, Cell]
    mean: Decimal | None


@dataclass(frozen=True, slots=True)
class SubjectGrid:
    """What the grid page shows."""

    cohort: Cohort
    subject: Subject
    period: Period
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    figures: dict[int, Figures]


def load_grid(cohort: Cohort, subject: Subject, period: Period) -> SubjectGrid:
    """Return the students × assessments grid of a subject in a period."""
    columns = load_columns(cohort.id, subject.id, period.id)
    students = db.session.execute(
        select(Student.id, Student.last_name, Student.first_name)
        .where(Student.cohort_id == cohort.id)
        .order_by(Student.last_name, Student.first_name, Student.id)
    ).all()
    grades = _grades([c.id for c in columns])
    cells: dict[int, dict[int, Cell]] = {s.id: {} for s in students}
    for grade in grades:
        cells[grade.student_id][grade.assessment_id] = Cell(
            grade.score, grade.status, grade.version
        )
    rows_in = [_grade_row(g) for g in grades]
    means = student_means(columns, rows_in)
    rows = tuple(
        Row(s.id, f"{s.last_name.upper()} {s.first_name}", cells[s.id], means.get(s.id))
        for s in students
    )
    figures = column_figures(columns, rows_in)
    return SubjectGrid(cohort, subject, period, columns, rows, figures)


def load_columns(cohort_id: int, subject_id: int, period_id: int) -> tuple[Column, ...]:
    """Return the assessments of a cohort's subject in a period, oldest first."""
    rows = db.session.execute(
        select(
            Assessment.id,
            Assessment.title,
            Assessment.held_on,
            Assessment.max_score,
            Assessment.coefficient,
            Assessment.locked,
            Assessment.published_at,
        )
        .where(
            Assessment.cohort_id == cohort_id,
            Assessment.subject_id == subject_id,
            Assessment.period_id == period_id,
        )
        .order_by(Assessment.held_on, Assessment.id)
    )
    return tuple(Column(*row[:6], published=row[6] is not None) for row in rows)


def column_and_row(
    columns: Sequence[Column], assessment_id: int, student_id: int
) -> tuple[Figures, Decimal | None]:
    """Return one column's figures and one student's mean, after a cell changed."""
    column = [c for c in columns if c.id == assessment_id]
    in_column = [_grade_row(g) for g in _grades([assessment_id])]
    of_student = [
        _grade_row(g) for g in _grades([c.id for c in columns], student_id=student_id)
    ]
    figures = column_figures(column, in_column)[assessment_id]
    means = student_means(columns, of_student)
    return figures, means.get(student_id)


def column_figures(
    columns: Sequence[Column], grades: Iterable[GradeRow]
) -> dict[int, Figures]:
    """Return each column's count, mean, minimum and maximum on its own maximum."""
    assessments = [to_assessment(_assessment_row(c)) for c in columns]
    statistics = statistics_by_assessment(assessments, [to_mark(g) for g in grades])
    figures = {}
    for column in columns:
        found = statistics[key(column.id)]
        # The engine's figures are out of 20: back to the assessment's maximum.
        scale = Fraction(column.max_score) / 20
        figures[column.id] = Figures(
            found.count,
            _on_scale(found.mean, scale),
            _on_scale(found.minimum, scale),
            _on_scale(found.maximum, scale),
        )
    return figures


def student_means(
    columns: Sequence[Column], grades: Iterable[GradeRow]
) -> dict[int, Decimal]:
    """Return each student's weighted mean out of 20 in the subject and period (R8)."""
    assessments = [to_assessment(_assessment_row(c)) for c in columns]
    averages = formative_averages(
        assessments, [to_mark(g) for g in grades], {}, {PERIOD: 1}
    )
    wanted = (key(SUBJECT), PERIOD)
    return {
        int(student): display(found.by_subject_period[wanted])
        for student, found in averages.items()
        if wanted in found.by_subject_period
    }


def _on_scale(value: Fraction | None, scale: Fraction) -> Decimal | None:
    return None if value is None else display(value * scale)


def _assessment_row(column: Column) -> AssessmentRow:
    return AssessmentRow(
        column.id,
        SUBJECT,
        PERIOD,
        column.max_score,
        column.coefficient,
        column.published,
        column.title,
    )


def _grades(
    assessment_ids: Sequence[int], student_id: int | None = None
) -> list[_StoredGrade]:
    if not assessment_ids:
        return []
    query = select(
        Grade.assessment_id, Grade.student_id, Grade.score, Grade.status, Grade.version
    ).where(Grade.assessment_id.in_(assessment_ids))
    if student_id is not None:
        query = query.where(Grade.student_id == student_id)
    return [_StoredGrade(*row) for row in db.session.execute(query)]


@dataclass(frozen=True, slots=True)
class _StoredGrade:
    assessment_id: int
    student_id: int
    score: Decimal | None
    status: GradeStatus | None
    version: int


def _grade_row(grade: _StoredGrade) -> GradeRow:
    return GradeRow(grade.assessment_id, grade.student_id, grade.score, grade.status)
