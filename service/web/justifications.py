"""Justifications of absences, entered by staff: the list (filtered by cohort and
status), a new one, a change, a deletion, and the document's download (staff in
reach, and the apprentice and their tutor, read-only).

Reach is ``service.access.attendance``'s; the checks and the document's storage
are ``service.operations.justifications``' and ``justification_files``'.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.wrappers import Response

from service.access.attendance import (
    attendance_student_in_reach,
    attendance_students,
    justification_in_reach,
    reachable_half_days,
    reachable_justifications,
)
from service.access.guard import Caller, current_caller
from service.access.rules import APPRENTICE_READERS, STAFF, Ownership
from service.access.scope import not_found
from service.extensions import db
from service.models import Cohort, HalfDay, Justification, JustificationStatus, Student
from service.operations import justification_files as files
from service.operations.justifications import (
    STATUS_LABELS,
    DocumentChange,
    JustificationFacts,
    change_justification,
    create_justification,
    delete_justification,
)
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.people_forms import INVALID, PageForm, read_form

RULES = {
    "web.justifications": STAFF,
    "web.new_justification": STAFF,
    "web.edit_justification": STAFF,
    "web.delete_justification": STAFF,
    "web.justification_document": APPRENTICE_READERS,
}

BASE = "/justificatifs"
FIELDS = ("student_id", "first_day", "last_day", "reason", "status")
DAYS = {"first_day": "Premier jour", "last_day": "Dernier jour"}


@blueprint.get(BASE)
def justifications() -> ResponseReturnValue:
    """The justifications in reach, filtered by cohort and status."""
    caller = current_caller()
    cohort, status = request.args.get("classe", ""), request.args.get("statut", "")
    statement = reachable_justifications(caller).join(Justification.student)
    if cohort.isdigit() and len(cohort) < 10:
        statement = statement.where(Student.cohort_id == int(cohort))
    if status in set(JustificationStatus):
        statement = statement.where(Justification.status == status)
    statement = statement.order_by(
        Justification.first_day.desc(), Student.last_name, Student.first_name
    )
    return render_template(
        "web/justifications/list.html",
        justifications=db.session.scalars(statement).all(),
        cohorts=_cohorts(caller),
        cohort=cohort,
        status=status,
        labels=STATUS_LABELS,
    )


@blueprint.route(f"{BASE}/nouveau", methods=["GET", "POST"])
def new_justification() -> ResponseReturnValue:
    """Record a justification; an apprentice and days may come in the query."""
    caller = current_caller()
    if request.method == "GET":
        typed = {
            "student_id": request.args.get("apprenti", ""),
            "first_day": request.args.get("du", ""),
            "last_day": request.args.get("au", "") or request.args.get("du", ""),
            "status": JustificationStatus.PENDING.value,
        }
        return _form_page(caller, PageForm(typed), None)
    form = read_form(*FIELDS)
    student = _student(caller, form)
    facts = _facts(form)
    upload = _upload(form)
    if student is not None and facts is not None and not form.errors:
        saved = form.save(
            lambda: create_justification(student, facts, upload, caller.user),
            "reason",
            lambda done: f"Justificatif de {student.full_name} enregistré.",
            _to_list,
        )
        if saved is not None:
            return saved
    return _form_page(caller, form, None), INVALID


@blueprint.route(f"{BASE}/<int:justification_id>/modifier", methods=["GET", "POST"])
def edit_justification(justification_id: int) -> ResponseReturnValue:
    """Change a justification's days, reason, status or document."""
    caller = current_caller()
    justification = justification_in_reach(caller, justification_id, write=True)
    if request.method == "GET":
        typed = {
            "first_day": justification.first_day.isoformat(),
            "last_day": justification.last_day.isoformat(),
            "reason": justification.reason,
            "status": justification.status.value,
        }
        return _form_page(caller, PageForm(typed), justification)
    form = read_form(*FIELDS[1:])
    facts = _facts(form)
    change = DocumentChange(_upload(form), request.form.get("remove_document") == "on")
    if facts is not None and not form.errors:
        saved = form.save(
            lambda: change_justification(justification, facts, change, caller.user),
            "reason",
            lambda done: f"Justificatif de {done.student.full_name} modifié.",
            _to_list,
        )
        if saved is not None:
            return saved
    return _form_page(caller, form, justification), INVALID


