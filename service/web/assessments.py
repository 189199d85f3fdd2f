"""Assessment pages: create, edit, publish (R7), lock and, for the director, reopen.

Every rule is the operations' (``service.operations.assessments``): the period of
the cohort, a maximum never below a score given, a locked assessment refusing every
write (409, audited: T07). Reach is ``service.access.scope``'s (D11). Each request
commits once.
"""

from __future__ import annotations

from datetime import datetime
from http import HTTPStatus

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY, STAFF
from service.access.scope import assessment_in_reach, class_in_reach
from service.centre_time import PARIS, centre_today
from service.extensions import db
from service.models import Assessment, Cohort, Subject
from service.operations import assessments as operations
from service.operations.audit import RefusedWrite, persist_refusal
from service.operations.classes import last_lock
from service.operations.grades import grid_rows
from service.problems import Problem
from service.web.assessment_form import (
    KIND_LABELS,
    AssessmentForm,
    blank_form,
    read_form,
    stored_form,
)
from service.web.blueprint import blueprint

RULES = {
    "web.new_assessment": STAFF,
    "web.edit_assessment": STAFF,
    "web.publish_assessment": STAFF,
    "web.lock_assessment": STAFF,
    "web.unlock_assessment": DIRECTOR_ONLY,
}

ONE = "/evaluations/<int:assessment_id>"
REASON_LENGTH = (3, 500)


@blueprint.route(
    "/classes/<int:cohort_id>/matieres/<int:subject_id>/evaluations/nouvelle",
    methods=["GET", "POST"],
)
def new_assessment(cohort_id: int, subject_id: int) -> ResponseReturnValue:
    """Show the form of a new assessment; create it (unpublished, unlocked)."""
    caller = current_caller()
    cohort, subject = class_in_reach(caller, cohort_id, subject_id)
    if request.method == "GET":
        return _form_page(cohort, subject, blank_form(cohort.periods, centre_today()))
    form = read_form(request.form, cohort.periods)
    if not form.errors:
        values = form.values | {"cohort_id": cohort.id, "subject_id": subject.id}
        try:
            created = operations.create_assessment(caller.user.id, values)
        except Problem as refused:
            _refusal(form, refused)
        else:
            db.session.commit()
            flash(f"Évaluation « {created.title} » créée, non publiée.", "info")
            return _to_class(created)
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    return _form_page(cohort, subject, form), status


@blueprint.route(ONE, methods=["GET", "POST"])
def edit_assessment(assessment_id: int) -> ResponseReturnValue:
    """Show an assessment's settings and state; save the changed settings."""
    caller = current_caller()
    assessment = assessment_in_reach(caller, assessment_id, write=True)
    if request.method == "GET":
        return _assessment_page(assessment, stored_form(assessment))
    form = read_form(request.form, assessment.cohort.periods)
    if form.errors:
        return _assessment_page(assessment, form), HTTPStatus.UNPROCESSABLE_ENTITY
    try:
        operations.edit_assessment(assessment, caller.user.id, form.values)
    except RefusedWrite as refused:
        return _refused_write(refused, assessment)
    except Problem as refused:
        db.session.rollback()
        _refusal(form, refused)
        return _assessment_page(assessment, form), refused.code or HTTPStatus.CONFLICT
    db.session.commit()
    flash("Modifications enregistrées.", "info")
    return redirect(url_for("web.edit_assessment", assessment_id=assessment.id))


@blueprint.post(f"{ONE}/publier")
def publish_assessment(assessment_id: int) -> ResponseReturnValue:
    """Publish an assessment: its students see it and their grades (R7)."""
    caller = current_caller()
    assessment = assessment_in_reach(caller, assessment_id, write=True)
    try:
        operations.publish_assessment(assessment, caller.user.id)
    except RefusedWrite as refused:
        return _refused_write(refused, assessment)
    db.session.commit()
    flash(f"« {assessment.title} » est publiée : les apprenti·es la voient.", "info")
    return _to_class(assessment)


@blueprint.post(f"{ONE}/verrouiller")
def lock_assessment(assessment_id: int) -> Response:
    """Lock an assessment: its grades and settings refuse every write (T07)."""
    caller = current_caller()
    assessment = assessment_in_reach(caller, assessment_id, write=True)
    operations.lock_assessment(assessment, caller.user.id)
    db.session.commit()
    flash(f"« {assessment.title} » est verrouillée.", "info")
    return redirect(url_for("web.edit_assessment", assessment_id=assessment.id))


@blueprint.post(f"{ONE}/rouvrir")
def unlock_assessment(assessment_id: int) -> ResponseReturnValue:
    """Reopen a locked assessment (the director); the reason is audited (T07)."""
    caller = current_caller()
    assessment = assessment_in_reach(caller, assessment_id, write=True)
    reason = request.form.get("reason", "").strip()
    low, high = REASON_LENGTH
    if not low <= len(reason) <= high:
        error = f"Donnez la raison (de {low} à {high} caractères)."
        page = _assessment_page(assessment, stored_form(assessment), error)
        return page, HTTPStatus.UNPROCESSABLE_ENTITY
    operations.unlock_assessment(assessment, caller.user.id, reason)
    db.session.commit()
    flash(f"« {assessment.title} » est rouverte.", "info")
    return redirect(url_for("web.edit_assessment", assessment_id=assessment.id))


def _refusal(form: AssessmentForm, refused: Problem) -> None:
    """Put an operation's refusal next to its fields, else at the top of the page."""
    form.add_errors(refused.errors)
    if not refused.errors:
        flash(refused.description or "Enregistrement refusé.", "error")


def _refused_write(
    refused: RefusedWrite, assessment: Assessment
) -> ResponseReturnValue:
    """Record the refusal (T07), then show the assessment as it is, with why."""
    persist_refusal(refused.record)
    db.session.refresh(assessment)
    flash(refused.description or "Évaluation verrouillée.", "error")
    return _assessment_page(assessment, stored_form(assessment)), HTTPStatus.CONFLICT


def _to_class(assessment: Assessment) -> Response:
    return redirect(
        url_for(
            "web.teaching_class",
            cohort_id=assessment.cohort_id,
            subject_id=assessment.subject_id,
        )
    )


def _form_page(cohort: Cohort, subject: Subject, form: AssessmentForm) -> str:
    return render_template(
        "web/trainer/assessment_new.html",
        cohort=cohort,
        subject=subject,
        form=form,
        periods=cohort.periods,
        kinds=KIND_LABELS,
    )


def _assessment_page(
    assessment: Assessment, form: AssessmentForm, reason_error: str | None = None
) -> str:
    lock = last_lock(assessment)
    return render_template(
        "web/trainer/assessment.html",
        assessment=assessment,
        cohort=assessment.cohort,
        subject=assessment.subject,
        form=form,
        periods=assessment.cohort.periods,
        kinds=KIND_LABELS,
        locked_by=lock.by if lock else None,
        locked_at=_paris(lock.at) if lock else None,
        published_at=_paris(assessment.published_at),
        reason_error=reason_error,
        rows=grid_rows(assessment),
    )


def _paris(moment: datetime | None) -> str | None:
    """« 14/10/2025 à 09h30 », the centre's time."""
    if moment is None:
        return None
    return moment.astimezone(PARIS).strftime("%d/%m/%Y à %Hh%M")
