"""Spreadsheet exports: livret scolaire, gradebook, procès-verbal, attestation.

Each answer is an xlsx workbook with a French file name. Out of reach ≡ missing:
a trainer gets the cohorts they teach (the gradebook of their own subjects), the
director everything; a student only their own attestation (R7: the ledger holds
published blocs only).
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Response, current_app, send_file
from flask_smorest import Blueprint
from sqlalchemy import select

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY, STAFF, Ownership, Rule
from service.access.scope import student_in_reach
from service.access.visibility import Visibility
from service.api.dashboard import cohort_in_reach
from service.api.exam_sessions import load_session
from service.api.schemas.exports import XLSX, LivretQuerySchema, xlsx_response
from service.extensions import db
from service.models import Role, TeachingAssignment, utc_now
from service.operations.exports.attestation import export_attestation
from service.operations.exports.gradebook import export_gradebook
from service.operations.exports.jury_report import export_jury_report
from service.operations.exports.livret import (
    default_session,
    export_livret,
    livret_settings,
)

blp = Blueprint("exports", __name__, url_prefix="/api/v1", description="Exports")

RULES = {
    "exports.cohort_livret": STAFF,
    "exports.cohort_gradebook": STAFF,
    "exports.session_pv": DIRECTOR_ONLY,
    "exports.student_attestation": Rule(
        {Role.DIRECTOR: Ownership.ALL, Role.STUDENT: Ownership.OWN_RECORD}
    ),
}


def workbook(data: bytes, name: str) -> Response:
    """Answer an xlsx workbook as a download named ``name``.xlsx."""
    return send_file(
        BytesIO(data),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"{name}.xlsx",
        max_age=0,
    )


@blp.get("/cohorts/<int:cohort_id>/livret.xlsx")
@blp.arguments(LivretQuerySchema, location="query")
@blp.doc(responses=xlsx_response("Le livret scolaire de la classe (R8)"))
@blp.alt_response(404, "NOT_FOUND")
def cohort_livret(query: dict[str, Any], cohort_id: int) -> Any:
    """Return the cohort's livret scolaire: one sheet per student (R8)."""
    cohort = cohort_in_reach(current_caller(), cohort_id)
    session_id = query["session_id"]
    session = (
        default_session(cohort) if session_id is None else load_session(session_id)
    )
    data = export_livret(cohort, session, livret_settings(current_app.config))
    return workbook(data, f"Livret scolaire - {cohort.name}")


@blp.get("/cohorts/<int:cohort_id>/gradebook.xlsx")
@blp.doc(responses=xlsx_response("Le carnet de notes de la classe"))
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def cohort_gradebook(cohort_id: int) -> Any:
    """Return the cohort's gradebook (a trainer: the subjects they teach)."""
    caller = current_caller()
    cohort = cohort_in_reach(caller, cohort_id)
    subjects = None
    if caller.ownership is Ownership.ASSIGNMENTS:
        subjects = set(
            db.session.scalars(
                select(TeachingAssignment.subject_id).where(
                    TeachingAssignment.trainer_id == caller.user.id,
                    TeachingAssignment.cohort_id == cohort.id,
                )
            )
        )
    centre = livret_settings(current_app.config).centre
    data = export_gradebook(cohort, subjects, centre, utc_now())
    return workbook(data, f"Carnet de notes - {cohort.name}")


@blp.get("/sessions/<int:session_id>/pv.xlsx")
@blp.doc(responses=xlsx_response("Le procès-verbal du jury"))
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def session_pv(session_id: int) -> Any:
    """Return the jury's procès-verbal: decisions, unit grades, averages (R3)."""
    session = load_session(session_id)
    settings = livret_settings(current_app.config)
    data = export_jury_report(session, settings.centre, settings.president)
    return workbook(data, f"Procès-verbal du jury - session {session.year}")


@blp.get("/students/<int:student_id>/attestation.xlsx")
@blp.doc(responses=xlsx_response("L'attestation des blocs acquis (R4)"))
@blp.alt_response(404, "NOT_FOUND")
def student_attestation(student_id: int) -> Any:
    """Return the attestation of the blocs a student holds today (R4)."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    settings = livret_settings(current_app.config)
    visibility = Visibility(published_only=caller.ownership is not Ownership.ALL)
    signatories = (settings.centre, settings.director)
    data = export_attestation(student, utc_now().date(), signatories, visibility)
    return workbook(data, f"Attestation de blocs - {student.full_name}")
