"""Every upload: read with the right reader, checked, its preview recorded."""

from __future__ import annotations

from dataclasses import dataclass, replace

from flask import current_app

from importers.safety import DEFAULT_LIMITS, ImportLimits
from service.access.guard import Caller
from service.models import ImportBatch, ImportKind
from service.operations.imports.batches import Upload
from service.operations.imports.generic import preview_generic
from service.operations.imports.gradebook import preview_gradebook
from service.operations.imports.moodle import preview_moodle
from service.operations.imports.roster import preview_roster


@dataclass(frozen=True, slots=True)
class UploadOptions:
    """The form fields of an upload besides the file."""

    kind: ImportKind
    items: str | None = None
    mapping: str | None = None
    cohort_id: int | None = None
    #: moodle: the maximum Moodle's grades are set on, confirmed by the trainer.
    moodle_max: str | None = None


def import_limits() -> ImportLimits:
    """Return the reader limits, with the configured row cap (IMPORT_MAX_ROWS)."""
    rows = int(current_app.config.get("IMPORT_MAX_ROWS", DEFAULT_LIMITS.max_rows))
    return replace(DEFAULT_LIMITS, max_rows=rows)


def preview_upload(
    caller: Caller, upload: Upload, options: UploadOptions
) -> ImportBatch:
    """Read an upload of any kind and record its preview (grades are untouched)."""
    limits = import_limits()
    if options.kind == ImportKind.MOODLE:
        return preview_moodle(caller, upload, options.items, limits, options.moodle_max)
    if options.kind == ImportKind.GENERIC:
        return preview_generic(caller, upload, options.mapping, limits)
    if options.kind == ImportKind.ROSTER:
        return preview_roster(caller, upload, options.cohort_id, limits)
    return preview_gradebook(caller, upload, limits)
