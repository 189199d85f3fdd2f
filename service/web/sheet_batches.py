"""A class's import batches: one preview, then import it, abandon it or undo it.

The preview lists every error with its cell (nothing is written while there is
one), the first rows with their value before and after (and Moodle's own value
when it was rescaled), and the cells changed in Carnet since the export.
Commit, abandon and undo are ``service.operations.imports``' (D5, D8).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.wrappers import Response

from importers.cells import format_points
from service.access.guard import Caller, current_caller
from service.access.rules import STAFF, Ownership
from service.access.scope import not_found
from service.extensions import db
from service.models import ImportBatch, ImportKind, ImportPayload, ImportState, Student
from service.operations.audit import RefusedWrite, persist_refusal
from service.operations.imports.batches import payload_of
from service.operations.imports.cancel import abandon_preview
from service.operations.imports.commit import commit_grades, undo_grades
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.sheet_forms import Place, place_of

RULES = {
    "web.sheets_batch": STAFF,
    "web.sheets_commit": STAFF,
    "web.sheets_abandon": STAFF,
    "web.sheets_undo": STAFF,
}
BATCH = (
    "/classes/<int:cohort_id>/matieres/<int:subject_id>/feuilles/imports/<int:batch_id>"
)
GRADE_KINDS = (ImportKind.GRADEBOOK, ImportKind.MOODLE, ImportKind.GENERIC)
STATES = {
    ImportState.PREVIEWED: "En attente de votre validation",
    ImportState.COMMITTED: "Importé",
    ImportState.UNDONE: "Annulé (notes remises comme avant)",
    ImportState.FAILED: "Non importé",
}
ROW_STATES = {"new": "nouvelle", "changed": "modifiée", "unchanged": "inchangée"}
RECENT = 50


@dataclass(frozen=True)
class PreviewRow:
    """One previewed grade, as the page shows it."""

    cell: str
    student: str
    assessment: str
    before: str
    after: str
    source: str
    state: str
    stale: bool


@dataclass(frozen=True)
class BatchView:
    """A batch with what its preview says."""

    batch: ImportBatch
    state: str
    counts: dict[str, int]
    errors: list[dict[str, str]]
    rows: list[PreviewRow]
    stale: list[str]
    source_max: str | None


@blueprint.get(BATCH)
def sheets_batch(cohort_id: int, subject_id: int, batch_id: int) -> ResponseReturnValue:
    """Show one batch's preview and what can be done with it."""
    caller = current_caller()
    place = place_of(caller, cohort_id, subject_id)
    view = _view(place, _batch_in_reach(caller, batch_id))
    return render_template("web/trainer/sheets_batch.html", place=place, view=view)


@blueprint.post(BATCH + "/importer")
def sheets_commit(cohort_id: int, subject_id: int, batch_id: int) -> Response:
    """Write every grade of the previewed batch, or none."""
    caller = current_caller()
    place_of(caller, cohort_id, subject_id)
    batch = _batch_in_reach(caller, batch_id)
    try:
        counts = commit_grades(batch, caller.user.id)
    except Problem as refused:
        _discard(refused)
    else:
        db.session.commit()
        flash(
            f"Import terminé : {counts['created']} nouvelle(s) note(s), "
            f"{counts['updated']} modifiée(s), {counts['unchanged']} inchangée(s).",
            "info",
        )
    return _to_batch(cohort_id, subject_id, batch_id)


@blueprint.post(BATCH + "/abandonner")
def sheets_abandon(cohort_id: int, subject_id: int, batch_id: int) -> Response:
    """Abandon a previewed batch: nothing is written."""
    caller = current_caller()
    place_of(caller, cohort_id, subject_id)
    abandon_preview(_batch_in_reach(caller, batch_id))
    db.session.commit()
    flash("Import abandonné : aucune note n'a été modifiée.", "info")
    return redirect(url_for("web.sheets", cohort_id=cohort_id, subject_id=subject_id))


