"""A student's progress and a cohort's dashboard (answers only; grades as "12.50")."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from service.models import BlocSource, CcfState, Decision, GradeStatus


def grade(description: str | None = None) -> ma.fields.Decimal:
    """A grade /20 for display: a string with two decimals, or null."""
    # apispec would document a Decimal as a number: it is a string here.
    metadata: dict[str, Any] = {"type": ["string", "null"], "example": "12.50"}
    if description:
        metadata["description"] = description
    return ma.fields.Decimal(
        as_string=True, places=2, allow_none=True, metadata=metadata
    )


class ClassFiguresSchema(ma.Schema):
    """Class statistics: mean, range, count, distribution and the student's rank."""

    count = ma.fields.Integer()
    mean = grade()
    minimum = grade()
    maximum = grade()
    below_8 = ma.fields.Integer(metadata={"description": "Moyennes < 8"})
    from_8_to_12 = ma.fields.Integer(metadata={"description": "Moyennes de 8 à < 12"})
    from_12 = ma.fields.Integer(metadata={"description": "Moyennes ≥ 12"})
    rank = ma.fields.String(
        allow_none=True,
        metadata={"example": "3/24", "description": "Ex aequo partagés"},
    )


class PeriodLineSchema(ma.Schema):
    """An average in one period and the class's figures."""

    period = ma.fields.String(metadata={"example": "S1"})
    average = grade()
    statistics = ma.fields.Nested(ClassFiguresSchema)


class YearLineSchema(ma.Schema):
    """An average in one year of study and the class's figures."""

    year = ma.fields.Integer(metadata={"example": 1})
    average = grade()
    statistics = ma.fields.Nested(ClassFiguresSchema)


class SubjectProgressSchema(ma.Schema):
    """One subject's formative averages (R8)."""

    subject_id = ma.fields.Integer()
    code = ma.fields.String()
    name = ma.fields.String()
    units = ma.fields.List(ma.fields.String())
    periods = ma.fields.List(ma.fields.Nested(PeriodLineSchema))
    years = ma.fields.List(ma.fields.Nested(YearLineSchema))


class UnitProgressSchema(ma.Schema):
    """One unit's formative average through the subject → unit map (R8)."""

    unit = ma.fields.String(metadata={"example": "U4"})
    average = grade()
    statistics = ma.fields.Nested(ClassFiguresSchema)
    years = ma.fields.List(ma.fields.Nested(YearLineSchema))


class AssessmentLineSchema(ma.Schema):
    """One assessment: the student's mark, out of 20, and the class's figures."""

    assessment_id = ma.fields.Integer()
    title = ma.fields.String()
    subject_id = ma.fields.Integer()
    period = ma.fields.String(metadata={"example": "S1"})
    max_score = grade()
    coefficient = grade()
    score = grade()
    status = ma.fields.Enum(GradeStatus, by_value=True, allow_none=True)
    grade = grade("Note ramenée sur 20 (ABS compte 0)")
    statistics = ma.fields.Nested(ClassFiguresSchema)


class CcfLineSchema(ma.Schema):
    """A CCF situation the caller may see (a student: published only, R7)."""

    unit = ma.fields.String()
    situation_number = ma.fields.Integer()
    held_on = ma.fields.Date(allow_none=True)
    grade = grade()
    state = ma.fields.Enum(CcfState, by_value=True)


class UnitForecastSchema(ma.Schema):
    """A unit's projected grade; ``no_data`` units get no guess."""

    unit = ma.fields.String()
    grade = grade()
    basis = ma.fields.String(
        metadata={"enum": ["held", "formative", "dispensed", "no_data"]}
    )


NEED_STATUS = {"enum": ["already_reached", "needed", "out_of_reach"]}


class UnitNeedSchema(ma.Schema):
    """What one unit still to take needs while the others keep their projection."""

    unit = ma.fields.String()
    status = ma.fields.String(metadata=NEED_STATUS)
    grade = grade()


