"""A student's progress: formative averages with class statistics, CCF, projection.

Everything is computed from rows already filtered for the caller (R7), so a
student's averages, ranks, class statistics and projection never use an
unpublished assessment or an unpublished CCF grade.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from grading import (
    Regulation,
    Session,
    StudentAverages,
    class_statistics,
    load_regulation,
    subject_period_statistics,
    unit_year_statistics,
)
from service.models import Student
from service.operations.formative import (
    ClassFigures,
    Formative,
    SubjectRow,
    averages_of,
    class_figures,
    key,
    shown,
    subject_units,
)
from service.operations.progress import (
    BlocRow,
    CcfRow,
    ResultRow,
    Visibility,
    load_blocs,
    load_ccf,
    load_formative,
    load_results,
    load_session_plan,
    load_subjects,
)
from service.operations.projection import (
    ProjectionView,
    ccf_unit_grades,
    held_units,
    projection_view,
)


@dataclass(frozen=True, slots=True)
class PeriodLine:
    """The student's average in one period (S1–S4) and the class's figures."""

    period: str
    average: Decimal | None
    statistics: ClassFigures


@dataclass(frozen=True, slots=True)
class YearLine:
    """The student's average in one year of study and the class's figures."""

    year: int
    average: Decimal | None
    statistics: ClassFigures


@dataclass(frozen=True, slots=True)
class SubjectProgress:
    """One subject: the units it prepares, averages per period and per year."""

    subject_id: int
    code: str
    name: str
    units: tuple[str, ...]
    periods: tuple[PeriodLine, ...]
    years: tuple[YearLine, ...]


@dataclass(frozen=True, slots=True)
class UnitProgress:
    """One exam unit through the subject → unit map: overall and per year (R8)."""

    unit: str
    average: Decimal | None
    statistics: ClassFigures
    years: tuple[YearLine, ...]


@dataclass(frozen=True, slots=True)
class StudentProgress:
    """Everything the progress page shows to one caller about one student."""

    student_id: int
    cohort_id: int
    exam_session_year: int
    published_only: bool
    subjects: tuple[SubjectProgress, ...]
    units: tuple[UnitProgress, ...]
    ccf: tuple[CcfRow, ...]
    projection: ProjectionView
    blocs: tuple[BlocRow, ...]
    results: tuple[ResultRow, ...]


def student_progress(student: Student, visibility: Visibility) -> StudentProgress:
    """Compute a student's progress from the rows ``visibility`` lets through (R7)."""
    cohort = student.cohort
    regulation = load_regulation(cohort.regulation_id)
    subjects = load_subjects()
    formative = load_formative(cohort.id, visibility)
    averages = averages_of(formative, subject_units(subjects, regulation), regulation)
    me = key(student.id)
    year = cohort.exam_session_year
    plan = load_session_plan(regulation.id, year, [student.id])
    session = Session(year, plan.jury_date)
    ccf = load_ccf([student.id], visibility)
    blocs = load_blocs([student.id], visibility)
    held = held_units(ccf_unit_grades(ccf, regulation, session), blocs, year)
    mine = averages.get(me)
    projection = projection_view(
        regulation,
        session,
        held,
        mine.by_unit if mine else {},
        plan.dispensed.get(student.id, ()),
    )
    return StudentProgress(
        student_id=student.id,
        cohort_id=cohort.id,
        exam_session_year=year,
        published_only=visibility.published_only,
        subjects=subject_lines(formative, subjects, regulation, averages, me),
        units=unit_lines(regulation, averages, me),
        ccf=ccf,
        projection=projection,
        blocs=blocs,
        results=load_results(student.id),
    )


def subject_lines(
    formative: Formative,
    subjects: Sequence[SubjectRow],
    regulation: Regulation,
    averages: Mapping[str, StudentAverages],
    student: str,
) -> tuple[SubjectProgress, ...]:
    """Return the subjects that have assessments, with period and year lines."""
    assessed = {a.subject_id for a in formative.assessments}
    units = subject_units(subjects, regulation)
    group = list(averages.values())
    mine = averages.get(student)
    lines = []
    for subject in subjects:
        if subject.id not in assessed:
            continue
        name = key(subject.id)
        periods = []
        for period in regulation.periods:
            statistics = subject_period_statistics(group, name, period)
            if statistics.count:
                average = mine.by_subject_period.get((name, period)) if mine else None
                periods.append(
                    PeriodLine(
                        period, shown(average), class_figures(statistics, student)
                    )
                )
        years = _year_lines(
            {a.student: a.by_subject_year for a in group},
            name,
            _years(regulation),
            student,
        )
        lines.append(
            SubjectProgress(
                subject.id,
                subject.code,
                subject.name,
                units[name],
                tuple(periods),
                years,
            )
        )
    return tuple(lines)


def unit_lines(
    regulation: Regulation, averages: Mapping[str, StudentAverages], student: str
) -> tuple[UnitProgress, ...]:
    """Return each unit with formative data: overall and per-year averages (R8)."""
    group = list(averages.values())
    lines = []
    for unit in regulation.units:
        values = {a.student: a.by_unit[unit] for a in group if unit in a.by_unit}
        if not values:
            continue
        years = []
        for year in _years(regulation):
            statistics = unit_year_statistics(group, unit, year)
            if statistics.count:
                mine = averages.get(student)
                average = mine.by_unit_year.get((unit, year)) if mine else None
                years.append(
                    YearLine(year, shown(average), class_figures(statistics, student))
                )
        lines.append(
            UnitProgress(
                unit,
                shown(values.get(student)),
                class_figures(class_statistics(values), student),
                tuple(years),
            )
        )
    return tuple(lines)


def _years(regulation: Regulation) -> tuple[int, ...]:
    return tuple(sorted(set(regulation.periods.values())))


def _year_lines(
    by_student: Mapping[str, Mapping[tuple[str, int], Fraction]],
    name: str,
    years: Sequence[int],
    student: str,
) -> tuple[YearLine, ...]:
    lines = []
    for year in years:
        values = {
            s: v[(name, year)] for s, v in by_student.items() if (name, year) in v
        }
        if values:
            lines.append(
                YearLine(
                    year,
                    shown(values.get(student)),
                    class_figures(class_statistics(values), student),
                )
            )
    return tuple(lines)