@blueprint.post(BATCH + "/annuler")
def sheets_undo(cohort_id: int, subject_id: int, batch_id: int) -> Response:
    """Undo an imported batch: every grade it changed goes back as it was."""
    caller = current_caller()
    place_of(caller, cohort_id, subject_id)
    batch = _batch_in_reach(caller, batch_id)
    try:
        restored = undo_grades(batch, caller.user.id)
    except Problem as refused:
        _discard(refused)
    else:
        db.session.commit()
        flash(f"Import annulé : {restored} note(s) remise(s) comme avant.", "info")
    return _to_batch(cohort_id, subject_id, batch_id)


def my_batches(caller: Caller, place: Place) -> list[tuple[ImportBatch, str]]:
    """The caller's latest grade imports touching this class, with their state."""
    wanted = {a.id for a in place.assessments}
    batches = list(
        db.session.scalars(
            select(ImportBatch)
            .where(
                ImportBatch.created_by_id == caller.user.id,
                ImportBatch.kind.in_(GRADE_KINDS),
            )
            .order_by(ImportBatch.id.desc())
            .limit(RECENT)
        )
    )
    rows = {
        p.batch_id: p.rows
        for p in db.session.scalars(
            select(ImportPayload).where(
                ImportPayload.batch_id.in_([b.id for b in batches])
            )
        )
    }
    return [
        (batch, STATES[batch.state])
        for batch in batches
        if any(row["assessment_id"] in wanted for row in rows.get(batch.id, []))
    ]


def _batch_in_reach(caller: Caller, batch_id: int) -> ImportBatch:
    """A grade import of the caller (the director: anyone's), else 404."""
    batch = db.session.get(ImportBatch, batch_id)
    if (
        batch is None
        or batch.kind not in GRADE_KINDS
        or (
            caller.ownership is not Ownership.ALL
            and batch.created_by_id != caller.user.id
        )
    ):
        raise not_found("Import")
    return batch


def _own(caller: Caller, batch: ImportBatch) -> bool:
    return caller.ownership is Ownership.ALL or batch.created_by_id == caller.user.id


def _view(place: Place, batch: ImportBatch) -> BatchView:
    preview = payload_of(batch).preview
    stale = list(preview.get("stale_cells", []))
    titles = {a.id: a.title for a in place.assessments}
    first = preview.get("first_rows", [])
    names = {
        s.id: s.full_name
        for s in db.session.scalars(
            select(Student).where(Student.id.in_([r["student_id"] for r in first]))
        )
    }
    rows = [
        PreviewRow(
            cell=row["cell"],
            student=names.get(row["student_id"], "—"),
            assessment=titles.get(row["assessment_id"], "—"),
            before=_shown(row.get("before")),
            after=_shown(row),
            source=_points(row.get("source_score")),
            state=ROW_STATES.get(row.get("state", ""), ""),
            stale=row["cell"] in stale,
        )
        for row in first
    ]
    maximum = preview.get("source_max")
    return BatchView(
        batch=batch,
        state=STATES[batch.state],
        counts={k: int(preview.get(k, 0)) for k in ("new", "changed", "unchanged")},
        errors=list(preview.get("errors", [])),
        rows=rows,
        stale=stale,
        source_max=_points(maximum) if maximum else None,
    )


def _shown(values: dict[str, Any] | None) -> str:
    """A grade as typed: « 12,5 », a code (ABS…), or « — » for none."""
    if not values:
        return "—"
    return values.get("status") or _points(values.get("score")) or "—"


def _points(text: str | None) -> str:
    return "" if text is None else format_points(Decimal(text))


def _discard(refused: Problem) -> None:
    """Write nothing of the refused work; audit a refused write (T07); tell why."""
    if isinstance(refused, RefusedWrite):
        persist_refusal(refused.record)
    else:
        db.session.rollback()
    flash(refused.description or "Opération refusée.", "error")


def _to_batch(cohort_id: int, subject_id: int, batch_id: int) -> Response:
    return redirect(
        url_for(
            "web.sheets_batch",
            cohort_id=cohort_id,
            subject_id=subject_id,
            batch_id=batch_id,
        )
    )
