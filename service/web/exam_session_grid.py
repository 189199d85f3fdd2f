"""The exam grade grid: candidates × units of a session, with the trainer's keys.

The same ``js/grade-grid.js`` drives it (arrows, Enter, Escape, pasting, a save per
cell with the version read: D6); the form names its keys (``unit``,
``registration_id``). Without JavaScript the page saves as one form. Codes: ABS,
ABJ (force majeure), DISP; « 12 + 14 » for U5's written and practical parts. A
dispense given at registration is read only here. The rules stay in
``exam_grades`` (R1, R2, R6).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.extensions import db
from service.models import (
    ChangeSource,
    ExamSession,
    ExamUnitGrade,
    Registration,
    SessionState,
)
from service.operations.audit import AuditRecord, RefusedWrite, persist_refusal
from service.operations.exam_cells import (
    SHOWN_CODES,
    read_exam_entry,
    save_exam_cell,
    stored_exam,
)
from service.operations.exam_grades import ExamValues
from service.operations.grid_cells import first_error
from service.operations.history import ChangeContext
from service.operations.regulations import session_regulation
from service.operations.sessions import (
    STATE_LABELS,
    registrations_by_name,
    session_or_404,
)
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.cell_forms import MAX_TEXT, changed_entries, is_id, shown
from service.web.exam_sessions import ONE

RULES = {
    "web.exam_grid": DIRECTOR_ONLY,
    "web.exam_grid_save": DIRECTOR_ONLY,
    "web.exam_grid_cell": DIRECTOR_ONLY,
}

GRID = f"{ONE}/notes"
CELL_NAME = re.compile(r"note-([A-Z][A-Z0-9]{0,7})-(\d{1,10})")


@dataclass(frozen=True, slots=True)
class ExamCell:
    """One cell: the value shown, its version, and why it is read only (if so)."""

    value: str
    version: str
    locked: str | None


@dataclass(frozen=True, slots=True)
class ExamRow:
    """One candidate's row."""

    registration_id: int
    name: str
    cells: list[ExamCell]


@blueprint.get(GRID)
def exam_grid(session_id: int) -> ResponseReturnValue:
    """Show the session's grid of exam grades."""
    session = session_or_404(session_id)
    units = list(session_regulation(session).units)
    return render_template(
        "web/sessions/grid.html",
        session=session,
        units=units,
        rows=_rows(session, units),
        writable=session.state is SessionState.OPEN,
        state_label=STATE_LABELS[session.state],
    )


@blueprint.post(GRID)
def exam_grid_save(session_id: int) -> ResponseReturnValue:
    """Save the cells changed in the form (the page without JavaScript)."""
    caller = current_caller()
    session = session_or_404(session_id)
    context = ChangeContext(caller.user.id, ChangeSource.WEB)
    saved, refused = 0, list[AuditRecord]()
    for unit, row, seen, text in changed_entries(request.form, CELL_NAME):
        registration = _registration(session, int(row))
        label = f"{registration.student.full_name}, {unit}"
        try:
            with db.session.begin_nested():
                save_exam_cell(registration, unit, context, seen, text)
            saved += 1
        except RefusedWrite as error:
            refused.append(error.record)
            flash(f"{label} : {error.description}", "error")
        except Problem as error:
            flash(f"{label} : {first_error(error)}", "error")
    db.session.commit()
    for record in refused:
        persist_refusal(record)  # T07: the refusal is audited on its own
    ending = "s" if saved > 1 else ""
    flash(f"{saved} note{ending} enregistrée{ending}.", "info")
    return redirect(url_for("web.exam_grid", session_id=session_id))


