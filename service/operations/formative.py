"""Formative rows → the grade engine's inputs (R8), and what a student may see (R7).

Pure functions over plain tuples loaded by ``service.operations.progress``: no
database, no HTTP. Statistics and averages themselves are the engine's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from grading import (
    Assessment,
    ClassStatistics,
    Mark,
    MarkStatus,
    Regulation,
    StudentAverages,
    counted_value,
    display,
    formative_averages,
    statistics_by_assessment,
)
from service.models import GradeStatus


class AssessmentRow(NamedTuple):
    """One formative assessment of a cohort, as loaded."""

    id: int
    subject_id: int
    period: str
    max_score: Decimal
    coefficient: Decimal
    published: bool
    title: str


class GradeRow(NamedTuple):
    """One student's grade at an assessment: a score or a status."""

    assessment_id: int
    student_id: int
    score: Decimal | None
    status: GradeStatus | None


class SubjectRow(NamedTuple):
    """A curriculum subject and the unit the service links it to."""

    id: int
    code: str
    name: str
    unit: str | None


@dataclass(frozen=True, slots=True)
class Formative:
    """A class's formative assessments and grades, as one caller may see them."""

    assessments: tuple[AssessmentRow, ...]
    grades: tuple[GradeRow, ...]


def key(row_id: int) -> str:
    """Return the engine's key of a student or subject id."""
    return str(row_id)


def to_assessment(row: AssessmentRow) -> Assessment:
    """Translate an assessment row for the engine (scale and weight as entered)."""
    return Assessment(
        id=key(row.id),
        subject=key(row.subject_id),
        period=row.period,
        scale=row.max_score,
        weight=row.coefficient,
    )


def to_mark(row: GradeRow) -> Mark:
    """Translate a grade row for the engine (a score or a status)."""
    status = None if row.status is None else MarkStatus(row.status.value)
    return Mark(
        student=key(row.student_id),
        assessment=key(row.assessment_id),
        score=row.score,
        status=status,
    )


def subject_units(
    subjects: Iterable[SubjectRow], regulation: Regulation
) -> dict[str, tuple[str, ...]]:
    """Return subject id → units, from the regulation's map by name (R8).

    A subject the regulation does not list keeps the unit recorded in the service.
    """
    by_name = regulation.subject_units()
    units = {}
    for subject in subjects:
        fallback = () if subject.unit is None else (subject.unit,)
        units[key(subject.id)] = by_name.get(subject.name, fallback)
    return units


def averages_of(
    formative: Formative,
    units: Mapping[str, tuple[str, ...]],
    regulation: Regulation,
) -> dict[str, StudentAverages]:
    """Return every student's formative averages through the engine (R8)."""
    return formative_averages(
        [to_assessment(a) for a in formative.assessments],
        [to_mark(g) for g in formative.grades],
        units,
        regulation.periods,
    )


@dataclass(frozen=True, slots=True)
class ClassFigures:
    """Class statistics as shown: two decimals, distribution, the student's rank."""

    count: int
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    below_8: int
    from_8_to_12: int
    from_12: int
    rank: str | None


def shown(value: Fraction | None) -> Decimal | None:
    """Round an exact value half up to two decimals for display (R2)."""
    return None if value is None else display(value)


def class_figures(statistics: ClassStatistics, student: str | None) -> ClassFigures:
    """Return the statistics for display, with ``student``'s rank when ranked."""
    rank = statistics.ranks.get(student) if student is not None else None
    distribution = statistics.distribution
    return ClassFigures(
        count=statistics.count,
        mean=shown(statistics.mean),
        minimum=shown(statistics.minimum),
        maximum=shown(statistics.maximum),
        below_8=distribution.below_8,
        from_8_to_12=distribution.from_8_to_12,
        from_12=distribution.from_12,
        rank=None if rank is None else str(rank),
    )


def missing_grades(
    assessments: Sequence[AssessmentRow],
    grades: Iterable[GradeRow],
    students: Iterable[int],
) -> dict[int, tuple[int, ...]]:
    """Return, per assessment, the students with neither a score nor a status."""
    graded: dict[int, set[int]] = {a.id: set() for a in assessments}
    for grade in grades:
        graded.setdefault(grade.assessment_id, set()).add(grade.student_id)
    roster = tuple(students)
    missing = {}
    for assessment in assessments:
        lacking = tuple(s for s in roster if s not in graded[assessment.id])
        if lacking:
            missing[assessment.id] = lacking
    return missing


@dataclass(frozen=True, slots=True)
class AssessmentLine:
    """One assessment: the student's mark, out of 20, and the class's figures."""

    assessment_id: int
    title: str
    subject_id: int
    period: str
    max_score: Decimal
    coefficient: Decimal
    score: Decimal | None
    status: GradeStatus | None
    grade: Decimal | None
    statistics: ClassFigures


def assessment_lines(
    formative: Formative,
    student_id: int,
    statistics: Mapping[str, ClassStatistics] | None = None,
) -> tuple[AssessmentLine, ...]:
    """Return each assessment with the student's mark and the class statistics (R8)
    (``statistics``: already computed for these rows, e.g. cached)."""
    assessments = [to_assessment(a) for a in formative.assessments]
    if statistics is None:
        marks = [to_mark(g) for g in formative.grades]
        statistics = statistics_by_assessment(assessments, marks)
    mine = {g.assessment_id: g for g in formative.grades if g.student_id == student_id}
    lines = []
    for row, assessment in zip(formative.assessments, assessments, strict=True):
        grade = mine.get(row.id)
        value = None if grade is None else counted_value(to_mark(grade), assessment)
        lines.append(
            AssessmentLine(
                row.id,
                row.title,
                row.subject_id,
                row.period,
                row.max_score,
                row.coefficient,
                None if grade is None else grade.score,
                None if grade is None else grade.status,
                shown(value),
                class_figures(statistics[assessment.id], key(student_id)),
            )
        )
    return tuple(lines)
