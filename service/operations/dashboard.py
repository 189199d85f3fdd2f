"""A cohort's dashboard: unit averages, students at risk, missing grades (staff only).

Every figure goes through the engine: formative averages and class statistics
(R8) and each student's projection (R3). A student is at risk when the
projected average is below 10 or a projected unit grade is below 8.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import select

from grading import (
    Regulation,
    Session,
    StudentAverages,
    class_statistics,
)
from service.access.visibility import Visibility
from service.extensions import db
from service.models import Cohort, Student
from service.operations.formative import (
    ClassFigures,
    Formative,
    averages_of,
    class_figures,
    key,
    missing_grades,
    shown,
    subject_units,
)
from service.operations.progress import (
    BlocRow,
    CcfRow,
    load_blocs,
    load_ccf,
    load_formative,
    load_session_plan,
    load_subjects,
)
from service.operations.projection import (
    ProjectionView,
    ccf_unit_grades,
    held_units,
    projection_view,
    regulation_of,
)

PASS_MARK = 10
LOW_UNIT = 8


@dataclass(frozen=True, slots=True)
class UnitOverview:
    """One unit: the class's formative figures and the mean of projected grades."""

    unit: str
    formative: ClassFigures
    projected_mean: Decimal | None
    projected_count: int


@dataclass(frozen=True, slots=True)
class StudentAtRisk:
    """A student whose projection is below the mark, and why (in French)."""

    student_id: int
    name: str
    projected_average: Decimal | None
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MissingGrades:
    """An assessment where some students have neither a score nor a status."""

    assessment_id: int
    title: str
    subject_id: int
    period: str
    student_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Counts:
    """How many students, assessments, grades and problems the cohort has."""

    students: int
    assessments: int
    published_assessments: int
    grades: int
    missing_grades: int
    at_risk: int
    incomplete_projections: int


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What the director or a trainer of the cohort sees of it."""

    cohort_id: int
    name: str
    exam_session_year: int
    counts: Counts
    units: tuple[UnitOverview, ...]
    at_risk: tuple[StudentAtRisk, ...]
    missing: tuple[MissingGrades, ...]


def cohort_dashboard(cohort: Cohort, visibility: Visibility) -> Dashboard:
    """Compute the cohort's dashboard from the rows the caller may see."""
    regulation = regulation_of(cohort.regulation_id)
    students = tuple(
        db.session.scalars(
            select(Student)
            .where(Student.cohort_id == cohort.id)
            .order_by(Student.last_name, Student.first_name, Student.id)
        )
    )
    formative = load_formative(cohort.id, visibility)
    units = subject_units(load_subjects(), regulation)
    averages = averages_of(formative, units, regulation)
    projections = _projections(cohort, regulation, students, averages, visibility)
    at_risk = tuple(
        risk
        for student in students
        if (risk := student_at_risk(student, projections[student.id])) is not None
    )
    missing = _missing(formative, students)
    return Dashboard(
        cohort_id=cohort.id,
        name=cohort.name,
        exam_session_year=cohort.exam_session_year,
        counts=_counts(formative, projections, at_risk, missing),
        units=unit_overview(regulation, averages, projections.values()),
        at_risk=at_risk,
        missing=missing,
    )


def _counts(
    formative: Formative,
    projections: Mapping[int, ProjectionView],
    at_risk: Sequence[StudentAtRisk],
    missing: Sequence[MissingGrades],
) -> Counts:
    return Counts(
        students=len(projections),
        assessments=len(formative.assessments),
        published_assessments=sum(a.published for a in formative.assessments),
        grades=len(formative.grades),
        missing_grades=sum(len(m.student_ids) for m in missing),
        at_risk=len(at_risk),
        incomplete_projections=sum(bool(p.missing) for p in projections.values()),
    )


def student_at_risk(
    student: Student, projection: ProjectionView
) -> StudentAtRisk | None:
    """Return why a student is at risk, or None (decisions on exact values, R2)."""
    reasons = []
    exact = projection.exact_average
    if exact is not None and exact < PASS_MARK:
        reasons.append(f"Moyenne projetée {projection.average} < {PASS_MARK}")
    for forecast in projection.units:
        if forecast.grade is not None and forecast.grade < LOW_UNIT:
            reasons.append(f"{forecast.unit} projetée {forecast.grade} < {LOW_UNIT}")
    if not reasons:
        return None
    return StudentAtRisk(
        student.id, student.full_name, projection.average, tuple(reasons)
    )


def unit_overview(
    regulation: Regulation,
    averages: Mapping[str, StudentAverages],
    projections: Iterable[ProjectionView],
) -> tuple[UnitOverview, ...]:
    """Return each mandatory unit's formative figures and projected mean."""
    forecasts = list(projections)
    lines = []
    for unit in regulation.mandatory_units:
        values = {
            a.student: a.by_unit[unit.code]
            for a in averages.values()
            if unit.code in a.by_unit
        }
        projected = {
            str(index): Fraction(f.grade)
            for index, view in enumerate(forecasts)
            for f in view.units
            if f.unit == unit.code and f.grade is not None
        }
        statistics = class_statistics(projected)
        lines.append(
            UnitOverview(
                unit.code,
                class_figures(class_statistics(values), None),
                shown(statistics.mean),
                statistics.count,
            )
        )
    return tuple(lines)


def _projections(
    cohort: Cohort,
    regulation: Regulation,
    students: Sequence[Student],
    averages: Mapping[str, StudentAverages],
    visibility: Visibility,
) -> dict[int, ProjectionView]:
    ids = [s.id for s in students]
    year = cohort.exam_session_year
    plan = load_session_plan(regulation.id, year, ids)
    session = Session(year, plan.jury_date)
    ccf: dict[int, list[CcfRow]] = {}
    for row in load_ccf(ids, visibility):
        ccf.setdefault(row.student_id, []).append(row)
    blocs: dict[int, list[BlocRow]] = {}
    for bloc in load_blocs(ids, visibility):
        blocs.setdefault(bloc.student_id, []).append(bloc)
    views = {}
    for student in students:
        grades = ccf_unit_grades(ccf.get(student.id, ()), regulation, session)
        held = held_units(grades, blocs.get(student.id, ()), year)
        formative = averages.get(key(student.id))
        views[student.id] = projection_view(
            regulation,
            session,
            held,
            formative.by_unit if formative else {},
            plan.dispensed.get(student.id, ()),
        )
    return views


def _missing(
    formative: Formative, students: Sequence[Student]
) -> tuple[MissingGrades, ...]:
    lacking = missing_grades(
        formative.assessments, formative.grades, (s.id for s in students)
    )
    return tuple(
        MissingGrades(a.id, a.title, a.subject_id, a.period, lacking[a.id])
        for a in formative.assessments
        if a.id in lacking
    )
