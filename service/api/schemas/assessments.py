"""Formative assessments as the API reads and writes them (R8)."""

from __future__ import annotations

from decimal import Decimal

import marshmallow as ma

from service.api.schemas.common import row_id
from service.api.schemas.fields import Text
from service.api.schemas.points import Points
from service.models import AssessmentKind
from service.models.assessments import POINTS_MAX, POINTS_MIN

#: Largest maximum score or coefficient an assessment may have.


class AssessmentSchema(ma.Schema):
    """An assessment; on creation its cohort, subject and period are required."""

    id = ma.fields.Integer(dump_only=True)
    cohort_id = row_id(required=True)
    subject_id = row_id(required=True)
    period_id = row_id(required=True)
    title = Text(200, required=True)
    held_on = ma.fields.Date(required=True)
    kind = ma.fields.Enum(AssessmentKind, by_value=True, required=True)
    max_score = Points(minimum=POINTS_MIN, maximum=POINTS_MAX, load_default=Decimal(20))
    coefficient = Points(
        minimum=POINTS_MIN, maximum=POINTS_MAX, load_default=Decimal(1)
    )
    published_at = ma.fields.AwareDateTime(dump_only=True, allow_none=True)
    locked = ma.fields.Boolean(dump_only=True)
    created_by_id = ma.fields.Integer(dump_only=True, allow_none=True)


class AssessmentPatchSchema(ma.Schema):
    """The fields a trainer may change; cohort and subject never move."""

    period_id = row_id()
    title = Text(200)
    held_on = ma.fields.Date()
    kind = ma.fields.Enum(AssessmentKind, by_value=True)
    max_score = Points(minimum=POINTS_MIN, maximum=POINTS_MAX)
    coefficient = Points(minimum=POINTS_MIN, maximum=POINTS_MAX)


class AssessmentQuerySchema(ma.Schema):
    """Filters of the assessment list."""

    cohort_id = row_id()
    subject_id = row_id()
    period_id = row_id()
    published = ma.fields.Boolean()


class UnlockSchema(ma.Schema):
    """Reopening a locked assessment needs a reason, which is audited (T07)."""

    reason = Text(500, min_length=3, required=True)
