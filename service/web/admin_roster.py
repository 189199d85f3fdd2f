"""The director's roster import: upload a class list (xlsx or CSV), read its
preview (students created, changed, unchanged; every error with its cell), then
import it all or nothing, or abandon it.

Reading, matching and writing are ``service.operations.imports``' (the API's
and the CLI's too); the pages only carry the file and show the outcome.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from importers.roster import LABELS, REQUIRED
from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.extensions import db
from service.models import Cohort, ImportBatch, ImportKind, ImportState
from service.operations.imports.batches import Upload, payload_of
from service.operations.imports.cancel import abandon_preview
from service.operations.imports.roster import commit_roster
from service.operations.imports.upload import (
    UploadOptions,
    import_limits,
    preview_upload,
)
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.people_forms import INVALID, PageForm, cohort_choices
from service.web.sheet_batches import STATES

RULES = {
    "web.admin_roster": DIRECTOR_ONLY,
    "web.admin_roster_batch": DIRECTOR_ONLY,
    "web.admin_roster_commit": DIRECTOR_ONLY,
    "web.admin_roster_abandon": DIRECTOR_ONLY,
}

ROSTER = "/administration/import-apprentis"
BATCH = f"{ROSTER}/<int:batch_id>"
ROW_STATES = {"new": "à créer", "changed": "à modifier", "unchanged": "inchangé·e"}


@blueprint.route(ROSTER, methods=["GET", "POST"])
def admin_roster() -> ResponseReturnValue:
    """The upload form; a sent file is read and its preview recorded."""
    if request.method == "GET":
        return _page(PageForm({"cohort_id": request.args.get("classe", "")}))
    form = PageForm({"cohort_id": request.form.get("cohort_id", "").strip()})
    if form.typed["cohort_id"] not in dict(cohort_choices()):
        form.errors["cohort_id"] = "Classe : choisissez dans la liste."
    sent = request.files.get("file")
    file_name = sent.filename if sent is not None else None
    if sent is None or not file_name:
        form.errors["file"] = "Fichier : choisissez un fichier xlsx ou CSV."
    if form.errors or sent is None or not file_name:
        return _page(form), INVALID
    caller = current_caller()
    data = sent.stream.read(import_limits().max_file_bytes + 1)
    options = UploadOptions(ImportKind.ROSTER, cohort_id=int(form.typed["cohort_id"]))
    try:
        batch = preview_upload(caller, Upload(data, file_name, caller.user.id), options)
    except Problem as refused:
        form.refused(refused, "file")
        return _page(form), refused.code or INVALID
    db.session.commit()
    return redirect(url_for("web.admin_roster_batch", batch_id=batch.id))


@blueprint.get(BATCH)
def admin_roster_batch(batch_id: int) -> ResponseReturnValue:
    """A roster import's preview, state and what can be done with it."""
    batch = _batch_or_404(batch_id)
    payload = payload_of(batch)
    preview = payload.preview
    cohort_id = payload.rows[0]["cohort_id"] if payload.rows else None
    return render_template(
        "web/director/people/roster_batch.html",
        batch=batch,
        state=STATES[batch.state],
        pending=batch.state is ImportState.PREVIEWED,
        preview=preview,
        row_states=ROW_STATES,
        cohort=db.session.get(Cohort, cohort_id) if cohort_id else None,
    )


@blueprint.post(f"{BATCH}/importer")
def admin_roster_commit(batch_id: int) -> Response:
    """Create or update every student of the preview, or none."""
    batch = _batch_or_404(batch_id)
    try:
        counts = commit_roster(batch)
    except Problem as refused:
        db.session.rollback()
        flash(refused.description or "Import refusé.", "error")
    else:
        db.session.commit()
        flash(
            f"Import terminé : {counts['created']} apprenti(s) créé(s), "
            f"{counts['updated']} modifié(s), {counts['unchanged']} inchangé(s).",
            "info",
        )
    return redirect(url_for("web.admin_roster_batch", batch_id=batch_id))


@blueprint.post(f"{BATCH}/abandonner")
def admin_roster_abandon(batch_id: int) -> Response:
    """Abandon a previewed roster: nothing is written."""
    try:
        abandon_preview(_batch_or_404(batch_id))
    except Problem as refused:
        db.session.rollback()
        flash(refused.description or "Opération refusée.", "error")
    else:
        db.session.commit()
        flash("Import abandonné : aucun apprenti n'a été modifié.", "info")
    return redirect(url_for("web.admin_roster"))


def _batch_or_404(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    if batch is None or batch.kind is not ImportKind.ROSTER:
        raise not_found("Import")
    return batch


def _page(form: PageForm) -> str:
    return render_template(
        "web/director/people/roster.html",
        form=form,
        cohorts=cohort_choices(),
        columns=[(label, name in REQUIRED) for name, label in LABELS.items()],
    )
