"""A class's spreadsheets: download the gradebook sheet, upload one, undo an import.

An upload is previewed first (every error with its cell, nothing written), then
imported all at once or abandoned; an imported batch can be undone (D5, D8).
Moodle exports and other sheets go through a mapping step first
(``sheet_forms``). Every rule is the import operations'; this module only reads
forms and shows results.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus
from io import BytesIO

from flask import flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from importers.generic import preview_sheet
from importers.moodle import read_moodle_gradebook
from service.access.guard import Caller, current_caller
from service.access.rules import STAFF
from service.extensions import db
from service.models import ImportKind
from service.operations.imports.batches import Upload
from service.operations.imports.gradebook import export_sheet
from service.operations.imports.upload import (
    UploadOptions,
    import_limits,
    preview_upload,
)
from service.problems import Problem
from service.web import pending_uploads
from service.web.blueprint import blueprint
from service.web.sheet_batches import my_batches
from service.web.sheet_forms import (
    IDENTITIES,
    Place,
    generic_fields,
    generic_form,
    largest_grade,
    moodle_fields,
    moodle_form,
    place_of,
)

BASE = "/classes/<int:cohort_id>/matieres/<int:subject_id>/feuilles"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = {
    ImportKind.GRADEBOOK.value: "Feuille de notes Carnet (téléchargée ci-dessus)",
    ImportKind.MOODLE.value: "Export de notes Moodle (Excel, OpenDocument ou texte)",
    ImportKind.GENERIC.value: "Autre tableur (vous associez les colonnes)",
}
NO_FILE = "Choisissez le fichier à importer."
NO_KIND = "Choisissez le type de fichier."
MAPPED = (ImportKind.MOODLE.value, ImportKind.GENERIC.value)
EXPIRED = "Le fichier déposé n'est plus disponible : déposez-le de nouveau."

RULES = {"web.sheets": STAFF, "web.sheets_download": STAFF, "web.sheets_map": STAFF}


@blueprint.route(BASE, methods=["GET", "POST"])
def sheets(cohort_id: int, subject_id: int) -> ResponseReturnValue:
    """Show the class's sheets page; a posted file is read and previewed."""
    caller = current_caller()
    place = place_of(caller, cohort_id, subject_id)
    if request.method == "GET":
        return _page(caller, place)
    sent = request.files.get("file")
    kind = request.form.get("kind", "")
    if sent is None or not sent.filename:
        return _page(caller, place, NO_FILE), HTTPStatus.UNPROCESSABLE_ENTITY
    if kind not in KINDS:
        return _page(caller, place, NO_KIND), HTTPStatus.UNPROCESSABLE_ENTITY
    data = sent.stream.read(import_limits().max_file_bytes + 1)
    force = request.form.get("force") == "on"
    upload = Upload(data, sent.filename, caller.user.id, force)
    if kind == ImportKind.GRADEBOOK.value or _unreadable(upload, kind):
        try:
            return _previewed(caller, place, upload, UploadOptions(ImportKind(kind)))
        except Problem as refused:  # e.g. a sheet of assessments out of reach
            db.session.rollback()
            return _page(caller, place, refused.description), refused.code or 422
    token = pending_uploads.keep(caller.user.id, data, sent.filename)
    return _mapping(caller, place, Kept(upload, kind, token), {})


@blueprint.get(BASE + "/periode-<int:period_id>.xlsx")
def sheets_download(cohort_id: int, subject_id: int, period_id: int) -> Response:
    """Download the gradebook sheet of one period, pre-filled with its grades."""
    place = place_of(current_caller(), cohort_id, subject_id)
    chosen = [a for a in place.assessments if a.period_id == period_id]
    if not chosen:
        raise Problem(HTTPStatus.NOT_FOUND, "Aucune évaluation dans cette période.")
    period = chosen[0].period
    title = f"{place.subject.name} — {period.code.value} — {place.cohort.name}"
    name = f"notes-{place.subject.code}-{period.code.value}-classe-{place.cohort.id}"
    return send_file(
        BytesIO(export_sheet(title, chosen)),
        mimetype=XLSX,
        as_attachment=True,
        download_name=f"{name.lower()}.xlsx",
    )


