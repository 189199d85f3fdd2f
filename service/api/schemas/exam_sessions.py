"""Exam sessions and registrations (kept benefits, dispenses, engine warnings)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma

from service.api.schemas.common import FlatErrorsSchema, row_id
from service.api.schemas.points import Points
from service.models import BlocSource, ExamForm, SessionState
from service.operations.sessions import FIRST_YEAR, LAST_YEAR

TWENTY = 20


def not_blank(value: str) -> None:
    """Refuse a text made of spaces only."""
    if not value.strip():
        raise ma.ValidationError("Ce texte ne peut pas être vide.")


def text(maximum: int, **kwargs: Any) -> ma.fields.String:
    """A required non-blank text of at most ``maximum`` characters."""
    return ma.fields.String(
        validate=[ma.validate.Length(1, maximum), not_blank], **kwargs
    )


def unit_code(**kwargs: Any) -> ma.fields.String:
    """A unit code such as ``U4`` (the regulation says which exist)."""
    return ma.fields.String(
        validate=ma.validate.Regexp(r"^[A-Z][A-Z0-9]{0,7}$"),
        metadata={"example": "U1"},
        **kwargs,
    )


def grade_field(**kwargs: Any) -> Points:
    """A grade out of 20 with at most two decimals."""
    return Points(maximum=Decimal(TWENTY), **kwargs)


class ExamSessionSchema(ma.Schema):
    """An exam session: one regulation, one year, a jury date, a state."""

    id = ma.fields.Integer(dump_only=True)
    regulation_id = ma.fields.String(
        load_default=None, validate=ma.validate.Length(1, 40)
    )
    year = ma.fields.Integer(
        required=True, validate=ma.validate.Range(FIRST_YEAR, LAST_YEAR)
    )
    jury_date = ma.fields.Date(allow_none=True, load_default=None)
    #: Printed on the PV and the livret (issue 15).
    jury_president = text(200, allow_none=True, load_default=None)
    state = ma.fields.Enum(SessionState, by_value=True, dump_only=True)


class ExamSessionEditSchema(ma.Schema):
    """What may change in an open session."""

    year = ma.fields.Integer(validate=ma.validate.Range(FIRST_YEAR, LAST_YEAR))
    jury_date = ma.fields.Date(allow_none=True)
    jury_president = text(200, allow_none=True)


class BenefitSchema(ma.Schema):
    """A grade kept from an earlier session, with its origin (R5)."""

    unit = unit_code(required=True)
    grade = grade_field(required=True)
    origin = ma.fields.Enum(BlocSource, by_value=True, load_default=BlocSource.SESSION)
    origin_session_year = ma.fields.Integer(
        required=True, validate=ma.validate.Range(1900, 9999)
    )
    obtained_on = ma.fields.Date(required=True)


class DispenseSchema(ma.Schema):
    """A dispensed unit and its justification (R6)."""

    unit = unit_code(required=True)
    justification = text(1000, required=True)


class RegistrationInputSchema(FlatErrorsSchema):
    """A registration's form, kept benefits and dispenses (lists replace)."""

    form = ma.fields.Enum(ExamForm, by_value=True, allow_none=True, load_default=None)
    benefits = ma.fields.List(
        ma.fields.Nested(BenefitSchema), validate=ma.validate.Length(max=10)
    )
    dispenses = ma.fields.List(
        ma.fields.Nested(DispenseSchema), validate=ma.validate.Length(max=10)
    )


class RegistrationCreateSchema(RegistrationInputSchema):
    """A student to register, by default in their own exam form."""

    student_id = row_id(required=True)


class RegistrationSchema(ma.Schema):
    """A registration as stored."""

    id = ma.fields.Integer()
    session_id = ma.fields.Integer()
    student_id = ma.fields.Integer()
    student_name = ma.fields.String(attribute="student.full_name")
    form = ma.fields.Enum(ExamForm, by_value=True)
    created_at = ma.fields.AwareDateTime()
    benefits = ma.fields.List(ma.fields.Nested(BenefitSchema))
    dispenses = ma.fields.List(ma.fields.Nested(DispenseSchema))


class EngineWarningSchema(ma.Schema):
    """A warning of the engine (R4: a benefit expires before the jury)."""

    code = ma.fields.String()
    unit = ma.fields.String(allow_none=True)
    message = ma.fields.String()


class RegistrationDetailSchema(ma.Schema):
    """A registration and the engine's warnings about it."""

    registration = ma.fields.Nested(RegistrationSchema)
    warnings = ma.fields.List(ma.fields.Nested(EngineWarningSchema))
