"""The blocs ledger of a student: blocs held, until when, valid at a date (R4)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint

from service.access.guard import current_caller
from service.access.rules import EVERYONE_SCOPED
from service.access.scope import student_in_reach
from service.api.schemas.results import LedgerQuerySchema, LedgerSchema
from service.models import utc_now
from service.operations.blocs import blocs_on

blp = Blueprint("blocs", __name__, url_prefix="/api/v1", description="Blocs acquis")

RULES = {"blocs.student_blocs": EVERYONE_SCOPED}


@blp.get("/students/<int:student_id>/blocs")
@blp.arguments(LedgerQuerySchema, location="query")
@blp.response(200, LedgerSchema)
@blp.alt_response(404, "NOT_FOUND")
def student_blocs(query: dict[str, Any], student_id: int) -> Any:
    """Return the blocs a student holds and whether each is valid on ``on``."""
    student = student_in_reach(current_caller(), student_id)
    on = query["on"] or utc_now().date()
    return {"student_id": student.id, "on": on, "blocs": blocs_on(student, on)}
