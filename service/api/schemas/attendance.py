"""Attendance as the API shows it (R8): durations in whole minutes with their
hours (a string with two decimals, rounded for display like grades), the rate
as a percentage string or null, dates in ISO."""

from __future__ import annotations

from datetime import date
from typing import Any

import marshmallow as ma

from grading.attendance import hours, percent
from service.models import HalfDaySlot, JustificationStatus, Presence

#: The range asked for, named as in the query string (``from`` is a keyword).
FROM, TO = "from", "to"


class PeriodQuerySchema(ma.Schema):
    """The days asked for, both included: ``from``, ``to`` (ISO dates)."""

    first = ma.fields.Date(data_key=FROM, metadata={"example": "2026-09-01"})
    last = ma.fields.Date(data_key=TO, metadata={"example": "2026-11-30"})

    @ma.validates_schema
    def check_order(self, data: dict[str, date], **kwargs: Any) -> None:
        """Refuse a range that ends before it starts, naming ``to``."""
        if "first" in data and "last" in data and data["last"] < data["first"]:
            raise ma.ValidationError(
                f"Doit être le même jour que « {FROM} » ou après.", TO
            )


class DurationSchema(ma.Schema):
    """A duration: exact minutes, and hours for display."""

    minutes = ma.fields.Integer(metadata={"example": 150})
    hours = ma.fields.Decimal(
        as_string=True,
        places=2,
        metadata={
            "type": "string",
            "example": "2.50",
            "description": "Heures arrondies au centième",
        },
    )

    @ma.pre_dump
    def from_minutes(self, minutes: int, **kwargs: Any) -> dict[str, Any]:
        """Dump a number of minutes."""
        return {"minutes": minutes, "hours": hours(minutes)}


def duration(**kwargs: Any) -> ma.fields.Nested:
    """A duration field, dumped from a number of minutes."""
    return ma.fields.Nested(DurationSchema, **kwargs)


class Percent(ma.fields.Decimal):
    """An exact rate shown as a percentage with two decimals (``"93.75"``)."""

    def __init__(self, **kwargs: Any) -> None:
        metadata = {
            "type": ["string", "null"],
            "example": "93.75",
            "description": "Minutes présentes ÷ minutes relevées, en %, "
            "null sans appel relevé",
        }
        super().__init__(
            as_string=True, places=2, allow_none=True, metadata=metadata, **kwargs
        )

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return super()._serialize(percent(value), attr, obj, **kwargs)


class SubjectHoursSchema(ma.Schema):
    """One subject's minutes: planned, attended, missed through absences, and
    the curriculum's yearly minutes (null when the subject has none)."""

    code = ma.fields.String(attribute="subject", metadata={"example": "RCNV"})
    planned = duration()
    attended = duration()
    absent = duration()
    curriculum = duration(allow_none=True)


class AttendanceSummarySchema(ma.Schema):
    """An apprentice's totals over the days asked for."""

    planned = duration()
    taken = duration(
        metadata={"description": "Minutes des demi-journées dont l'appel le note"}
    )
    attended = duration()
    absent_justified = duration()
    absent_unjustified = duration()
    absent_pending = duration()
    half_days_absent_justified = ma.fields.Integer()
    half_days_absent_unjustified = ma.fields.Integer()
    half_days_absent_pending = ma.fields.Integer()
    late = duration(attribute="late_minutes")
    early = duration(attribute="early_minutes")
    rate = Percent()
    subjects = ma.fields.List(
        ma.fields.Nested(SubjectHoursSchema), attribute="per_subject"
    )


class HalfDayLineSchema(ma.Schema):
    """One planned half-day of the apprentice and what its roll call recorded."""

    half_day_id = ma.fields.Integer()
    day = ma.fields.Date()
    slot = ma.fields.Enum(HalfDaySlot, by_value=True)
    subjects = ma.fields.List(ma.fields.String(), metadata={"example": ["RCNV"]})
    planned_minutes = ma.fields.Integer()
    taken = ma.fields.Boolean(metadata={"description": "L'appel note l'apprenti"})
    presence = ma.fields.Enum(Presence, by_value=True, allow_none=True)
    attended_minutes = ma.fields.Integer()
    late_minutes = ma.fields.Integer()
    early_minutes = ma.fields.Integer()
    justification = ma.fields.Enum(
        JustificationStatus,
        by_value=True,
        allow_none=True,
        metadata={"description": "Pour une absence : le statut des justificatifs"},
    )


class CountedRangeSchema(ma.Schema):
    """The range counted and the alert threshold."""

    first = ma.fields.Date(data_key=FROM)
    last = ma.fields.Date(data_key=TO)
    alert_rate = ma.fields.Integer(
        metadata={"example": 90, "description": "Seuil d'alerte, en %"}
    )


class StudentAttendanceSchema(CountedRangeSchema):
    """An apprentice's totals and half-days over the days asked for."""

    student_id = ma.fields.Integer()
    alert = ma.fields.Boolean(metadata={"description": "Taux sous le seuil"})
    summary = ma.fields.Nested(AttendanceSummarySchema)
    half_days = ma.fields.List(ma.fields.Nested(HalfDayLineSchema))


class ApprenticeFiguresSchema(ma.Schema):
    """One apprentice of a cohort: totals and the alert flag."""

    student_id = ma.fields.Integer()
    name = ma.fields.String(metadata={"example": "MARTIN Alice"})
    alert = ma.fields.Boolean()
    summary = ma.fields.Nested(AttendanceSummarySchema)


class CohortAttendanceSchema(CountedRangeSchema):
    """A cohort's apprentices over its current year of training, up to today."""

    cohort_id = ma.fields.Integer()
    students = ma.fields.List(ma.fields.Nested(ApprenticeFiguresSchema))


class LessonSchema(ma.Schema):
    """One lesson of a half-day, in order."""

    position = ma.fields.Integer()
    subject_id = ma.fields.Integer()
    subject = ma.fields.String(attribute="subject.code", metadata={"example": "RCNV"})
    trainer_id = ma.fields.Integer(allow_none=True)
    minutes = ma.fields.Integer()


class HalfDaySchema(ma.Schema):
    """A planned half-day of a cohort, its lessons and whether its roll call is
    closed."""

    id = ma.fields.Integer()
    cohort_id = ma.fields.Integer()
    day = ma.fields.Date()
    slot = ma.fields.Enum(HalfDaySlot, by_value=True)
    planned_minutes = ma.fields.Integer()
    closed = ma.fields.Function(
        lambda half_day: half_day.closed_at is not None,
        metadata={"type": "boolean"},
    )
    closed_at = ma.fields.DateTime(allow_none=True)
    lessons = ma.fields.List(ma.fields.Nested(LessonSchema))
