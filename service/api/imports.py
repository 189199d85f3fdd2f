"""Spreadsheet imports: upload and preview, commit all or nothing, undo (D5, D8)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import Select, select

from service.access.guard import Caller, current_caller
from service.access.rules import STAFF, Ownership, Rule
from service.access.scope import not_found
from service.api.pagination import SelectPage
from service.api.schemas.imports import (
    BatchDetailSchema,
    BatchSchema,
    CommittedSchema,
    MappingSchema,
    UndoneSchema,
    UploadFileSchema,
    UploadFormSchema,
)
from service.api.schemas.problem import ProblemSchema
from service.errors import PROBLEM_MIMETYPE
from service.extensions import db
from service.models import ImportBatch, ImportMapping, ImportState, Role
from service.operations.imports.batches import Upload, payload_of
from service.operations.imports.commit import commit_grades, undo_grades
from service.operations.imports.roster import KIND as ROSTER
from service.operations.imports.roster import commit_roster
from service.operations.imports.upload import (
    UploadOptions,
    import_limits,
    preview_upload,
)

blp = Blueprint(
    "imports", __name__, url_prefix="/api/v1/imports", description="Imports"
)

#: A trainer reaches the batches they uploaded; the director every batch.
OWN_BATCHES = Rule({Role.DIRECTOR: Ownership.ALL, Role.TRAINER: Ownership.OWN_ACCOUNT})

RULES = {
    "imports.upload": STAFF,
    "imports.list_batches": OWN_BATCHES,
    "imports.get_batch": OWN_BATCHES,
    "imports.commit": OWN_BATCHES,
    "imports.undo": OWN_BATCHES,
    "imports.list_mappings": OWN_BATCHES,
}


@blp.post("")
@blp.arguments(UploadFormSchema, location="form")
@blp.arguments(UploadFileSchema, location="files")
@blp.response(201, BatchDetailSchema)
@blp.alt_response(403, "FORBIDDEN")
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(
    422,
    schema=BatchDetailSchema,
    content_type="application/json",
    description="A rejected file: its failed batch; a bad form: a problem",
)
@blp.alt_response(
    422,
    schema=ProblemSchema,
    content_type=PROBLEM_MIMETYPE,
    description="A rejected file: its failed batch; a bad form: a problem",
)
def upload(form: dict[str, Any], files: dict[str, Any]) -> Any:
    """Upload a spreadsheet: read it, check it, record its preview (nothing written).

    A rejected file answers 422 with its failed batch (id, every error), not 201.
    """
    caller = current_caller()
    data = files["file"].stream.read(import_limits().max_file_bytes + 1)
    sent = Upload(data, files["file"].filename or "", caller.user.id, form["force"])
    options = UploadOptions(
        form["kind"],
        form.get("items"),
        form.get("mapping"),
        form.get("cohort_id"),
        form.get("moodle_max"),
    )
    batch = preview_upload(caller, sent, options)
    db.session.commit()
    if batch.state is ImportState.FAILED:
        return _detail(batch), HTTPStatus.UNPROCESSABLE_ENTITY
    return _detail(batch)


@blp.get("")
@blp.response(200, BatchSchema(many=True))
@blp.paginate(SelectPage)
def list_batches() -> Any:
    """List the import batches in reach (a trainer: their own), newest first."""
    return _reachable(current_caller()).order_by(ImportBatch.id.desc())


@blp.get("/<int:batch_id>")
@blp.response(200, BatchDetailSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_batch(batch_id: int) -> Any:
    """Return one batch with its preview (counts, first rows, every error)."""
    return _detail(_batch_in_reach(current_caller(), batch_id))


@blp.post("/<int:batch_id>/commit")
@blp.response(200, CommittedSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
@blp.alt_response(412, "PRECONDITION_FAILED")
@blp.alt_response(422, "UNPROCESSABLE_ENTITY")
def commit(batch_id: int) -> Any:
    """Write the previewed batch all or nothing; a stale sheet needs « forcer »."""
    caller = current_caller()
    batch = _batch_in_reach(caller, batch_id)
    if batch.kind == ROSTER:
        counts = commit_roster(batch)
    else:
        counts = commit_grades(batch, caller.user.id)
    db.session.commit()
    return _fields(batch) | counts


@blp.post("/<int:batch_id>/undo")
@blp.response(200, UndoneSchema)
@blp.alt_response(404, "NOT_FOUND")
@blp.alt_response(409, "CONFLICT")
@blp.alt_response(422, "UNPROCESSABLE_ENTITY")
def undo(batch_id: int) -> Any:
    """Restore every grade the batch changed, unless one changed since (409)."""
    caller = current_caller()
    batch = _batch_in_reach(caller, batch_id)
    restored = undo_grades(batch, caller.user.id)
    db.session.commit()
    return _fields(batch) | {"restored": restored}


@blp.get("/mappings")
@blp.response(200, MappingSchema(many=True))
def list_mappings() -> Any:
    """List the column mappings the caller's generic imports remembered."""
    caller = current_caller()
    return db.session.scalars(
        select(ImportMapping)
        .where(ImportMapping.user_id == caller.user.id)
        .order_by(ImportMapping.updated_at.desc(), ImportMapping.id)
    ).all()


def _reachable(caller: Caller) -> Select[ImportBatch]:
    statement = select(ImportBatch)
    if caller.ownership is not Ownership.ALL:
        statement = statement.where(ImportBatch.created_by_id == caller.user.id)
    return statement


def _batch_in_reach(caller: Caller, batch_id: int) -> ImportBatch:
    batch = db.session.scalar(_reachable(caller).where(ImportBatch.id == batch_id))
    if batch is None:
        raise not_found("Import")
    return batch


def _fields(batch: ImportBatch) -> dict[str, Any]:
    return {name: getattr(batch, name) for name in BatchSchema().fields}


def _detail(batch: ImportBatch) -> dict[str, Any]:
    payload = payload_of(batch)
    return _fields(batch) | {
        "forced": payload.forced,
        "preview": payload.preview,
    }
