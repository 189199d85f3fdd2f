"""A student's progress: formative averages, class statistics, projection, blocs.

R7: a student sees only published assessments, and no CCF grade — nor any
average, rank or projection using one — before the results are published.
The JSON is kept per student and caller's visibility under the rows it was
computed from (``progress_rows``, ``progress_cache``): a read loads those rows,
and answers the kept JSON while they are equal (issue 10).
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from flask_smorest import Blueprint

from service.access.guard import current_caller
from service.access.rules import EVERYONE_SCOPED
from service.access.scope import student_in_reach
from service.access.visibility import visibility_for
from service.api.schemas.progress import ProgressSchema
from service.operations.progress_cache import Remembered
from service.operations.progress_rows import progress_rows
from service.operations.student_progress import progress_of

blp = Blueprint(
    "progress", __name__, url_prefix="/api/v1", description="Progression des étudiants"
)

RULES = {"progress.get_progress": EVERYONE_SCOPED}

#: Per student and visibility: the JSON of their progress (~20 KB each), under
#: rows whose formative part is shared while current (~150 KB once stale).
_BODIES: Remembered[bytes] = Remembered(size=512)
#: One schema for every dump (a new one deep-copies its fields: ~1/3 of a dump).
_SCHEMA = ProgressSchema()


@blp.get("/students/<int:student_id>/progress")
@blp.response(200, ProgressSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_progress(student_id: int) -> Any:
    """Return a student's progress: averages, class figures, projection, blocs."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    rows = progress_rows(student, visibility_for(caller, student.cohort))

    def body() -> bytes:
        return jsonify(_SCHEMA.dump(progress_of(rows))).get_data()

    slot = (student.id, rows.visibility)
    return Response(_BODIES.get(slot, rows, body), mimetype="application/json")
