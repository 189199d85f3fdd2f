"""A student's progress: formative averages with class statistics, CCF, projection.

Everything is computed from rows already filtered for the caller (R7), so a
student's averages, ranks, class statistics and projection never use an
unpublished assessment or an unpublished CCF grade.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import partial

from grading import (
    ClassStatistics,
    Regulation,
    Session,
    StudentAverages,
    class_statistics,
    subject_period_statistics,
    unit_year_statistics,
)
from service.access.visibility import Visibility
from service.models import Student
from service.operations.formative import (
    AssessmentLine,
    ClassFigures,
    Formative,
    SubjectRow,
    assessment_lines,
    class_figures,
    key,
    shown,
    subject_units,
)
from service.operations.progress import BlocRow, CcfRow, ResultRow
from service.operations.progress_cache import (
    CohortFigures,
    assessment_statistics,
    cohort_figures,
)
from service.operations.progress_rows import ProgressRows, progress_rows
from service.operations.projection import (
    ProjectionView,
    ccf_unit_grades,
    held_units,
    projection_view,
    regulation_of,
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
    assessments: tuple[AssessmentLine, ...]
    ccf: tuple[CcfRow, ...]
    projection: ProjectionView
    blocs: tuple[BlocRow, ...]
    results: tuple[ResultRow, ...]


def student_progress(student: Student, visibility: Visibility) -> StudentProgress:
    """Compute a student's progress from the rows ``visibility`` lets through (R7)."""
    return progress_of(progress_rows(student, visibility))


def progress_of(rows: ProgressRows) -> StudentProgress:
    """Compute a student's progress from its rows alone."""
    regulation = regulation_of(rows.regulation_id, rows.exam_session_year)
    figures = cohort_figures(
        rows.cohort_id,
        rows.visibility.published_only,
        rows.formative,
        rows.subjects,
        regulation,
    )
    group = ClassView(regulation, figures.averages, key(rows.student_id), figures)
    return StudentProgress(
        student_id=rows.student_id,
        cohort_id=rows.cohort_id,
        exam_session_year=rows.exam_session_year,
        published_only=rows.visibility.published_only,
        subjects=subject_lines(rows.formative, rows.subjects, group),
        units=unit_lines(group),
        assessments=assessment_lines(
            rows.formative, rows.student_id, assessment_statistics(figures)
        ),
        ccf=rows.ccf,
        projection=_projection(rows, group),
        blocs=rows.blocs,
        results=rows.results,
    )


@dataclass(frozen=True, slots=True)
class ClassView:
    """A class's formative averages, seen from one student."""

    regulation: Regulation
    averages: Mapping[str, StudentAverages]
    student: str
    #: The cohort's cached figures: class statistics computed once per change.
    figures: CohortFigures

    def statistics(
        self, name: Hashable, compute: Callable[[], ClassStatistics]
    ) -> ClassStatistics:
        """Return the class statistics ``name`` (cohort-wide, so cached)."""
        result: ClassStatistics = self.figures.statistics(name, compute)
        return result

    @property
    def group(self) -> list[StudentAverages]:
        """Return every student's averages."""
        return list(self.averages.values())

    @property
    def mine(self) -> StudentAverages | None:
        """Return the student's own averages, if they have any."""
        return self.averages.get(self.student)

    @property
    def years(self) -> tuple[int, ...]:
        """Return the years of study of the regulation's periods."""
        return tuple(sorted(set(self.regulation.periods.values())))


def subject_lines(
    formative: Formative, subjects: Sequence[SubjectRow], view: ClassView
) -> tuple[SubjectProgress, ...]:
    """Return the subjects that have assessments, with period and year lines."""
    assessed = {a.subject_id for a in formative.assessments}
    units = subject_units(subjects, view.regulation)
    by_year = {a.student: a.by_subject_year for a in view.group}
    return tuple(
        SubjectProgress(
            subject.id,
            subject.code,
            subject.name,
            units[key(subject.id)],
            _period_lines(key(subject.id), view),
            _year_lines(by_year, key(subject.id), view),
        )
        for subject in subjects
        if subject.id in assessed
    )


def unit_lines(view: ClassView) -> tuple[UnitProgress, ...]:
    """Return each unit with formative data: overall and per-year averages (R8)."""
    lines = []
    for unit in view.regulation.units:
        values = {a.student: a.by_unit[unit] for a in view.group if unit in a.by_unit}
        if not values:
            continue
        years = []
        for year in view.years:
            statistics = view.statistics(
                ("unit-year", unit, year),
                partial(unit_year_statistics, view.group, unit, year),
            )
            if statistics.count:
                mine = view.mine
                average = mine.by_unit_year.get((unit, year)) if mine else None
                figures = class_figures(statistics, view.student)
                years.append(YearLine(year, shown(average), figures))
        lines.append(
            UnitProgress(
                unit,
                shown(values.get(view.student)),
                class_figures(
                    view.statistics(("unit", unit), partial(class_statistics, values)),
                    view.student,
                ),
                tuple(years),
            )
        )
    return tuple(lines)


def _period_lines(subject: str, view: ClassView) -> tuple[PeriodLine, ...]:
    lines = []
    for period in view.regulation.periods:
        statistics = view.statistics(
            ("subject-period", subject, period),
            partial(subject_period_statistics, view.group, subject, period),
        )
        if statistics.count:
            mine = view.mine
            average = mine.by_subject_period.get((subject, period)) if mine else None
            figures = class_figures(statistics, view.student)
            lines.append(PeriodLine(period, shown(average), figures))
    return tuple(lines)


def _year_lines(
    by_student: Mapping[str, Mapping[tuple[str, int], Fraction]],
    subject: str,
    view: ClassView,
) -> tuple[YearLine, ...]:
    lines = []
    for year in view.years:
        values = {
            s: v[(subject, year)] for s, v in by_student.items() if (subject, year) in v
        }
        if values:
            statistics = view.statistics(
                ("subject-year", subject, year), partial(class_statistics, values)
            )
            figures = class_figures(statistics, view.student)
            lines.append(YearLine(year, shown(values.get(view.student)), figures))
    return tuple(lines)


def _projection(rows: ProgressRows, view: ClassView) -> ProjectionView:
    """Project the student's coming session from the rows they may see (R7)."""
    regulation = view.regulation
    session = Session(rows.exam_session_year, rows.plan.jury_date)
    units = ccf_unit_grades(rows.ccf, regulation, session)
    held = held_units(units, rows.blocs, rows.exam_session_year)
    mine = view.mine
    return projection_view(
        regulation,
        session,
        held,
        mine.by_unit if mine else {},
        rows.plan.dispensed.get(rows.student_id, ()),
    )
