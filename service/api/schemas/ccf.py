"""CCF situations (U4, U6) and their panels; the proposed grade is out of 20 (R7)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma

from service.api.schemas.common import FlatErrorsSchema, row_id
from service.api.schemas.fields import Text
from service.api.schemas.points import Points
from service.models import CcfState, EvaluatorRole

TWENTY = Decimal(20)
MAX_SITUATIONS = 9
MAX_EVALUATORS = 10


class EvaluatorSchema(ma.Schema):
    """A panel member: a trainer (account or name) or the professional."""

    id = ma.fields.Integer(dump_only=True)
    role = ma.fields.Enum(EvaluatorRole, by_value=True, required=True)
    user_id = row_id(allow_none=True, load_default=None)
    name = Text(200, allow_none=True, load_default=None)
    organisation = Text(200, allow_none=True, load_default=None)

    @ma.validates_schema
    def _identified(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["role"] is EvaluatorRole.PROFESSIONAL:
            missing = [key for key in ("name", "organisation") if not data.get(key)]
            if missing:
                raise ma.ValidationError(
                    {key: ["Requis pour le professionnel."] for key in missing}
                )
        elif data.get("user_id") is None and not data.get("name"):
            raise ma.ValidationError("Compte ou nom du formateur requis.", "user_id")


class CcfSituationSchema(FlatErrorsSchema):
    """A CCF situation of one student for one unit, with its panel."""

    id = ma.fields.Integer(dump_only=True)
    student_id = row_id(required=True)
    unit = Text(8, required=True, metadata={"example": "U4"})
    situation_number = ma.fields.Integer(
        required=True, validate=ma.validate.Range(1, MAX_SITUATIONS)
    )
    held_on = ma.fields.Date(allow_none=True, load_default=None)
    proposed_grade = Points(maximum=TWENTY, allow_none=True, load_default=None)
    comment = Text(1000, min_length=0, allow_none=True, load_default=None)
    evaluators = ma.fields.List(
        ma.fields.Nested(EvaluatorSchema),
        required=True,
        validate=ma.validate.Length(1, MAX_EVALUATORS),
    )
    state = ma.fields.Enum(CcfState, by_value=True, dump_only=True)
    version = ma.fields.Integer(dump_only=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)
    updated_by_id = ma.fields.Integer(dump_only=True, allow_none=True)

    @ma.validates_schema
    def _professional_present(self, data: dict[str, Any], **kwargs: Any) -> None:
        roles = {evaluator["role"] for evaluator in data.get("evaluators", [])}
        if EvaluatorRole.PROFESSIONAL not in roles:
            raise ma.ValidationError(
                "Le jury comprend un professionnel (nom et organisation).",
                "evaluators",
            )


class CcfGradeSchema(ma.Schema):
    """A new proposed grade (out of 20, or null to withdraw it) and comment."""

    proposed_grade = Points(maximum=TWENTY, allow_none=True, required=True)
    comment = Text(1000, min_length=0, allow_none=True, load_default=None)


class CcfQuerySchema(ma.Schema):
    """Filters of the CCF list."""

    cohort_id = row_id()
    student_id = row_id()
    unit = Text(8)
