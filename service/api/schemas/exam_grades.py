"""Exam unit grades: a grade, U5's two parts, or a status; and their history."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from service.api.schemas.exam_sessions import grade_field, unit_code
from service.models import ChangeSource, ExamUnitStatus

ONE_FORM = (
    "Donnez exactement une forme : grade, ou written et practical (U5), ou status."
)


class ExamValueSchema(ma.Schema):
    """One unit's entry: ``grade``, both U5 parts, or ``status``."""

    grade = grade_field(allow_none=True, load_default=None)
    written = grade_field(allow_none=True, load_default=None)
    practical = grade_field(allow_none=True, load_default=None)
    status = ma.fields.Enum(
        ExamUnitStatus, by_value=True, allow_none=True, load_default=None
    )

    @ma.validates_schema
    def _one_form(self, data: dict[str, Any], **kwargs: Any) -> None:
        parts = [data.get("written"), data.get("practical")]
        forms = [
            data.get("grade") is not None,
            any(part is not None for part in parts),
            data.get("status") is not None,
        ]
        if sum(forms) != 1:
            raise ma.ValidationError(ONE_FORM, "grade")
        if forms[1] and None in parts:
            missing = "written" if parts[0] is None else "practical"
            raise ma.ValidationError("Les deux parties de U5 sont requises.", missing)


class ExamGradeCreateSchema(ExamValueSchema):
    """A unit's entry for a registration."""

    unit = unit_code(required=True)


class ExamGradeSchema(ExamGradeCreateSchema):
    """An exam unit grade as stored, with its version (the ETag)."""

    id = ma.fields.Integer(dump_only=True)
    registration_id = ma.fields.Integer(dump_only=True)
    version = ma.fields.Integer(dump_only=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)
    updated_by_id = ma.fields.Integer(dump_only=True, allow_none=True)


class ExamHistorySchema(ma.Schema):
    """One change of an exam unit grade: who, from where, before and after."""

    id = ma.fields.Integer()
    actor_id = ma.fields.Integer(allow_none=True)
    source = ma.fields.Enum(ChangeSource, by_value=True)
    old = ma.fields.Dict(allow_none=True)
    new = ma.fields.Dict(allow_none=True)
    at = ma.fields.AwareDateTime()


class CandidateInputSchema(ma.Schema):
    """The contract input the engine evaluates for a registration."""

    class Meta:
        """Any contract key (evaluate-contract.md)."""

        unknown = ma.INCLUDE

    regulation = ma.fields.String()
    form = ma.fields.String()
    category = ma.fields.String()
    session = ma.fields.Dict()
    policy = ma.fields.Dict()
    units = ma.fields.Dict()
    benefits = ma.fields.List(ma.fields.Dict())
