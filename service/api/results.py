"""Results: computed by the engine, adjusted by the jury, published, locked (R3, R7)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import select

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY, EVERYONE_SCOPED, Ownership
from service.access.scope import not_found, student_in_reach
from service.access.visibility import session_published
from service.api.exam_sessions import load_registration, load_session
from service.api.pagination import SelectPage
from service.api.schemas.exam_sessions import ExamSessionSchema
from service.api.schemas.results import (
    AdjustedSchema,
    AdjustmentInputSchema,
    AdjustmentSchema,
    ControlGradesSchema,
    SessionResultSchema,
)
from service.extensions import db
from service.models import ExamSession, Registration, RegistrationResult
from service.operations import control, results

blp = Blueprint("results", __name__, url_prefix="/api/v1", description="Résultats")

RULES = {
    f"results.{name}": DIRECTOR_ONLY
    for name in (
        "compute_results",
        "list_results",
        "get_result",
        "list_adjustments",
        "adjust_result",
        "set_control_grades",
        "publish_session",
        "lock_session",
        "reopen_session",
    )
} | {"results.student_results": EVERYONE_SCOPED}

SESSION = "/sessions/<int:session_id>"
REGISTRATION = "/registrations/<int:registration_id>"


@blp.post(f"{SESSION}/compute")
@blp.response(200, SessionResultSchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def compute_results(session_id: int) -> Any:
    """Compute every candidate's result with the engine; the session is deliberated."""
    session = load_session(session_id)
    computed = results.compute_session(session, current_caller().user.id)
    db.session.commit()
    return computed


@blp.get(f"{SESSION}/results")
@blp.response(200, SessionResultSchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
@blp.paginate(SelectPage, page_size=50, max_page_size=200)
def list_results(session_id: int) -> Any:
    """List the stored results of a session."""
    load_session(session_id)
    return (
        select(RegistrationResult)
        .join(Registration)
        .where(Registration.session_id == session_id)
        .order_by(Registration.id)
    )


@blp.get(f"{REGISTRATION}/result")
@blp.response(200, SessionResultSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_result(registration_id: int) -> Any:
    """Return one registration's stored result and the engine's explanation."""
    result = results.result_of(load_registration(registration_id))
    if result is None:
        raise not_found("Résultat")
    return result


@blp.get(f"{REGISTRATION}/adjustments")
@blp.response(200, AdjustmentSchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
def list_adjustments(registration_id: int) -> Any:
    """List the jury's adjustments of a registration, oldest first."""
    return results.adjustments_of(load_registration(registration_id))


@blp.post(f"{REGISTRATION}/adjustments")
@blp.arguments(AdjustmentInputSchema)
@blp.response(201, AdjustedSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def adjust_result(data: dict[str, Any], registration_id: int) -> Any:
    """Change a unit grade by the jury, with a reason; the result is recomputed."""
    registration = load_registration(registration_id)
    adjustment = results.adjust(registration, data, current_caller().user.id)
    db.session.commit()
    return {"adjustment": adjustment, "result": results.result_of(registration)}


@blp.put(f"{REGISTRATION}/control-grades")
@blp.arguments(ControlGradesSchema)
@blp.response(200, SessionResultSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def set_control_grades(data: dict[str, Any], registration_id: int) -> Any:
    """Enter the épreuves de contrôle of an allowed candidate and recompute."""
    registration = load_registration(registration_id)
    result = control.set_control_grades(
        registration, data["grades"], current_caller().user.id
    )
    db.session.commit()
    return result


@blp.post(f"{SESSION}/publish")
@blp.response(200, ExamSessionSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def publish_session(session_id: int) -> Any:
    """Publish: students see results and CCF grades (R7); blocs enter the ledger."""
    session = load_session(session_id)
    results.publish(session, current_caller().user.id)
    db.session.commit()
    return session


@blp.post(f"{SESSION}/lock")
@blp.response(200, ExamSessionSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def lock_session(session_id: int) -> Any:
    """Lock a published session: every later write answers 409 (audited)."""
    session = load_session(session_id)
    results.lock(session, current_caller().user.id)
    db.session.commit()
    return session


@blp.post(f"{SESSION}/reopen")
@blp.response(200, ExamSessionSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def reopen_session(session_id: int) -> Any:
    """Go back from deliberated to open (to correct a grade, then compute again)."""
    session = load_session(session_id)
    results.reopen(session, current_caller().user.id)
    db.session.commit()
    return session


@blp.get("/students/<int:student_id>/results")
@blp.response(200, SessionResultSchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
def student_results(student_id: int) -> Any:
    """A student's exam results; published sessions only, except for the director."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    statement = (
        select(RegistrationResult)
        .join(Registration)
        .join(ExamSession)
        .where(Registration.student_id == student.id)
        .order_by(ExamSession.year.desc())
    )
    if caller.ownership is not Ownership.ALL:
        statement = statement.where(session_published())  # R7
    return db.session.scalars(statement).all()
