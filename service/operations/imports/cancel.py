"""Abandon a previewed import: nothing was written, and now nothing can be (D5).

There is no state of its own for it: the batch ends as ``failed`` (not
imported) with its rows kept, and ``finished_at`` says when it was abandoned.
"""

from __future__ import annotations

from http import HTTPStatus

from service.extensions import db
from service.models import ImportBatch, ImportState, utc_now
from service.problems import Problem

NOT_PENDING = "Cet import n'est plus en attente : il ne peut pas être abandonné."


def abandon_preview(batch: ImportBatch) -> None:
    """End a previewed batch without writing anything; 409 for any other state."""
    if batch.state is not ImportState.PREVIEWED:
        raise Problem(HTTPStatus.CONFLICT, NOT_PENDING)
    batch.state = ImportState.FAILED
    batch.finished_at = utc_now()
    db.session.flush()