@blueprint.post(BASE + "/association")
def sheets_map(cohort_id: int, subject_id: int) -> ResponseReturnValue:
    """Preview a kept upload through the mapping the trainer chose."""
    caller = current_caller()
    place = place_of(caller, cohort_id, subject_id)
    token, kind = request.form.get("token", ""), request.form.get("kind", "")
    stored = pending_uploads.load(caller.user.id, token)
    if stored is None or kind not in MAPPED:
        flash(EXPIRED, "error")
        return redirect(
            url_for(
                "web.sheets", cohort_id=place.cohort.id, subject_id=place.subject.id
            )
        )
    force = request.form.get("force") == "on"
    kept = Kept(Upload(*stored, caller.user.id, force), kind, token)
    form = request.form.to_dict()
    try:
        response = _previewed(caller, place, kept.upload, _options(kind, form, place))
    except Problem as refused:
        db.session.rollback()
        page = _mapping(caller, place, kept, form, refused.description)
        return page, HTTPStatus.UNPROCESSABLE_ENTITY
    pending_uploads.drop(caller.user.id, token)
    return response


@dataclass(frozen=True)
class Kept:
    """An upload waiting for its mapping step."""

    upload: Upload
    kind: str
    token: str


def _options(kind: str, form: dict[str, str], place: Place) -> UploadOptions:
    if kind == ImportKind.MOODLE.value:
        items, maximum = moodle_fields(form, place)
        return UploadOptions(ImportKind.MOODLE, items=items, moodle_max=maximum)
    return UploadOptions(ImportKind.GENERIC, mapping=generic_fields(form, place))


def _page(caller: Caller, place: Place, error: str | None = None) -> str:
    return render_template(
        "web/trainer/sheets.html",
        place=place,
        kinds=KINDS,
        batches=my_batches(caller, place),
        error=error,
        chosen_kind=request.form.get("kind", ImportKind.GRADEBOOK.value),
    )


def _unreadable(upload: Upload, kind: str) -> bool:
    """A file whose own errors are shown at once, before any mapping step."""
    limits = import_limits()
    if kind == ImportKind.MOODLE.value:
        return not read_moodle_gradebook(upload.data, upload.file_name, limits).ok
    return not preview_sheet(upload.data, upload.file_name, limits).ok


def _previewed(
    caller: Caller, place: Place, upload: Upload, options: UploadOptions
) -> Response:
    batch = preview_upload(caller, upload, options)
    db.session.commit()
    return redirect(
        url_for(
            "web.sheets_batch",
            cohort_id=place.cohort.id,
            subject_id=place.subject.id,
            batch_id=batch.id,
        )
    )


def _mapping(
    caller: Caller,
    place: Place,
    kept: Kept,
    sent: dict[str, str],
    error: str | None = None,
) -> str:
    """The mapping form of a kept upload (Moodle items or generic columns)."""
    limits = import_limits()
    upload = kept.upload
    context: dict[str, object] = {
        "place": place,
        "file_name": upload.file_name,
        "token": kept.token,
        "force": upload.force,
        "error": error,
    }
    if kept.kind == ImportKind.MOODLE.value:
        result = read_moodle_gradebook(upload.data, upload.file_name, limits)
        form = moodle_form(caller, place, result, sent)
        largest = largest_grade(result)
        return render_template(
            "web/trainer/sheets_moodle.html",
            form=form,
            result=result,
            largest=largest,
            **context,
        )
    sheet = preview_sheet(upload.data, upload.file_name, limits)
    form = generic_form(caller, place, sheet, sent)
    return render_template(
        "web/trainer/sheets_generic.html",
        form=form,
        sheet=sheet,
        identities=IDENTITIES,
        **context,
    )
