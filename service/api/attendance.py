"""Attendance, read-only (R8, issue 14), for the centre's other tools (funders,
ERP): an apprentice's figures and half-days, a cohort's figures with the alert
flag, and a cohort's planned half-days with their lessons.

Reach (``service.access``): the apprentice and their tutor read the apprentice's
own attendance; a trainer the apprentices and the cohorts of the half-days where
they teach, and the planning of the cohorts they teach (as the planning page);
the director everything. Out of reach answers 404, like a missing row. The
figures are ``service.operations.attendance_figures``'.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import Select, case, select
from sqlalchemy.orm import selectinload

from service.access.attendance import (
    attendance_cohort_in_reach,
    attendance_student_in_reach,
)
from service.access.guard import current_caller
from service.access.rules import EVERYONE_SCOPED, STAFF
from service.access.scope import cohort_in_reach
from service.api.pagination import SelectPage
from service.api.schemas.attendance import (
    CohortAttendanceSchema,
    HalfDaySchema,
    PeriodQuerySchema,
    StudentAttendanceSchema,
)
from service.centre_time import centre_today
from service.models import HalfDay, Lesson
from service.operations.attendance_figures import (
    cohort_attendance,
    student_lines,
    summaries,
    under_alert,
)
from service.operations.attendance_rows import SLOT_ORDER, day_range, year_start

blp = Blueprint("attendance", __name__, url_prefix="/api/v1", description="Assiduité")

RULES = {
    "attendance.get_student_attendance": EVERYONE_SCOPED,
    "attendance.get_cohort_attendance": STAFF,
    "attendance.list_half_days": STAFF,
}


@blp.get("/students/<int:student_id>/attendance")
@blp.arguments(PeriodQuerySchema, location="query")
@blp.response(200, StudentAttendanceSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_student_attendance(query: dict[str, date], student_id: int) -> Any:
    """Return an apprentice's totals and half-days over the days asked for.

    By default: from the start of the year of training holding the last day, to
    today.
    """
    student = attendance_student_in_reach(current_caller(), student_id)
    last = query.get("last") or centre_today()
    first = query.get("first") or year_start(student.cohort, last)
    summary = summaries([student.id], first, last)[student.id]
    return {
        "student_id": student.id,
        "first": first,
        "last": last,
        "alert_rate": _alert_rate(),
        "alert": under_alert(summary),
        "summary": summary,
        "half_days": student_lines([student.id], first, last)[student.id],
    }


@blp.get("/cohorts/<int:cohort_id>/attendance")
@blp.response(200, CohortAttendanceSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_cohort_attendance(cohort_id: int) -> Any:
    """Return each apprentice's totals and alert flag over the cohort's current
    year of training, up to today."""
    cohort = attendance_cohort_in_reach(current_caller(), cohort_id)
    today = centre_today()
    figures = cohort_attendance(cohort, today)
    return {
        "cohort_id": cohort.id,
        "first": figures.since,
        "last": today,
        "alert_rate": _alert_rate(),
        "students": [
            {
                "student_id": student.id,
                "name": student.full_name,
                "alert": student.id in figures.flagged,
                "summary": figures.summaries[student.id],
            }
            for student in figures.students
        ],
    }


@blp.get("/cohorts/<int:cohort_id>/half-days")
@blp.arguments(PeriodQuerySchema, location="query")
@blp.response(200, HalfDaySchema(many=True))
@blp.alt_response(404, response="NOT_FOUND")
@blp.paginate(SelectPage)
def list_half_days(query: dict[str, date], cohort_id: int) -> Select[Any]:
    """List a cohort's half-days in order, with their lessons.

    Only the days asked for, when given (both ends included).
    """
    cohort = cohort_in_reach(current_caller(), cohort_id)
    days = day_range(query.get("first"), query.get("last"))
    return (
        select(HalfDay)
        .where(HalfDay.cohort_id == cohort.id, *days)
        .options(selectinload(HalfDay.lessons).selectinload(Lesson.subject))
        .order_by(HalfDay.day, case(SLOT_ORDER, value=HalfDay.slot), HalfDay.id)
    )


def _alert_rate() -> int:
    """The alert threshold in % (``ATTENDANCE_ALERT_RATE``)."""
    return int(current_app.config["ATTENDANCE_ALERT_RATE"])
