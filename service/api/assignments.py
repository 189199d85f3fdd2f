"""Teaching assignments: who teaches which subject to which cohort.

Rules: the director lists, creates and deletes them; a trainer lists their own
(the scope of every trainer rule elsewhere); students have no access.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import Select, select

from service.access.guard import Caller, current_caller
from service.access.rules import DIRECTOR_ONLY, STAFF, Ownership
from service.access.scope import not_found
from service.api.schemas.teaching import AssignmentQueryArgsSchema, AssignmentSchema
from service.extensions import db
from service.models import TeachingAssignment
from service.operations import teaching

blp = Blueprint(
    "assignments",
    __name__,
    url_prefix="/api/v1/assignments",
    description="Affectations des formateurs",
)

RULES = {
    "assignments.list_assignments": STAFF,
    "assignments.create_assignment": DIRECTOR_ONLY,
    "assignments.delete_assignment": DIRECTOR_ONLY,
}


def reachable_assignments(caller: Caller) -> Select[TeachingAssignment]:
    """Every assignment for the director; a trainer's own for a trainer."""
    statement = select(TeachingAssignment)
    if caller.ownership is not Ownership.ALL:
        statement = statement.where(TeachingAssignment.trainer_id == caller.user.id)
    return statement


@blp.get("")
@blp.arguments(AssignmentQueryArgsSchema, location="query")
@blp.response(200, AssignmentSchema(many=True))
def list_assignments(args: dict[str, Any]) -> list[TeachingAssignment]:
    """List the assignments I reach, filtered by trainer, cohort or subject."""
    statement = reachable_assignments(current_caller()).filter_by(**args)
    return list(db.session.scalars(statement.order_by(TeachingAssignment.id)))


@blp.post("")
@blp.arguments(AssignmentSchema)
@blp.response(201, AssignmentSchema)
@blp.alt_response(409, response="CONFLICT")
def create_assignment(data: dict[str, Any]) -> TeachingAssignment:
    """Make a trainer teach a subject to a cohort."""
    assignment = teaching.create_assignment(teaching.NewAssignment(**data))
    db.session.commit()
    return assignment


@blp.delete("/<int:assignment_id>")
@blp.response(204)
@blp.alt_response(404, response="NOT_FOUND")
def delete_assignment(assignment_id: int) -> None:
    """End an assignment: the trainer loses access to that cohort's subject."""
    assignment = db.session.get(TeachingAssignment, assignment_id)
    if assignment is None:
        raise not_found("Affectation")
    teaching.delete_assignment(assignment)
    db.session.commit()
