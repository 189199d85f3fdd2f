"""The trainer's grade grid: students × assessments of one subject and period.

The page reads without JavaScript and saves as one form; ``js/grade-grid.js`` adds
keyboard moves, pasting and a save per cell (``web.grade_grid_cell``, JSON, with
the version read: D6). A trainer reaches only the subjects they teach (D11), the
director every grid. Each request commits once.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from service.access.guard import current_caller
from service.access.rules import STAFF
from service.access.scope import class_in_reach, not_found
from service.extensions import db
from service.models import (
    Assessment,
    ChangeSource,
    Cohort,
    Period,
    Student,
    Subject,
)
from service.operations.audit import AuditRecord, RefusedWrite, persist_refusal
from service.operations.grid_cells import first_error, read_entry, save_cell
from service.operations.history import ChangeContext
from service.operations.subject_grid import column_and_row, load_columns, load_grid
from service.problems import Problem
from service.web import cell_forms
from service.web.blueprint import blueprint
from service.web.cell_forms import Typed, shown, shown_entry
from service.web.grid_view import grid_view

RULES = {
    "web.grade_grid": STAFF,
    "web.grade_grid_save": STAFF,
    "web.grade_grid_cell": STAFF,
}

GRID = "/classes/<int:cohort_id>/matieres/<int:subject_id>/notes"


@blueprint.get(GRID)
def grade_grid(cohort_id: int, subject_id: int) -> ResponseReturnValue:
    """Show the grid of a subject in one period (``?periode=S1``)."""
    cohort, subject = class_in_reach(current_caller(), cohort_id, subject_id)
    period = _period(cohort, subject, request.args.get("periode"))
    grid = load_grid(cohort, subject, period)
    columns, rows = grid_view(grid)
    return render_template(
        "web/trainer/grade_grid.html",
        grid=grid,
        columns=columns,
        rows=rows,
        periods=sorted(cohort.periods, key=lambda p: p.code),
    )


@blueprint.post(GRID)
def grade_grid_save(cohort_id: int, subject_id: int) -> ResponseReturnValue:
    """Save the cells changed in the form (the page without JavaScript)."""
    caller = current_caller()
    cohort, subject = class_in_reach(caller, cohort_id, subject_id)
    period = _period(cohort, subject, request.args.get("periode"))
    context = ChangeContext(caller.user.id, ChangeSource.WEB)
    saved, refused = _save_form(cohort, subject, period, context)
    db.session.commit()
    for record in refused:
        persist_refusal(record)  # T07: the refusal is audited on its own
    ending = "s" if saved > 1 else ""
    flash(f"{saved} note{ending} enregistrée{ending}.", "info")
    return redirect(
        url_for(
            "web.grade_grid",
            cohort_id=cohort.id,
            subject_id=subject.id,
            periode=period.code.value,
        )
    )


def _save_form(
    cohort: Cohort, subject: Subject, period: Period, context: ChangeContext
) -> tuple[int, list[AuditRecord]]:
    """Save each changed cell in its own savepoint; flash each refusal by its cell."""
    columns = {c.id: c.title for c in load_columns(cohort.id, subject.id, period.id)}
    names = _names(cohort.id)
    saved, refused = 0, []
    for typed in cell_forms.changed_cells(request.form):
        student = names.get(typed.student_id, "?")
        label = f"{student}, {columns.get(typed.assessment_id, '?')}"
        try:
            with db.session.begin_nested():
                assessment = _assessment(cohort, subject, typed.assessment_id)
                save_cell(
                    assessment, typed.student_id, context, typed.version, typed.text
                )
            saved += 1
        except RefusedWrite as error:
            refused.append(error.record)
            flash(f"{label} : {error.description}", "error")
        except Problem as error:
            flash(f"{label} : {first_error(error)}", "error")
    return saved, refused


@blueprint.post(f"{GRID}/cellule")
def grade_grid_cell(cohort_id: int, subject_id: int) -> ResponseReturnValue:
    """Save one cell (JSON): its figures back, or the refusal, or the conflict."""
    caller = current_caller()
    cohort, subject = class_in_reach(caller, cohort_id, subject_id)
    typed = cell_forms.typed_from_json(request.get_json(silent=True))
    assessment = _assessment(cohort, subject, typed.assessment_id)
    label = f"{_student(cohort, typed.student_id)}, {assessment.title}"
    context = ChangeContext(caller.user.id, ChangeSource.WEB)
    try:
        version = save_cell(
            assessment, typed.student_id, context, typed.version, typed.text
        )
    except RefusedWrite as error:
        persist_refusal(error.record)  # T07: nothing written, the refusal audited
        return _refused(error.code, label, str(error.description))
    except Problem as error:
        db.session.rollback()
        if error.code == HTTPStatus.PRECONDITION_FAILED:
            return cell_forms.conflict(assessment.id, typed, label)
        return _refused(error.code, label, first_error(error))
    db.session.commit()
    return jsonify(_saved(assessment, typed, version))


def _saved(assessment: Assessment, typed: Typed, version: int | None) -> dict[str, Any]:
    columns = load_columns(
        assessment.cohort_id, assessment.subject_id, assessment.period_id
    )
    figures, mean = column_and_row(columns, assessment.id, typed.student_id)
    return {
        "version": version,
        "value": shown_entry(read_entry(typed.text)),
        "column": {
            "count": str(figures.count),
            "mean": shown(figures.mean),
            "minimum": shown(figures.minimum),
            "maximum": shown(figures.maximum),
        },
        "row_mean": shown(mean),
    }


def _refused(status: int | None, label: str, reason: str) -> ResponseReturnValue:
    """The refusal: the reason, and the message naming the cell."""
    body = {"error": f"{label} : {reason}", "reason": reason}
    return jsonify(body), status or HTTPStatus.UNPROCESSABLE_ENTITY


def _period(cohort: Cohort, subject: Subject, code: str | None) -> Period:
    """The period asked for; by default the last one holding an assessment."""
    periods = {p.code.value: p for p in cohort.periods}
    if code is not None:
        if code not in periods:
            raise not_found("Période")
        return periods[code]
    latest = db.session.scalar(
        select(func.max(Period.code))
        .join(Assessment, Assessment.period_id == Period.id)
        .where(Assessment.cohort_id == cohort.id, Assessment.subject_id == subject.id)
    )
    if latest is None:
        return min(periods.values(), key=lambda p: p.code)
    return periods[str(latest)]


def _assessment(cohort: Cohort, subject: Subject, assessment_id: int) -> Assessment:
    assessment = db.session.get(Assessment, assessment_id)
    if (
        assessment is None
        or assessment.cohort_id != cohort.id
        or assessment.subject_id != subject.id
    ):
        raise not_found("Évaluation")
    return assessment


def _student(cohort: Cohort, student_id: int) -> str:
    student = db.session.get(Student, student_id)
    if student is None or student.cohort_id != cohort.id:
        raise not_found("Apprenti·e")
    return student.full_name


def _names(cohort_id: int) -> dict[int, str]:
    rows = db.session.execute(
        select(Student.id, Student.last_name, Student.first_name).where(
            Student.cohort_id == cohort_id
        )
    )
    return {row.id: f"{row.last_name.upper()} {row.first_name}" for row in rows}
