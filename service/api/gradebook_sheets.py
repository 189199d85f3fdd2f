"""Gradebook sheets to fill in Excel or LibreOffice, then import back (issue 5)."""

from __future__ import annotations

import re
import unicodedata
from io import BytesIO
from typing import Any

from flask import Response, send_file
from flask_smorest import Blueprint
from sqlalchemy import select

from service.access.guard import current_caller
from service.access.rules import STAFF
from service.access.scope import assessment_in_reach, not_found, reachable_assessments
from service.api.schemas.imports import SheetQuerySchema
from service.extensions import db
from service.models import Assessment, Cohort, Period, Subject
from service.operations.imports.gradebook import export_sheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BINARY = {
    "200": {
        "description": "La feuille de notes (classeur Excel).",
        "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
    }
}

blp = Blueprint(
    "gradebook_sheets", __name__, url_prefix="/api/v1", description="Feuilles de notes"
)

RULES = {
    "gradebook_sheets.assessment_sheet": STAFF,
    "gradebook_sheets.period_sheet": STAFF,
}


@blp.get("/assessments/<int:assessment_id>/gradebook.xlsx")
@blp.doc(responses=BINARY)
@blp.alt_response(404, "NOT_FOUND")
def assessment_sheet(assessment_id: int) -> Any:
    """Download the gradebook sheet of one assessment, pre-filled with its grades."""
    assessment = assessment_in_reach(current_caller(), assessment_id)
    title = f"{assessment.title} — {assessment.cohort.name}"
    return _send(export_sheet(title, [assessment]), f"notes {assessment.title}")


@blp.get("/gradebook-sheets.xlsx")
@blp.arguments(SheetQuerySchema, location="query")
@blp.doc(responses=BINARY)
@blp.alt_response(404, "NOT_FOUND")
def period_sheet(query: dict[str, Any]) -> Any:
    """Download the gradebook sheet of a subject × period of a cohort."""
    assessments = list(
        db.session.scalars(
            reachable_assessments(current_caller())
            .where(
                Assessment.cohort_id == query["cohort_id"],
                Assessment.subject_id == query["subject_id"],
                Assessment.period_id == query["period_id"],
            )
            .order_by(Assessment.held_on, Assessment.id)
        )
    )
    if not assessments:
        raise not_found("Évaluation")
    cohort = db.session.get(Cohort, query["cohort_id"])
    subject = db.session.get(Subject, query["subject_id"])
    period = db.session.scalar(select(Period).where(Period.id == query["period_id"]))
    assert cohort is not None
    assert subject is not None
    assert period is not None
    title = f"{subject.name} — {period.code} — {cohort.name}"
    name = f"notes {subject.code} {period.code} {cohort.name}"
    return _send(export_sheet(title, assessments), name)


def _send(data: bytes, name: str) -> Response:
    return send_file(
        BytesIO(data),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"{_slug(name)}.xlsx",
    )


def _slug(text: str) -> str:
    """A file name: « Feuille de notes Négociation » → feuille-de-notes-negociation."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "notes"
