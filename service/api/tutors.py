"""Tutor links: the director links a company tutor to the apprentices it follows.

Rules: the director only. The tutor then reads those apprentices' records,
published data only (R7), through the scoped routes (``Ownership.TUTORED``).
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import select

from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.api.schemas.tutors import TutorLinkQueryArgsSchema, TutorLinkSchema
from service.extensions import db
from service.models import Student, TutorLink, User
from service.operations import tutors

blp = Blueprint(
    "tutor_links",
    __name__,
    url_prefix="/api/v1/tutor-links",
    description="Tuteurs en entreprise et apprentis suivis",
)

RULES = {
    "tutor_links.list_tutor_links": DIRECTOR_ONLY,
    "tutor_links.create_tutor_link": DIRECTOR_ONLY,
    "tutor_links.delete_tutor_link": DIRECTOR_ONLY,
}


@blp.get("")
@blp.arguments(TutorLinkQueryArgsSchema, location="query")
@blp.response(200, TutorLinkSchema(many=True))
def list_tutor_links(args: dict[str, Any]) -> list[TutorLink]:
    """List the tutor links, filtered by tutor or apprentice."""
    statement = select(TutorLink).filter_by(**args).order_by(TutorLink.id)
    return list(db.session.scalars(statement))


@blp.post("")
@blp.arguments(TutorLinkSchema)
@blp.response(201, TutorLinkSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def create_tutor_link(data: dict[str, Any]) -> TutorLink:
    """Let a tutor account read one apprentice's record."""
    tutor = db.session.get(User, data["tutor_id"])
    if tutor is None:
        raise not_found("Tuteur")
    student = db.session.get(Student, data["student_id"])
    if student is None:
        raise not_found("Étudiant")
    link = tutors.link_tutor(tutor, student)
    db.session.commit()
    return link


@blp.delete("/<int:link_id>")
@blp.response(204)
@blp.alt_response(404, response="NOT_FOUND")
def delete_tutor_link(link_id: int) -> None:
    """End a link: the tutor no longer reads that apprentice's record."""
    link = db.session.get(TutorLink, link_id)
    if link is None:
        raise not_found("Lien de tutorat")
    tutors.unlink_tutor(link.tutor, link.student)
    db.session.commit()