class NeedSchema(ma.Schema):
    """What I still need: one grade on every unit still to take, to reach 10, and
    each unit's own need with the others at their projected grade (R3.4)."""

    status = ma.fields.String(metadata=NEED_STATUS)
    grade = grade()
    remaining = ma.fields.List(ma.fields.String())
    per_unit = ma.fields.List(ma.fields.Nested(UnitNeedSchema))


class ProjectionSchema(ma.Schema):
    """The predicted result of the coming session, computed by the engine."""

    units = ma.fields.List(ma.fields.Nested(UnitForecastSchema))
    missing = ma.fields.List(ma.fields.String())
    decision = ma.fields.String(metadata={"enum": [str(d) for d in Decision]})
    average = grade()
    total_points = grade()
    divisor = ma.fields.Integer()
    professional_average = grade()
    need = ma.fields.Nested(NeedSchema)


class BlocSchema(ma.Schema):
    """A bloc held and until when (R4)."""

    unit = ma.fields.String()
    grade = grade()
    source = ma.fields.Enum(BlocSource, by_value=True)
    obtained_session_year = ma.fields.Integer(allow_none=True)
    obtained_on = ma.fields.Date()
    valid_through_session = ma.fields.Integer()
    valid_until = ma.fields.Date()


class ExamResultSchema(ma.Schema):
    """A published exam result and the engine's explanation."""

    session_year = ma.fields.Integer()
    jury_date = ma.fields.Date(allow_none=True)
    decision = ma.fields.Enum(Decision, by_value=True)
    explanation = ma.fields.Dict()


class ProgressSchema(ma.Schema):
    """A student's progress, as the caller may see it (R7 for students)."""

    student_id = ma.fields.Integer()
    cohort_id = ma.fields.Integer()
    exam_session_year = ma.fields.Integer()
    published_only = ma.fields.Boolean(
        metadata={"description": "Vrai pour l'étudiant : données publiées seulement"}
    )
    subjects = ma.fields.List(ma.fields.Nested(SubjectProgressSchema))
    units = ma.fields.List(ma.fields.Nested(UnitProgressSchema))
    assessments = ma.fields.List(ma.fields.Nested(AssessmentLineSchema))
    ccf = ma.fields.List(ma.fields.Nested(CcfLineSchema))
    projection = ma.fields.Nested(ProjectionSchema)
    blocs = ma.fields.List(ma.fields.Nested(BlocSchema))
    results = ma.fields.List(ma.fields.Nested(ExamResultSchema))


class UnitOverviewSchema(ma.Schema):
    """A unit across the cohort: formative figures and the mean projected grade."""

    unit = ma.fields.String()
    formative = ma.fields.Nested(ClassFiguresSchema)
    projected_mean = grade()
    projected_count = ma.fields.Integer()


class StudentAtRiskSchema(ma.Schema):
    """A student projected below 10, a professional unit below 10 or another below 8,
    and why."""

    student_id = ma.fields.Integer()
    name = ma.fields.String()
    projected_average = grade()
    reasons = ma.fields.List(ma.fields.String())


class MissingGradesSchema(ma.Schema):
    """An assessment with students lacking a score or a status."""

    assessment_id = ma.fields.Integer()
    title = ma.fields.String()
    subject_id = ma.fields.Integer()
    period = ma.fields.String()
    student_ids = ma.fields.List(ma.fields.Integer())


class CountsSchema(ma.Schema):
    """The cohort's counts."""

    students = ma.fields.Integer()
    assessments = ma.fields.Integer()
    published_assessments = ma.fields.Integer()
    grades = ma.fields.Integer()
    missing_grades = ma.fields.Integer()
    at_risk = ma.fields.Integer()
    incomplete_projections = ma.fields.Integer()


class DashboardSchema(ma.Schema):
    """A cohort's dashboard for the director and its trainers."""

    cohort_id = ma.fields.Integer()
    name = ma.fields.String()
    exam_session_year = ma.fields.Integer()
    counts = ma.fields.Nested(CountsSchema)
    units = ma.fields.List(ma.fields.Nested(UnitOverviewSchema))
    at_risk = ma.fields.List(ma.fields.Nested(StudentAtRiskSchema))
    missing = ma.fields.List(ma.fields.Nested(MissingGradesSchema))
