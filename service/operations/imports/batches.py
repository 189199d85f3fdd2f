"""Import batches: record a preview, commit it all or nothing, undo it (D5, D6, D8)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from logging import WARNING
from typing import Any

from importers.records import CellError
from service.events import log_event
from service.extensions import db
from service.models import ImportBatch, ImportKind, ImportPayload, ImportState, utc_now
from service.operations.imports.rows import CellGrade, preview_of


@dataclass(frozen=True, slots=True)
class Upload:
    """An uploaded file and who sent it."""

    data: bytes
    file_name: str
    actor_id: int
    force: bool = False

    @property
    def sha256(self) -> str:
        """Return the hex SHA-256 of the bytes."""
        return hashlib.sha256(self.data).hexdigest()


def record_preview(
    upload: Upload,
    kind: ImportKind,
    cells: Sequence[CellGrade],
    errors: Sequence[CellError],
) -> ImportBatch:
    """Add the batch of an upload with its preview; nothing else is written."""
    preview = preview_of(cells, errors) if not errors else preview_of([], errors)
    accepted = 0 if errors else len(cells)
    return add_batch(upload, kind, preview, [c.as_json() for c in cells], accepted)


def add_batch(
    upload: Upload,
    kind: ImportKind,
    preview: dict[str, Any],
    rows: list[dict[str, Any]],
    accepted: int,
) -> ImportBatch:
    """Add a batch and its payload; a preview with errors makes it failed."""
    rejected = len(preview.get("errors", []))
    batch = ImportBatch(
        kind=kind,
        created_by_id=upload.actor_id,
        file_name=upload.file_name[:255],
        sha256=upload.sha256,
        rows_read=accepted + rejected,
        rows_imported=accepted,
        rows_rejected=rejected,
        state=ImportState.FAILED if rejected else ImportState.PREVIEWED,
    )
    if rejected:
        batch.finished_at = utc_now()
        log_event(
            "import.rejected",
            level=WARNING,
            kind=kind,
            file=upload.file_name,
            actor=upload.actor_id,
            errors=rejected,
        )
    db.session.add(batch)
    db.session.flush()
    db.session.add(
        ImportPayload(
            batch_id=batch.id,
            forced=upload.force,
            preview=preview,
            rows=[] if rejected else rows,
        )
    )
    db.session.flush()
    return batch


def payload_of(batch: ImportBatch) -> ImportPayload:
    """Return the payload of a batch."""
    payload = db.session.get(ImportPayload, batch.id)
    assert payload is not None
    return payload
