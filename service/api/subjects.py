"""The curriculum's subjects: every account reads them, the director edits them."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint
from sqlalchemy import select

from service.access.rules import DIRECTOR_ONLY, Ownership, Rule
from service.access.scope import not_found
from service.api.schemas.teaching import SubjectPatchSchema, SubjectSchema
from service.extensions import db
from service.models import Role, Subject
from service.operations import teaching

blp = Blueprint(
    "subjects", __name__, url_prefix="/api/v1/subjects", description="Matières"
)

#: The curriculum is the same for everyone: no row of it is anybody's own.
CURRICULUM = Rule(dict.fromkeys(Role, Ownership.ALL))

RULES = {
    "subjects.list_subjects": CURRICULUM,
    "subjects.create_subject": DIRECTOR_ONLY,
    "subjects.get_subject": CURRICULUM,
    "subjects.update_subject": DIRECTOR_ONLY,
}


def subject_or_404(subject_id: int) -> Subject:
    """Load a subject, or answer 404."""
    subject = db.session.get(Subject, subject_id)
    if subject is None:
        raise not_found("Matière")
    return subject


def regulation_id() -> str:
    """The regulation whose units subjects prepare."""
    return str(current_app.config["REGULATION_ID"])


@blp.get("")
@blp.response(200, SubjectSchema(many=True))
def list_subjects() -> list[Subject]:
    """List the subjects in the curriculum's order."""
    statement = select(Subject).order_by(Subject.position, Subject.code)
    return list(db.session.scalars(statement))


@blp.post("")
@blp.arguments(SubjectSchema)
@blp.response(201, SubjectSchema)
@blp.alt_response(409, response="CONFLICT")
def create_subject(data: dict[str, Any]) -> Subject:
    """Add a subject (unique code; unit of the regulation or none)."""
    subject = teaching.create_subject(teaching.NewSubject(**data), regulation_id())
    db.session.commit()
    return subject


@blp.get("/<int:subject_id>")
@blp.response(200, SubjectSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_subject(subject_id: int) -> Subject:
    """Return one subject."""
    return subject_or_404(subject_id)


@blp.patch("/<int:subject_id>")
@blp.arguments(SubjectPatchSchema)
@blp.response(200, SubjectSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def update_subject(changes: dict[str, Any], subject_id: int) -> Subject:
    """Change a subject's code, name, hours, unit or position."""
    subject = subject_or_404(subject_id)
    teaching.update_subject(subject, changes, regulation_id())
    db.session.commit()
    return subject
