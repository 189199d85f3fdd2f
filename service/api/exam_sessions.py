"""Exam sessions and their registrations: benefits, dispenses, engine warnings."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import select

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.api.pagination import SelectPage
from service.api.schemas.exam_sessions import (
    ExamSessionEditSchema,
    ExamSessionSchema,
    RegistrationCreateSchema,
    RegistrationDetailSchema,
    RegistrationInputSchema,
    RegistrationSchema,
)
from service.extensions import db
from service.models import Registration, Student
from service.operations import registrations, sessions
from service.operations.registrations import Registered
from service.problems import Problem

blp = Blueprint(
    "sessions", __name__, url_prefix="/api/v1", description="Sessions d'examen"
)

RULES = {
    f"sessions.{name}": DIRECTOR_ONLY
    for name in (
        "list_sessions",
        "create_session",
        "get_session",
        "edit_session",
        "delete_session",
        "list_registrations",
        "create_registration",
        "get_registration",
        "edit_registration",
        "delete_registration",
    )
}

ONE = "/sessions/<int:session_id>"
REGISTRATION = "/registrations/<int:registration_id>"


load_session = sessions.session_or_404
load_registration = sessions.registration_or_404


@blp.get("/sessions")
@blp.response(200, ExamSessionSchema(many=True))
def list_sessions() -> Any:
    """List the exam sessions, latest year first."""
    return sessions.latest_first()


@blp.post("/sessions")
@blp.arguments(ExamSessionSchema)
@blp.response(201, ExamSessionSchema)
@blp.alt_response(409, "CONFLICT")
def create_session(data: dict[str, Any]) -> Any:
    """Open a session for a year (one per regulation and year)."""
    data["regulation_id"] = data["regulation_id"] or current_app.config.get(
        "REGULATION_ID", "bts-ndrc"
    )
    session = sessions.create_session(data)
    db.session.commit()
    return session


@blp.get(ONE)
@blp.response(200, ExamSessionSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_session(session_id: int) -> Any:
    """Return one session and its state."""
    return load_session(session_id)


@blp.patch(ONE)
@blp.arguments(ExamSessionEditSchema)
@blp.response(200, ExamSessionSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def edit_session(data: dict[str, Any], session_id: int) -> Any:
    """Change the year or the jury date of an open session."""
    session = load_session(session_id)
    sessions.edit_session(session, current_caller().user.id, data)
    db.session.commit()
    return session


@blp.delete(ONE)
@blp.response(204)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def delete_session(session_id: int) -> None:
    """Delete an open session without registrations."""
    sessions.delete_session(load_session(session_id), current_caller().user.id)
    db.session.commit()


@blp.get(f"{ONE}/registrations")
@blp.response(200, RegistrationSchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
@blp.paginate(SelectPage, page_size=50, max_page_size=200)
def list_registrations(session_id: int) -> Any:
    """List the session's registrations."""
    load_session(session_id)
    return (
        select(Registration)
        .where(Registration.session_id == session_id)
        .order_by(Registration.id)
    )


@blp.post(f"{ONE}/registrations")
@blp.arguments(RegistrationCreateSchema)
@blp.response(201, RegistrationDetailSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def create_registration(data: dict[str, Any], session_id: int) -> Any:
    """Register a student; the answer carries the engine's warnings (R4)."""
    caller = current_caller()
    session = load_session(session_id)
    student = db.session.get(Student, data.pop("student_id"))
    if student is None:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Étudiant inconnu.",
            errors={"student_id": ["Inconnu."]},
        )
    registered = registrations.register(session, student, data, caller.user.id)
    db.session.commit()
    return registered


@blp.get(REGISTRATION)
@blp.response(200, RegistrationDetailSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_registration(registration_id: int) -> Any:
    """Return a registration with the engine's current warnings."""
    registration = load_registration(registration_id)
    return Registered(registration, registrations.check(registration))


@blp.patch(REGISTRATION)
@blp.arguments(RegistrationInputSchema)
@blp.response(200, RegistrationDetailSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def edit_registration(data: dict[str, Any], registration_id: int) -> Any:
    """Change the form; a list given (benefits, dispenses) replaces the old one."""
    registration = load_registration(registration_id)
    registered = registrations.update_registration(
        registration, data, current_caller().user.id
    )
    db.session.commit()
    return registered


@blp.delete(REGISTRATION)
@blp.response(204)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def delete_registration(registration_id: int) -> None:
    """Withdraw a registration that has no grade and no result."""
    registration = load_registration(registration_id)
    registrations.delete_registration(registration, current_caller().user.id)
    db.session.commit()
