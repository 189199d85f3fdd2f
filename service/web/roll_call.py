"""The trainer's roll call (« émargement ») of a half-day: marks, close, reopen.

A trainer reaches the half-days where they teach a lesson, the director every
one (``service.access.attendance``). The sheet reads and saves without
JavaScript; ``js/roll-call.js`` adds the keyboard (arrows and Enter between
rows, P / A per row, T for « Tous présents »). The rules are the operations'
(``service.operations.roll_call``): a closed sheet refuses the trainer (409,
audited), the director's changes go to the sealed history. Each request
commits once.
"""

from __future__ import annotations

from datetime import date
from http import HTTPStatus

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from grading.attendance import hours
from importers.french_dates import WEEKDAYS, french_date
from service.access.attendance import half_day_in_reach, reachable_half_days
from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY, STAFF, Ownership
from service.centre_time import PARIS, centre_today
from service.extensions import db
from service.models import (
    AttendanceMark,
    ChangeSource,
    GradeHistory,
    HalfDay,
    HistoryEntity,
    Student,
)
from service.operations.audit import RefusedWrite, persist_refusal
from service.operations.history import ChangeContext
from service.operations.roll_call import (
    SLOT_NAMES,
    MarkEntry,
    close_roll_call,
    marks_of,
    reopen_roll_call,
    roll_call_students,
    save_marks,
)
from service.operations.roll_call_list import sheet_groups
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.history import french_datetime
from service.web.roll_call_form import (
    MarkRow,
    changed_entries,
    place_errors,
    stored_rows,
    typed_rows,
)

RULES = {
    "web.roll_calls": STAFF,
    "web.roll_call": STAFF,
    "web.close_roll_call": STAFF,
    "web.reopen_roll_call": DIRECTOR_ONLY,
}

ONE = "/demi-journees/<int:half_day_id>"


def french_day(day: date) -> str:
    """« lundi 5 octobre 2026 »."""
    return f"{WEEKDAYS[day.weekday()]} {french_date(day)}"


def sheet_title(half_day: HalfDay) -> str:
    """« lundi 5 octobre 2026, matin »."""
    return f"{french_day(half_day.day)}, {SLOT_NAMES[half_day.slot]}"


@blueprint.get("/emargement")
def roll_calls() -> ResponseReturnValue:
    """List the caller's sheets: today's, open past ones, the next, closed ones."""
    caller = current_caller()
    groups = sheet_groups(reachable_half_days(caller), centre_today())
    return render_template(
        "web/roll_call/list.html",
        groups=groups,
        director=caller.ownership is Ownership.ALL,
        title_of=sheet_title,
    )


@blueprint.route(f"{ONE}/appel", methods=["GET", "POST"])
def roll_call(half_day_id: int) -> ResponseReturnValue:
    """Show the sheet; save the rows changed (all or none)."""
    caller = current_caller()
    half_day = half_day_in_reach(caller, half_day_id, write=request.method == "POST")
    students = roll_call_students(half_day)
    if request.method == "GET":
        return _sheet_page(half_day, stored_rows(students, marks_of(half_day)))
    rows = typed_rows(request.form, students)
    changed = changed_entries(rows)
    if any(row.errors for row in rows):
        return _sheet_page(half_day, rows), HTTPStatus.UNPROCESSABLE_ENTITY
    context = ChangeContext(caller.user.id, ChangeSource.WEB)
    director = caller.ownership is Ownership.ALL
    try:
        written = save_marks(
            half_day, [e for _, e in changed], context, director=director
        )
    except RefusedWrite as refused:
        persist_refusal(refused.record)  # T07: nothing written, the refusal audited
        flash(refused.description or "Feuille close.", "error")
        return _fresh_page(half_day, students), HTTPStatus.CONFLICT
    except Problem as refused:
        db.session.rollback()
        if refused.code == HTTPStatus.PRECONDITION_FAILED:
            _flash_conflicts(changed, refused)
            return _fresh_page(half_day, students), HTTPStatus.PRECONDITION_FAILED
        place_errors(changed, refused.errors or {})
        return _sheet_page(half_day, rows), refused.code or HTTPStatus.CONFLICT
    db.session.commit()
    ending = "s" if written > 1 else ""
    flash(f"Appel enregistré : {written} marque{ending} modifiée{ending}.", "info")
    return _to_sheet(half_day)


