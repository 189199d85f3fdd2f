"""HTTP shapes of subjects and teaching assignments."""

from __future__ import annotations

import marshmallow as ma

from service.api.schemas.fields import RowId, Text
from service.models.cohorts import MAX_SUBJECT_POSITION

HOURS = ma.validate.Range(0, 2000)
POSITIONS = ma.validate.Range(1, MAX_SUBJECT_POSITION)
CODE = ma.validate.Regexp(
    r"^[A-Z0-9][A-Z0-9-]*$", error="Majuscules, chiffres, tirets."
)


class SubjectSchema(ma.Schema):
    """A subject of the curriculum and the exam unit it prepares (R8)."""

    id = ma.fields.Integer(dump_only=True)
    code = Text(16, required=True, validate=CODE, metadata={"example": "RCNV"})
    name = Text(200, required=True)
    hours_per_year = ma.fields.Integer(required=True, strict=True, validate=HOURS)
    unit = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=ma.validate.Length(1, 8),
        metadata={"description": "A unit of the regulation (U1…U6), or null"},
    )
    position = ma.fields.Integer(
        strict=True,
        validate=POSITIONS,
        metadata={"description": "Order in lists; after the others by default"},
    )


class SubjectPatchSchema(ma.Schema):
    """The fields of a subject the director may change."""

    code = Text(16, validate=CODE)
    name = Text(200)
    hours_per_year = ma.fields.Integer(strict=True, validate=HOURS)
    unit = ma.fields.String(allow_none=True, validate=ma.validate.Length(1, 8))
    position = ma.fields.Integer(strict=True, validate=POSITIONS)


class AssignmentSchema(ma.Schema):
    """A trainer teaches a subject to a cohort."""

    id = ma.fields.Integer(dump_only=True)
    trainer_id = RowId(required=True)
    cohort_id = RowId(required=True)
    subject_id = RowId(required=True)
    trainer_name = ma.fields.String(dump_only=True, attribute="trainer.display_name")
    cohort_name = ma.fields.String(dump_only=True, attribute="cohort.name")
    subject_code = ma.fields.String(dump_only=True, attribute="subject.code")


class AssignmentQueryArgsSchema(ma.Schema):
    """Filters of the assignment list."""

    trainer_id = RowId(strict=False)
    cohort_id = RowId(strict=False)
    subject_id = RowId(strict=False)
