"""The director's teaching assignments page: who teaches which subject to which
cohort; add one, end one (the trainer's grades stay, their access ends).

The rules (an active trainer, each assignment once) are
``service.operations.teaching``'; the page reads the form.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import contains_eager
from werkzeug.wrappers import Response

from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.extensions import db
from service.models import Cohort, Role, Subject, TeachingAssignment, User
from service.operations.teaching import (
    NewAssignment,
    create_assignment,
    delete_assignment,
)
from service.web.blueprint import blueprint
from service.web.people_forms import INVALID, PageForm, cohort_choices, read_form

RULES = {
    "web.admin_assignments": DIRECTOR_ONLY,
    "web.admin_new_assignment": DIRECTOR_ONLY,
    "web.admin_end_assignment": DIRECTOR_ONLY,
}

ASSIGNMENTS = "/administration/affectations"
FIELDS = {
    "trainer_id": "Formateur·rice",
    "cohort_id": "Classe",
    "subject_id": "Matière",
}


@blueprint.get(ASSIGNMENTS)
def admin_assignments() -> ResponseReturnValue:
    """Every assignment by cohort, subject and trainer, and the form of a new one."""
    return _page(PageForm())


@blueprint.post(ASSIGNMENTS)
def admin_new_assignment() -> ResponseReturnValue:
    """Put a trainer in charge of a subject in a cohort."""
    form = read_form(*FIELDS)
    ids = {name: form.typed[name] for name in FIELDS}
    for name, label in FIELDS.items():
        if not ids[name].isdigit() or len(ids[name]) > 9:
            form.errors[name] = f"{label} : choisissez dans la liste."
    if not form.errors:
        saved = form.save(
            lambda: create_assignment(
                NewAssignment(**{k: int(v) for k, v in ids.items()})
            ),
            "trainer_id",
            lambda _: "Affectation ajoutée.",
            lambda _: redirect(url_for("web.admin_assignments")),
        )
        if saved is not None:
            return saved
    return _page(form), INVALID


@blueprint.post(f"{ASSIGNMENTS}/<int:assignment_id>/fin")
def admin_end_assignment(assignment_id: int) -> Response:
    """End an assignment."""
    assignment = db.session.get(TeachingAssignment, assignment_id)
    if assignment is None:
        raise not_found("Affectation")
    delete_assignment(assignment)
    db.session.commit()
    flash("Affectation retirée : les notes saisies restent.", "info")
    return redirect(url_for("web.admin_assignments"))


def _page(form: PageForm) -> str:
    assignments = db.session.scalars(
        select(TeachingAssignment)
        .join(Cohort, Cohort.id == TeachingAssignment.cohort_id)
        .join(Subject, Subject.id == TeachingAssignment.subject_id)
        .join(User, User.id == TeachingAssignment.trainer_id)
        .options(
            contains_eager(TeachingAssignment.cohort),
            contains_eager(TeachingAssignment.subject),
            contains_eager(TeachingAssignment.trainer),
        )
        .order_by(Cohort.name, Subject.position, User.display_name)
    ).all()
    trainers = db.session.execute(
        select(User.id, User.display_name)
        .where(User.role == Role.TRAINER, User.active.is_(True))
        .order_by(User.display_name)
    )
    subjects = db.session.execute(
        select(Subject.id, Subject.code, Subject.name).order_by(Subject.position)
    )
    return render_template(
        "web/director/people/assignments.html",
        assignments=assignments,
        form=form,
        trainers=[(str(i), name) for i, name in trainers],
        cohorts=cohort_choices(),
        subjects=[(str(i), f"{code} — {name}") for i, code, name in subjects],
    )
