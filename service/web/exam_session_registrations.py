"""A session's registrations: add a cohort's students at once, edit, withdraw.

Adding is all or nothing: if the regulation refuses one student, none is
registered. A registration's benefits and dispenses are read unit by unit
(``exam_session_registration_form``); the engine checks them and warns of benefits
expiring before the jury (R4, R5, R6). Each request commits once.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.wrappers import Response

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.extensions import db
from service.models import (
    CandidateCategory,
    Cohort,
    ExamSession,
    Registration,
    SessionState,
    Student,
)
from service.operations import registrations as operations
from service.operations.regulations import session_regulation
from service.operations.sessions import (
    registration_or_404,
    registrations_by_name,
    session_or_404,
)
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.exam_session_registration_form import (
    FORM_LABELS,
    ORIGIN_LABELS,
    RegistrationForm,
    read_form,
    stored_form,
)
from service.web.exam_session_steps import run_step
from service.web.exam_sessions import ONE, show_refusal

RULES = {
    "web.exam_registrations": DIRECTOR_ONLY,
    "web.add_exam_registrations": DIRECTOR_ONLY,
    "web.exam_registration": DIRECTOR_ONLY,
    "web.remove_exam_registration": DIRECTOR_ONLY,
}

REGISTRATION = "/sessions/inscriptions/<int:registration_id>"
#: The candidate categories as the pages name them (R1).
CATEGORY_LABELS = {
    CandidateCategory.CFA_HABILITE: "CFA habilité (CCF)",
    CandidateCategory.CFA_NON_HABILITE: "CFA non habilité",
    CandidateCategory.DISTANCE: "Enseignement à distance",
    CandidateCategory.EXPERIENCE: "Expérience professionnelle",
    CandidateCategory.CONTINUING_EDUCATION: "Formation continue",
}


@blueprint.get(f"{ONE}/inscriptions")
def exam_registrations(session_id: int) -> ResponseReturnValue:
    """The candidates, and the students of a cohort (``?cohorte=``) to add."""
    session = session_or_404(session_id)
    return _list_page(session, request.args.get("cohorte", type=int))


@blueprint.post(f"{ONE}/inscriptions")
def add_exam_registrations(session_id: int) -> ResponseReturnValue:
    """Register the students ticked, all or none."""
    caller = current_caller()
    session = session_or_404(session_id)
    ids = request.form.getlist("etudiant", type=int)
    if not ids:
        flash("Cochez au moins un·e apprenti·e à inscrire.", "error")
        return _list_page(session, request.form.get("cohorte", type=int)), 422
    students = db.session.scalars(select(Student).where(Student.id.in_(ids))).all()
    if len(students) != len(set(ids)):
        raise not_found("Apprenti·e")
    registered = 0
    for student in sorted(students, key=lambda row: row.full_name):
        try:
            operations.register(session, student, {}, caller.user.id)
        except Problem as refused:
            show_refusal(refused)
            flash(f"{student.full_name} : aucun candidat n'est inscrit.", "error")
            return redirect(url_for("web.exam_registrations", session_id=session_id))
        registered += 1
    db.session.commit()
    ending = "s" if registered > 1 else ""
    flash(f"{registered} candidat{ending} inscrit{ending}.", "info")
    return redirect(url_for("web.exam_registrations", session_id=session_id))


@blueprint.route(REGISTRATION, methods=["GET", "POST"])
def exam_registration(registration_id: int) -> ResponseReturnValue:
    """A registration's form, kept benefits and dispenses; save them."""
    registration = registration_or_404(registration_id)
    units = _units(registration.session)
    if request.method == "GET":
        return _page(registration, stored_form(registration, units))
    form = read_form(request.form, units)
    if not form.errors:
        try:
            registered = operations.update_registration(
                registration, form.values(), current_caller().user.id
            )
        except Problem as refused:
            show_refusal(refused)
            form.add_refusal(refused.errors, refused.description or "Refusé.")
        else:
            db.session.commit()
            flash(
                f"Inscription de {registration.student.full_name} enregistrée.", "info"
            )
            for notice in registered.warnings:
                flash(f"Attention : {notice.message}", "error")
            return _to_list(registration.session_id)
    return _page(registration_or_404(registration_id), form), 422


@blueprint.post(f"{REGISTRATION}/retirer")
def remove_exam_registration(registration_id: int) -> ResponseReturnValue:
    """Withdraw a candidate who has no exam grade and no result yet."""
    registration = registration_or_404(registration_id)
    name = registration.student.full_name
    return run_step(
        lambda: operations.delete_registration(registration, current_caller().user.id),
        lambda _: f"{name} n'est plus inscrit·e à cette session.",
        _to_list(registration.session_id),
    )


def _to_list(session_id: int) -> Response:
    return redirect(url_for("web.exam_registrations", session_id=session_id))


def _units(session: ExamSession) -> list[str]:
    """The units a benefit or a dispense may name: the regulation's, not optional."""
    regulation = session_regulation(session)
    return [code for code, unit in regulation.units.items() if unit.mandatory]


def _list_page(session: ExamSession, cohort_id: int | None) -> str:
    rows = registrations_by_name(session)
    cohorts = db.session.scalars(
        select(Cohort)
        .where(Cohort.regulation_id == session.regulation_id)
        .order_by(Cohort.exam_session_year.desc(), Cohort.name)
    ).all()
    chosen = next((c for c in cohorts if c.id == cohort_id), None)
    if chosen is None:
        chosen = next((c for c in cohorts if c.exam_session_year == session.year), None)
    return render_template(
        "web/sessions/registrations.html",
        session=session,
        rows=[(row, operations.warnings_of(row)) for row in rows],
        open=session.state is SessionState.OPEN,
        cohorts=cohorts,
        chosen=chosen,
        candidates=_not_registered(session, chosen),
        categories=CATEGORY_LABELS,
        forms=FORM_LABELS,
    )


def _not_registered(session: ExamSession, cohort: Cohort | None) -> list[Student]:
    if cohort is None:
        return []
    registered = select(Registration.student_id).where(
        Registration.session_id == session.id
    )
    return list(
        db.session.scalars(
            select(Student)
            .where(
                Student.cohort_id == cohort.id,
                Student.erased_at.is_(None),
                Student.id.not_in(registered),
            )
            .order_by(Student.last_name, Student.first_name)
        )
    )


def _page(registration: Registration, form: RegistrationForm) -> str:
    return render_template(
        "web/sessions/registration.html",
        registration=registration,
        session=registration.session,
        student=registration.student,
        form=form,
        open=registration.session.state is SessionState.OPEN,
        category=CATEGORY_LABELS[registration.student.candidate_category],
        forms=FORM_LABELS,
        origins=ORIGIN_LABELS,
        warnings=operations.warnings_of(registration) if not form.errors else (),
    )
