"""HTTP shapes of cohorts and their periods (S1–S4)."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import current_app

from service.api.schemas.fields import Text
from service.models import PeriodCode

YEARS = ma.validate.Range(2000, 2100)
EXAM_AFTER_START = "L'année de session doit suivre l'année de début."


def default_regulation() -> str:
    """The regulation of the centre's configuration."""
    return str(current_app.config["REGULATION_ID"])


class CohortSchema(ma.Schema):
    """A cohort: its name, regulation and years."""

    id = ma.fields.Integer(dump_only=True)
    name = Text(100, required=True, metadata={"example": "NDRC 2025–2027"})
    regulation_id = ma.fields.String(
        load_default=default_regulation,
        validate=ma.validate.Length(1, 40),
        metadata={"description": "A regulation known to the grade engine"},
    )
    start_year = ma.fields.Integer(required=True, validate=YEARS)
    exam_session_year = ma.fields.Integer(required=True, validate=YEARS)

    @ma.validates_schema
    def check_years(self, data: dict[str, Any], **kwargs: Any) -> None:
        """The exam session comes after the start."""
        if data["exam_session_year"] <= data["start_year"]:
            raise ma.ValidationError(EXAM_AFTER_START, "exam_session_year")


class CohortPatchSchema(ma.Schema):
    """The fields of a cohort the director may change."""

    name = Text(100)
    regulation_id = ma.fields.String(validate=ma.validate.Length(1, 40))
    start_year = ma.fields.Integer(validate=YEARS)
    exam_session_year = ma.fields.Integer(validate=YEARS)


class PeriodSchema(ma.Schema):
    """One half-year of a cohort with its dates (both included)."""

    id = ma.fields.Integer(dump_only=True)
    code = ma.fields.Enum(PeriodCode, by_value=True, required=True)
    starts_on = ma.fields.Date(required=True)
    ends_on = ma.fields.Date(required=True)
    year_of_study = ma.fields.Integer(dump_only=True)


class PeriodsSchema(ma.Schema):
    """Every period of a cohort, replacing the previous ones."""

    periods = ma.fields.List(
        ma.fields.Nested(PeriodSchema),
        required=True,
        validate=ma.validate.Length(1, len(PeriodCode)),
    )
