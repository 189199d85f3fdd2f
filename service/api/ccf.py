"""CCF situations of the trainer's units; students see only published ones (R7)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from service.access.guard import Caller, current_caller
from service.access.rules import EVERYONE_SCOPED, STAFF, Ownership
from service.access.scope import (
    ccf_in_reach,
    not_found,
    reachable_ccf,
    student_in_reach,
    teaches_unit,
)
from service.api.concurrency import IF_MATCH_PARAMETER, etag, expected_version
from service.api.pagination import SelectPage
from service.api.schemas.ccf import CcfGradeSchema, CcfQuerySchema, CcfSituationSchema
from service.api.schemas.grades import HistorySchema
from service.extensions import db
from service.models import CcfSituation, ChangeSource, HistoryEntity, Student
from service.operations import ccf as operations
from service.operations.grades import history_of
from service.operations.history import ChangeContext

blp = Blueprint("ccf", __name__, url_prefix="/api/v1", description="Situations de CCF")

RULES = {
    "ccf.list_situations": EVERYONE_SCOPED,
    "ccf.create_situation": STAFF,
    "ccf.get_situation": EVERYONE_SCOPED,
    "ccf.propose_grade": STAFF,
    "ccf.get_history": STAFF,
}

ONE = "/ccf-situations/<int:situation_id>"


@blp.get("/ccf-situations")
@blp.arguments(CcfQuerySchema, location="query")
@blp.response(200, CcfSituationSchema(many=True))
@blp.paginate(SelectPage)
def list_situations(query: dict[str, Any]) -> Any:
    """List CCF situations in reach; a student sees only published ones (R7)."""
    statement = reachable_ccf(current_caller())
    if "cohort_id" in query:
        statement = statement.where(Student.cohort_id == query["cohort_id"])
    if "student_id" in query:
        statement = statement.where(CcfSituation.student_id == query["student_id"])
    if "unit" in query:
        statement = statement.where(CcfSituation.unit == query["unit"])
    return statement.order_by(
        Student.last_name, CcfSituation.unit, CcfSituation.situation_number
    )


@blp.post("/ccf-situations")
@blp.arguments(CcfSituationSchema)
@blp.response(201, CcfSituationSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def create_situation(data: dict[str, Any]) -> Any:
    """Create a CCF situation (U4 or U6) of a student, with its panel."""
    caller = current_caller()
    student = student_in_reach(caller, data["student_id"])
    operations.check_ccf_unit(student, data["unit"], data["situation_number"])
    _check_unit_taught(caller, student, data["unit"])
    context = ChangeContext(caller.user.id, ChangeSource.API)
    situation = operations.create_situation(context, student, data)
    db.session.commit()
    return situation, etag(situation.version)


@blp.get(ONE)
@blp.response(200, CcfSituationSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_situation(situation_id: int) -> Any:
    """Return one CCF situation; its ETag is the version for If-Match."""
    situation = ccf_in_reach(current_caller(), situation_id)
    return situation, etag(situation.version)


@blp.put(f"{ONE}/grade")
@blp.arguments(CcfGradeSchema)
@blp.response(200, CcfSituationSchema)
@blp.doc(parameters=[IF_MATCH_PARAMETER])
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
@blp.alt_response(412, "PRECONDITION_FAILED")
@blp.alt_response(428, "PRECONDITION_REQUIRED")
def propose_grade(data: dict[str, Any], situation_id: int) -> Any:
    """Set the proposed grade (If-Match: 428 absent, 412 stale); history kept."""
    caller = current_caller()
    situation = ccf_in_reach(caller, situation_id)
    seen = expected_version()
    proposal = operations.Proposal(data["proposed_grade"], data["comment"])
    context = ChangeContext(caller.user.id, ChangeSource.API)
    version = operations.propose_grade(situation, context, seen, proposal)
    db.session.commit()
    return situation, etag(version)


@blp.get(f"{ONE}/history")
@blp.response(200, HistorySchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
@blp.paginate(SelectPage)
def get_history(situation_id: int) -> Any:
    """List the changes of a situation's proposed grade, oldest first."""
    situation = ccf_in_reach(current_caller(), situation_id)
    return history_of(HistoryEntity.CCF_SITUATION, situation.id)


def _check_unit_taught(caller: Caller, student: Student, unit: str) -> None:
    """404 unless the trainer teaches the subject preparing ``unit`` to the cohort."""
    if caller.ownership is Ownership.ASSIGNMENTS and not teaches_unit(
        caller.user, student.cohort_id, unit
    ):
        raise not_found("Étudiant")
