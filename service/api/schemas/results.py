"""Results of a session, the jury's adjustments, and the blocs ledger."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma

from service.api.schemas.exam_sessions import grade_field, text, unit_code
from service.api.schemas.points import Points
from service.models import BlocSource, Decision

NUMBER_TEXT = {"type": ["string", "null"], "example": "10.05"}


def _display(value: Any) -> str | None:
    """Return an engine JSON number as exact decimal text ("10.05")."""
    if value is None:
        return None
    return str(Decimal(repr(value) if isinstance(value, float) else str(value)))


class SessionResultSchema(ma.Schema):
    """A registration's result: the decision and the engine's full output."""

    registration_id = ma.fields.Integer()
    student_id = ma.fields.Integer(attribute="registration.student_id")
    student_name = ma.fields.String(attribute="registration.student.full_name")
    session_id = ma.fields.Integer(attribute="registration.session_id")
    session_year = ma.fields.Integer(attribute="registration.session.year")
    decision = ma.fields.Enum(Decision, by_value=True)
    average = ma.fields.Method("_average", metadata=NUMBER_TEXT)
    decided_at = ma.fields.AwareDateTime()
    explanation = ma.fields.Dict(
        metadata={"description": "La sortie du moteur (evaluate-contract.md)"}
    )

    def _average(self, result: Any) -> str | None:
        return _display(result.explanation.get("average"))


class AdjustmentInputSchema(ma.Schema):
    """The jury's new grade for a unit, and why (R3.8: the reason is required)."""

    unit = unit_code(required=True)
    grade = grade_field(required=True)
    reason = text(2000, required=True)


class ControlGradesSchema(ma.Schema):
    """Grades of the épreuves de contrôle by unit (R3.6; the engine checks them)."""

    grades = ma.fields.Dict(
        keys=unit_code(),
        values=grade_field(),
        required=True,
        validate=ma.validate.Length(1, 6),
        metadata={"example": {"U1": "12", "U3": "9.5"}},
    )


class AdjustmentSchema(ma.Schema):
    """A jury adjustment: the old grade is kept."""

    id = ma.fields.Integer()
    registration_id = ma.fields.Integer()
    unit = ma.fields.String()
    old_grade = Points(allow_none=True)
    new_grade = Points()
    reason = ma.fields.String()
    adjusted_by_id = ma.fields.Integer()
    adjusted_at = ma.fields.AwareDateTime()


class AdjustedSchema(ma.Schema):
    """An adjustment and the result computed again with it."""

    adjustment = ma.fields.Nested(AdjustmentSchema)
    result = ma.fields.Nested(SessionResultSchema)


class LedgerQuerySchema(ma.Schema):
    """The date at which validity is judged (default: today)."""

    on = ma.fields.Date(load_default=None)


class LedgerBlocSchema(ma.Schema):
    """A bloc held, until when, and whether it still holds at the date asked (R4)."""

    unit = ma.fields.String()
    grade = Points()
    source = ma.fields.Enum(BlocSource, by_value=True)
    obtained_session_year = ma.fields.Integer()
    obtained_on = ma.fields.Date()
    valid_through_session = ma.fields.Integer()
    valid_until = ma.fields.Date()
    valid = ma.fields.Boolean()


class LedgerSchema(ma.Schema):
    """A student's blocs ledger at a date."""

    student_id = ma.fields.Integer()
    on = ma.fields.Date()
    blocs = ma.fields.List(ma.fields.Nested(LedgerBlocSchema))
