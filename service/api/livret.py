"""The livret's written parts: trainers' appreciations and the team's avis (R8).

Appreciations are part of the livret the jury reads: a trainer writes those of
the subjects they teach to the student's cohort, the director any; the student
reads their own. The avis and the president's « examined » box are the
director's (R3.8: publication waits for the examination of refused candidates'
livrets).
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_smorest import Blueprint

from service.access.guard import Caller, current_caller
from service.access.rules import DIRECTOR_ONLY, EVERYONE_SCOPED, STAFF, Ownership
from service.access.scope import not_found, student_in_reach, teaches
from service.api.exam_sessions import load_session
from service.api.schemas.livret import (
    AppreciationSchema,
    LivretAvisInputSchema,
    LivretAvisSchema,
)
from service.extensions import db
from service.models import ExamSession, LivretAvis, Student, Subject
from service.operations import appreciations, livret_avis

blp = Blueprint("livret", __name__, url_prefix="/api/v1", description="Livret scolaire")

RULES = {
    "livret.list_appreciations": EVERYONE_SCOPED,
    "livret.put_appreciation": STAFF,
    "livret.get_avis": DIRECTOR_ONLY,
    "livret.put_avis": DIRECTOR_ONLY,
    "livret.examine_avis": DIRECTOR_ONLY,
}

APPRECIATIONS = "/students/<int:student_id>/appreciations"
AVIS = "/sessions/<int:session_id>/livret-avis/<int:student_id>"


@blp.get(APPRECIATIONS)
@blp.response(200, AppreciationSchema(many=True))
@blp.alt_response(404, "NOT_FOUND")
def list_appreciations(student_id: int) -> Any:
    """Return a student's appreciations, per subject and period or year."""
    return appreciations.appreciations_of(
        student_in_reach(current_caller(), student_id)
    )


@blp.put(APPRECIATIONS)
@blp.arguments(AppreciationSchema)
@blp.response(200, AppreciationSchema)
@blp.alt_response(404, "NOT_FOUND")
def put_appreciation(data: dict[str, Any], student_id: int) -> Any:
    """Write (or replace) the appreciation of a subject for a period or a year."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    subject = _subject_taught(caller, student, data["subject_id"])
    entry = appreciations.AppreciationEntry(
        subject.id, data["period_id"], data["year_of_study"], data["text"]
    )
    row = appreciations.save_appreciation(student, entry, caller.user.id)
    db.session.commit()
    return row


def _subject_taught(caller: Caller, student: Student, subject_id: int) -> Subject:
    subject = db.session.get(Subject, subject_id)
    if subject is None or (
        caller.ownership is Ownership.ASSIGNMENTS
        and not teaches(caller.user, student.cohort_id, subject.id)
    ):
        raise not_found("Matière")  # a subject not taught is out of reach
    return subject


@blp.get(AVIS)
@blp.response(200, LivretAvisSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_avis(session_id: int, student_id: int) -> Any:
    """Return the team's avis in a student's livret for the session."""
    return _avis(load_session(session_id), student_id)


@blp.put(AVIS)
@blp.arguments(LivretAvisInputSchema)
@blp.response(200, LivretAvisSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def put_avis(data: dict[str, Any], session_id: int, student_id: int) -> Any:
    """Write the avis of the teaching team (one of LIVRET_AVIS_CHOICES)."""
    session = load_session(session_id)
    if not livret_avis.is_registered(session, student_id):
        raise not_found("Candidat")
    choices = current_app.config["LIVRET_AVIS_CHOICES"]
    entry = livret_avis.AvisEntry(data["avis"], data["comment"], data["engagement"])
    row = livret_avis.save_avis(
        session, student_id, entry, current_caller().user.id, choices
    )
    db.session.commit()
    return row


@blp.post(f"{AVIS}/examined")
@blp.response(200, LivretAvisSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def examine_avis(session_id: int, student_id: int) -> Any:
    """Record that the jury president examined the livret (R3.8)."""
    session = load_session(session_id)
    row = livret_avis.mark_examined(
        session, _avis(session, student_id), current_caller().user.id
    )
    db.session.commit()
    return row


def _avis(session: ExamSession, student_id: int) -> LivretAvis:
    row = livret_avis.avis_of(session, student_id)
    if row is None:
        raise not_found("Avis du livret")
    return row