@blueprint.post(f"{GRID}/cellule")
def exam_grid_cell(session_id: int) -> ResponseReturnValue:
    """Save one cell (JSON): its value back, or the refusal, or the conflict."""
    caller = current_caller()
    session = session_or_404(session_id)
    unit, registration_id, seen, text = _typed(request.get_json(silent=True))
    registration = _registration(session, registration_id)
    label = f"{registration.student.full_name}, {unit}"
    context = ChangeContext(caller.user.id, ChangeSource.WEB)
    try:
        version = save_exam_cell(registration, unit, context, seen, text)
    except RefusedWrite as error:
        persist_refusal(error.record)  # T07
        return _refused(error.code, label, str(error.description))
    except Problem as error:
        db.session.rollback()
        if error.code == HTTPStatus.PRECONDITION_FAILED:
            return _conflict(registration_id, unit, text, label)
        return _refused(error.code, label, first_error(error))
    db.session.commit()
    shown_value = _shown(read_exam_entry(text))
    return jsonify({"version": version, "value": shown_value, "row_mean": ""})


def _typed(body: Any) -> tuple[str, int, int | None, str]:
    """Read ``{unit, registration_id, version, value}`` or answer 400."""
    if not isinstance(body, dict):
        raise Problem(HTTPStatus.BAD_REQUEST, "Corps JSON attendu.")
    unit, registration_id = body.get("unit"), body.get("registration_id")
    version, value = body.get("version"), body.get("value")
    if (
        not isinstance(unit, str)
        or not CELL_NAME.fullmatch(f"note-{unit}-1")
        or not is_id(registration_id)
        or not (version is None or is_id(version))
        or not isinstance(value, str)
        or len(value) > MAX_TEXT
    ):
        raise Problem(HTTPStatus.BAD_REQUEST, "Cellule mal décrite.")
    assert isinstance(registration_id, int)
    return unit, registration_id, version, value


def _conflict(
    registration_id: int, unit: str, typed: str, label: str
) -> ResponseReturnValue:
    """Answer 412 with both values: the one typed and the one stored meanwhile."""
    stored = stored_exam(registration_id, unit)
    who = f" par {stored.by}" if stored and stored.by else ""
    try:
        mine = _shown(read_exam_entry(typed))
    except Problem:
        mine = typed.strip()
    body = {
        "error": f"{label} : modifiée entre-temps{who}. Choisissez la note à garder.",
        "conflict": {
            "mine": mine,
            "theirs": _shown(stored.values) if stored else "",
            "version": stored.version if stored else None,
            "by": stored.by if stored else None,
        },
    }
    return jsonify(body), HTTPStatus.PRECONDITION_FAILED


def _refused(status: int | None, label: str, reason: str) -> ResponseReturnValue:
    body = {"error": f"{label} : {reason}", "reason": reason}
    return jsonify(body), status or HTTPStatus.UNPROCESSABLE_ENTITY


def _shown(values: ExamValues | None) -> str:
    """« 12,5 », « ABS », « 12 + 14 » (U5's parts) or empty."""
    if values is None:
        return ""
    if values.status is not None:
        return SHOWN_CODES[values.status]
    if values.grade is not None:
        return shown(values.grade)
    return f"{shown(values.written)} + {shown(values.practical)}"


def _registration(session: ExamSession, registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.session_id != session.id:
        raise not_found("Inscription")
    return registration


def _rows(session: ExamSession, units: list[str]) -> list[ExamRow]:
    registrations = registrations_by_name(session)
    stored: dict[tuple[int, str], ExamUnitGrade] = {
        (row.registration_id, row.unit): row
        for row in db.session.scalars(
            select(ExamUnitGrade)
            .join(Registration)
            .where(Registration.session_id == session.id)
        )
    }
    return [
        ExamRow(
            registration.id,
            registration.student.full_name,
            [
                _cell(registration, unit, stored.get((registration.id, unit)))
                for unit in units
            ],
        )
        for registration in registrations
    ]


def _cell(registration: Registration, unit: str, row: ExamUnitGrade | None) -> ExamCell:
    if unit in {dispense.unit for dispense in registration.dispenses}:
        return ExamCell("DISP", "", "dispense")
    if row is None:
        return ExamCell("", "", None)
    return ExamCell(_shown(ExamValues.of(row)), str(row.version), None)
