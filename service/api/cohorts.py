"""Cohorts and their periods: the director sets them up, others read what they reach.

Rules: a trainer sees the cohorts they teach; a student sees their own cohort only
(its name, years and period dates help them read their progress); any other cohort
answers 404, like a missing one. Only the director writes.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY, EVERYONE_SCOPED
from service.access.scope import cohort_in_reach, reachable_cohorts
from service.api.schemas.cohorts import (
    CohortPatchSchema,
    CohortSchema,
    PeriodSchema,
    PeriodsSchema,
)
from service.extensions import db
from service.models import Cohort, Period
from service.operations import cohorts as setup

blp = Blueprint(
    "cohorts", __name__, url_prefix="/api/v1/cohorts", description="Classes"
)

RULES = {
    "cohorts.list_cohorts": EVERYONE_SCOPED,
    "cohorts.create_cohort": DIRECTOR_ONLY,
    "cohorts.get_cohort": EVERYONE_SCOPED,
    "cohorts.update_cohort": DIRECTOR_ONLY,
    "cohorts.list_periods": EVERYONE_SCOPED,
    "cohorts.replace_periods": DIRECTOR_ONLY,
}


@blp.get("")
@blp.response(200, CohortSchema(many=True))
def list_cohorts() -> list[Cohort]:
    """List the cohorts I reach, the most recent first."""
    statement = reachable_cohorts(current_caller()).order_by(
        Cohort.start_year.desc(), Cohort.name
    )
    return list(db.session.scalars(statement))


@blp.post("")
@blp.arguments(CohortSchema)
@blp.response(201, CohortSchema)
@blp.alt_response(409, response="CONFLICT")
def create_cohort(data: dict[str, Any]) -> Cohort:
    """Create a cohort (unique name, known regulation, exam after the start)."""
    cohort = setup.create_cohort(setup.NewCohort(**data))
    db.session.commit()
    return cohort


@blp.get("/<int:cohort_id>")
@blp.response(200, CohortSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_cohort(cohort_id: int) -> Cohort:
    """Return one cohort I reach."""
    return cohort_in_reach(current_caller(), cohort_id)


@blp.patch("/<int:cohort_id>")
@blp.arguments(CohortPatchSchema)
@blp.response(200, CohortSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def update_cohort(changes: dict[str, Any], cohort_id: int) -> Cohort:
    """Change a cohort's name, regulation or years."""
    cohort = cohort_in_reach(current_caller(), cohort_id)
    setup.update_cohort(cohort, changes)
    db.session.commit()
    return cohort


@blp.get("/<int:cohort_id>/periods")
@blp.response(200, PeriodSchema(many=True))
@blp.alt_response(404, response="NOT_FOUND")
def list_periods(cohort_id: int) -> list[Period]:
    """List the periods of a cohort I reach, S1 first."""
    return setup.cohort_periods(cohort_in_reach(current_caller(), cohort_id))


@blp.put("/<int:cohort_id>/periods")
@blp.arguments(PeriodsSchema)
@blp.response(200, PeriodSchema(many=True))
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def replace_periods(data: dict[str, Any], cohort_id: int) -> list[Period]:
    """Set the periods of a cohort: S1–S4 in order, without overlap."""
    cohort = cohort_in_reach(current_caller(), cohort_id)
    wanted = [setup.PeriodDates(**period) for period in data["periods"]]
    periods = setup.replace_periods(cohort, wanted)
    db.session.commit()
    return periods
