"""A cohort's dashboard: unit averages, students at risk, missing grades."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from service.access.guard import Caller, current_caller
from service.access.rules import STAFF, Ownership
from service.access.scope import not_found, teaches
from service.access.visibility import visibility_for
from service.api.schemas.progress import DashboardSchema
from service.extensions import db
from service.models import Cohort
from service.operations.dashboard import cohort_dashboard

blp = Blueprint(
    "dashboard", __name__, url_prefix="/api/v1", description="Tableau de bord"
)

RULES = {"dashboard.get_dashboard": STAFF}


@blp.get("/cohorts/<int:cohort_id>/dashboard")
@blp.response(200, DashboardSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_dashboard(cohort_id: int) -> Any:
    """Return the cohort's unit averages, students at risk and missing grades."""
    caller = current_caller()
    cohort = cohort_in_reach(caller, cohort_id)
    return cohort_dashboard(cohort, visibility_for(caller, cohort))


def cohort_in_reach(caller: Caller, cohort_id: int) -> Cohort:
    """Load a cohort the director or one of its trainers asks for, or 404."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None or (
        caller.ownership is not Ownership.ALL and not teaches(caller.user, cohort.id)
    ):
        raise not_found("Promotion")
    return cohort
