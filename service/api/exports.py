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
from service.operations.exports.files import (
    ExportFile,
    attestation_file,
    gradebook_file,
    livret_file,
    pv_file,
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


def workbook(made: ExportFile) -> Response:
    """Answer an export as an xlsx download under its French name."""
    return send_file(
        BytesIO(made.data),
        mimetype=XLSX,
        as_attachment=True,
        download_name=made.name,
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
    session = None if session_id is None else load_session(session_id)
    return workbook(livret_file(cohort, current_app.config, session))


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
    return workbook(gradebook_file(cohort, current_app.config, utc_now(), subjects))


@blp.get("/sessions/<int:session_id>/pv.xlsx")
@blp.doc(responses=xlsx_response("Le procès-verbal du jury"))
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
def session_pv(session_id: int) -> Any:
    """Return the jury's procès-verbal: decisions, unit grades, averages (R3)."""
    return workbook(pv_file(load_session(session_id), current_app.config))


@blp.get("/students/<int:student_id>/attestation.xlsx")
@blp.doc(responses=xlsx_response("L'attestation des blocs acquis (R4)"))
@blp.alt_response(404, "NOT_FOUND")
def student_attestation(student_id: int) -> Any:
    """Return the attestation of the blocs a student holds today (R4)."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    visibility = Visibility(published_only=caller.ownership is not Ownership.ALL)
    made = attestation_file(student, current_app.config, utc_now(), visibility)
    return workbook(made)