@blueprint.route(f"{ONE}/cloturer", methods=["GET", "POST"], endpoint="close_roll_call")
def close_roll_call_page(half_day_id: int) -> ResponseReturnValue:
    """Confirm, then close the sheet: later changes need the director."""
    caller = current_caller()
    half_day = half_day_in_reach(caller, half_day_id, write=True)
    if request.method == "GET":
        marks = marks_of(half_day)
        missing = [s for s in roll_call_students(half_day) if s.id not in marks]
        return render_template(
            "web/roll_call/confirm_close.html",
            half_day=half_day,
            title=sheet_title(half_day),
            marks=list(marks.values()),
            missing=missing,
        )
    try:
        close_roll_call(half_day, caller.user)
    except Problem as refused:
        db.session.rollback()
        flash(refused.description or "Appel incomplet.", "error")
        return _to_sheet(half_day)
    db.session.commit()
    flash("Feuille close : seule la direction peut encore la modifier.", "info")
    return _to_sheet(half_day)


@blueprint.route(f"{ONE}/rouvrir", methods=["GET", "POST"], endpoint="reopen_roll_call")
def reopen_roll_call_page(half_day_id: int) -> ResponseReturnValue:
    """Confirm, then reopen a closed sheet (the director): audited."""
    caller = current_caller()
    half_day = half_day_in_reach(caller, half_day_id, write=True)
    if request.method == "GET":
        return render_template(
            "web/roll_call/confirm_reopen.html",
            half_day=half_day,
            title=sheet_title(half_day),
        )
    reopen_roll_call(half_day, caller.user)
    db.session.commit()
    flash("Feuille rouverte : les formateurs peuvent de nouveau la modifier.", "info")
    return _to_sheet(half_day)


def _to_sheet(half_day: HalfDay) -> Response:
    return redirect(url_for("web.roll_call", half_day_id=half_day.id))


def _fresh_page(half_day: HalfDay, students: list[Student]) -> str:
    db.session.refresh(half_day)
    return _sheet_page(half_day, stored_rows(students, marks_of(half_day)))


def _flash_conflicts(
    changed: list[tuple[MarkRow, MarkEntry]], refused: Problem
) -> None:
    """Name each apprentice whose mark changed meanwhile (D6)."""
    if not refused.errors:
        flash(refused.description or "Modifié entre-temps.", "error")
    for key in refused.errors or {}:
        row = changed[int(key.split(".")[1])][0]
        flash(f"{row.student.full_name} : {refused.description}", "error")


def _sheet_page(half_day: HalfDay, rows: list[MarkRow]) -> str:
    caller = current_caller()
    closed = half_day.closed_at
    when = None if closed is None else french_datetime(closed.astimezone(PARIS))
    return render_template(
        "web/roll_call/sheet.html",
        half_day=half_day,
        title=sheet_title(half_day),
        rows=rows,
        director=caller.ownership is Ownership.ALL,
        closed_when=when,
        hours=hours,
        changes=_changes(half_day),
    )


def _changes(half_day: HalfDay) -> list[tuple[str, GradeHistory, str]]:
    """The sheet's marks changed after their first entry: when, row, apprentice."""
    names = {
        mark.id: mark.student.full_name
        for mark in db.session.scalars(
            select(AttendanceMark)
            .where(AttendanceMark.half_day_id == half_day.id)
            .options(selectinload(AttendanceMark.student))
        )
    }
    rows = db.session.scalars(
        select(GradeHistory)
        .where(
            GradeHistory.entity == HistoryEntity.ATTENDANCE_MARK,
            GradeHistory.entity_id.in_(names),
            GradeHistory.old.is_not(None),
        )
        .order_by(GradeHistory.id)
        .options(selectinload(GradeHistory.actor))
    )
    return [
        (french_datetime(row.at.astimezone(PARIS)), row, names[row.entity_id])
        for row in rows
    ]