@blueprint.post(
    f"{BASE}/<int:justification_id>/suppression", endpoint="delete_justification"
)
def delete_justification_page(justification_id: int) -> Response:
    """Delete a justification and its document."""
    caller = current_caller()
    justification = justification_in_reach(caller, justification_id, write=True)
    student = justification.student
    delete_justification(justification, caller.user)
    db.session.commit()
    flash(f"Justificatif de {student.full_name} supprimé.", "info")
    return _to_list(justification)


@blueprint.get(f"{BASE}/<int:justification_id>/document")
def justification_document(justification_id: int) -> Response:
    """The document as an attachment, with its stored type (never sniffed)."""
    justification = justification_in_reach(current_caller(), justification_id)
    key, kind = justification.document_key, justification.document_type
    if key is None or kind is None or not files.document_path(key).is_file():
        raise not_found("Justificatif")  # the same answer as out of reach
    response = send_file(
        files.document_path(key),
        mimetype=kind,
        as_attachment=True,
        download_name=justification.document_name or "document",
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _to_list(justification: Justification) -> Response:
    cohort = justification.student.cohort_id
    return redirect(url_for("web.justifications", classe=cohort))


def _student(caller: Caller, form: PageForm) -> Student | None:
    typed = form.typed["student_id"]
    if typed.isdigit() and len(typed) < 10:
        try:
            return attendance_student_in_reach(caller, int(typed))
        except Problem:
            pass
    form.errors["student_id"] = "Apprenti·e : choisissez dans la liste."
    return None


def _facts(form: PageForm) -> JustificationFacts | None:
    days: dict[str, date] = {}
    for name, label in DAYS.items():
        typed = form.require(name, label)
        try:
            if typed:
                days[name] = date.fromisoformat(typed)
        except ValueError:
            form.errors[name] = f"{label} : une date (jj/mm/aaaa)."
    reason = form.require("reason", "Motif")
    status = form.typed["status"]
    if status not in set(JustificationStatus):
        form.errors["status"] = "Statut : choisissez dans la liste."
    if len(days) < len(DAYS) or not reason or "status" in form.errors:
        return None
    return JustificationFacts(
        days["first_day"], days["last_day"], reason, JustificationStatus(status)
    )


def _upload(form: PageForm) -> files.Upload | None:
    """The document sent, read up to one byte past the limit, checked."""
    sent = request.files.get("document")
    if sent is None or not sent.filename:
        return None
    upload = files.Upload(sent.filename, sent.stream.read(files.max_bytes() + 1))
    try:
        files.document_type(upload)
    except Problem as refused:
        form.errors["document"] = refused.description or "Document refusé."
    return upload


def _cohorts(caller: Caller) -> list[tuple[str, str]]:
    statement = select(Cohort.id, Cohort.name).order_by(Cohort.name)
    if caller.ownership is not Ownership.ALL:
        taught = reachable_half_days(caller).with_only_columns(HalfDay.cohort_id)
        statement = statement.where(Cohort.id.in_(taught))
    return [(str(cohort_id), name) for cohort_id, name in db.session.execute(statement)]


def _form_page(
    caller: Caller, form: PageForm, justification: Justification | None
) -> str:
    students: list[Any] = []
    if justification is None:
        statement = (
            attendance_students(caller)
            .where(Student.erased_at.is_(None))
            .order_by(Student.last_name, Student.first_name)
        )
        students = [
            (str(s.id), f"{s.full_name} · {s.cohort.name}")
            for s in db.session.scalars(statement)
        ]
    return render_template(
        "web/justifications/form.html",
        form=form,
        justification=justification,
        students=students,
        statuses=[(status.value, label) for status, label in STATUS_LABELS.items()],
        limit=files.readable_size(files.max_bytes()),
        types=files.accepted_labels(),
        accept=",".join(files.accepted_types()),
    )
