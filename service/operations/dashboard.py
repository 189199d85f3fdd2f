"""A cohort's dashboard: unit averages, students at risk, missing grades (staff only).

Every figure goes through the engine: formative averages and class statistics
(R8) and each student's projection (R3). A student is at risk when the
projected average is below 10, a professional unit below 10 (the contrôle needs a
professional average of 10, R3.5) or any other unit below 8.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
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
class RiskCause:
    """One projected grade below its mark: the average (``unit`` None) or a unit's."""

    unit: str | None
    grade: Decimal
    mark: int

    def __str__(self) -> str:
        what = "Moyenne" if self.unit is None else self.unit
        return f"{what} projetée {self.grade} < {self.mark}"


@dataclass(frozen=True, slots=True)
class StudentAtRisk:
    """A student whose projection is below the mark, and why."""

    student_id: int
    name: str
    projected_average: Decimal | None
    causes: tuple[RiskCause, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Each cause in French, e.g. « U1 projetée 4.73 < 8 »."""
        return tuple(map(str, self.causes))


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
class CohortProjections:
    """A cohort's students, formative rows and each student's projection."""

    regulation: Regulation
    students: tuple[Student, ...]
    formative: Formative
    projections: dict[int, ProjectionView]
    averages: Mapping[str, StudentAverages]


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


def cohort_projections(cohort: Cohort, visibility: Visibility) -> CohortProjections:
    """Load the cohort's rows the caller may see and project each student (R3)."""
    regulation = regulation_of(cohort.regulation_id, cohort.exam_session_year)
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
    return CohortProjections(regulation, students, formative, projections, averages)


def students_at_risk(loaded: CohortProjections) -> tuple[StudentAtRisk, ...]:
    """The cohort's students at risk, by name, each with why."""
    professional = {unit.code for unit in loaded.regulation.professional_units}
    return tuple(
        risk
        for student in loaded.students
        if (
            risk := student_at_risk(
                student, loaded.projections[student.id], professional
            )
        )
        is not None
    )


def cohort_dashboard(cohort: Cohort, visibility: Visibility) -> Dashboard:
    """Compute the cohort's dashboard from the rows the caller may see."""
    loaded = cohort_projections(cohort, visibility)
    at_risk = students_at_risk(loaded)
    missing = missing_of(loaded.formative, loaded.students)
    return Dashboard(
        cohort_id=cohort.id,
        name=cohort.name,
        exam_session_year=cohort.exam_session_year,
        counts=_counts(loaded.formative, loaded.projections, at_risk, missing),
        units=unit_overview(
            loaded.regulation, loaded.averages, loaded.projections.values()
        ),
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
    student: Student, projection: ProjectionView, professional: Collection[str]
) -> StudentAtRisk | None:
    """Return why a student is at risk, or None (decisions on exact values, R2):
    the average below 10, a ``professional`` unit below 10, another below 8."""
    causes = []
    exact = projection.exact_average
    if exact is not None and exact < PASS_MARK and projection.average is not None:
        causes.append(RiskCause(None, projection.average, PASS_MARK))
    for forecast in projection.units:
        mark = PASS_MARK if forecast.unit in professional else LOW_UNIT
        if forecast.grade is not None and forecast.grade < mark:
            causes.append(RiskCause(forecast.unit, forecast.grade, mark))
    if not causes:
        return None
    return StudentAtRisk(
        student.id, student.full_name, projection.average, tuple(causes)
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


def missing_of(
    formative: Formative, students: Sequence[Student]
) -> tuple[MissingGrades, ...]:
    """The assessments where some of ``students`` have neither score nor status."""
    lacking = missing_grades(
        formative.assessments, formative.grades, (s.id for s in students)
    )
    return tuple(
        MissingGrades(a.id, a.title, a.subject_id, a.period, lacking[a.id])
        for a in formative.assessments
        if a.id in lacking
    )
