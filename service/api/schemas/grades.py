"""Grades, the grade grid of an assessment and the history of a grade."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from importers.cells import CellValueError, parse_decimal
from service.api.schemas.assessments import AssessmentSchema
from service.api.schemas.common import FlatErrorsSchema, row_id
from service.api.schemas.fields import Text
from service.api.schemas.points import Points
from service.models import ChangeSource, GradeStatus, HistoryEntity

#: A cohort holds a few dozen students; a grid save is bounded well above that.
MAX_GRID_ROWS = 500
SCORE_XOR_STATUS = "Indiquez une note ou un statut (ABS, ABJ, DISP, NN), pas les deux."


class Score(Points):
    """A grade's score, with a decimal point or comma (« 12,5 »), as the grid reads it.

    Text goes through the sheets' own ``parse_decimal``; what it refuses is left to
    ``Points``, whose messages name the fault (three decimals, not a number).
    """

    def _validated(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = parse_decimal(value)
            except CellValueError:
                value = value.replace(",", ".")
        return super()._validated(value)


class GradeValueSchema(ma.Schema):
    """A score or a status, never both, and an optional comment."""

    score = Score(allow_none=True, load_default=None)
    status = ma.fields.Enum(
        GradeStatus, by_value=True, allow_none=True, load_default=None
    )
    comment = Text(1000, min_length=0, allow_none=True, load_default=None)

    @ma.validates_schema
    def _score_xor_status(self, data: dict[str, Any], **kwargs: Any) -> None:
        if (data.get("score") is None) == (data.get("status") is None):
            raise ma.ValidationError(SCORE_XOR_STATUS, "score")


class GradeSchema(GradeValueSchema):
    """One student's grade at one assessment, with its version (the ETag)."""

    id = ma.fields.Integer(dump_only=True)
    assessment_id = ma.fields.Integer(dump_only=True)
    student_id = ma.fields.Integer(dump_only=True)
    version = ma.fields.Integer(dump_only=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)
    updated_by_id = ma.fields.Integer(dump_only=True, allow_none=True)


class GradeRowSchema(GradeValueSchema):
    """One row of a grid save; ``version`` is the one the grid showed (none: new)."""

    student_id = row_id(required=True)
    version = ma.fields.Integer(
        allow_none=True, load_default=None, validate=ma.validate.Range(1, 2**31 - 1)
    )


class GridSaveSchema(FlatErrorsSchema):
    """A grid save: all rows are written, or none."""

    grades = ma.fields.List(
        ma.fields.Nested(GradeRowSchema),
        required=True,
        validate=ma.validate.Length(1, MAX_GRID_ROWS),
    )


class GridRowSchema(ma.Schema):
    """A student of the cohort and their grade (null when none yet)."""

    student_id = ma.fields.Integer(attribute="student.id")
    student_number = ma.fields.String(attribute="student.student_number")
    last_name = ma.fields.String(attribute="student.last_name")
    first_name = ma.fields.String(attribute="student.first_name")
    grade = ma.fields.Nested(GradeSchema, allow_none=True)


class GridSchema(ma.Schema):
    """The grade grid of an assessment: every student of its cohort."""

    assessment = ma.fields.Nested(AssessmentSchema)
    rows = ma.fields.List(ma.fields.Nested(GridRowSchema))


class GridSavedSchema(GridSchema):
    """The grid after a save, with what the save did."""

    created = ma.fields.Integer()
    updated = ma.fields.Integer()
    unchanged = ma.fields.Integer()


class GradeQuerySchema(ma.Schema):
    """Filters of the grade list."""

    assessment_id = row_id()
    student_id = row_id()


class HistorySchema(ma.Schema):
    """One change of a grade: who, from where, before and after."""

    id = ma.fields.Integer()
    entity = ma.fields.Enum(HistoryEntity, by_value=True)
    entity_id = ma.fields.Integer()
    actor_id = ma.fields.Integer(allow_none=True)
    source = ma.fields.Enum(ChangeSource, by_value=True)
    old = ma.fields.Dict(allow_none=True)
    new = ma.fields.Dict(allow_none=True)
    at = ma.fields.AwareDateTime()
