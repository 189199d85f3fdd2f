"""The director's tutors page: company tutors' accounts and the apprentices each
follows (published data only, R7); create a tutor, link, unlink.

The rules are ``service.operations.users`` and ``tutors``'; the page reads forms.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.wrappers import Response

from service.access.rules import DIRECTOR_ONLY
from service.extensions import db
from service.models import Role, Student, TutorLink, User
from service.operations.tutors import link_tutor, unlink_tutor
from service.operations.users import NewUser, create_user
from service.passwords import MAX_LENGTH, MIN_LENGTH
from service.web.blueprint import blueprint
from service.web.people_forms import (
    INVALID,
    PageForm,
    read_form,
    student_or_404,
    user_or_404,
)

RULES = {
    "web.admin_tutors": DIRECTOR_ONLY,
    "web.admin_new_tutor": DIRECTOR_ONLY,
    "web.admin_link_tutor": DIRECTOR_ONLY,
    "web.admin_unlink_tutor": DIRECTOR_ONLY,
}

TUTORS = "/administration/tuteurs"
NEW_FIELDS = ("display_name", "email", "password", "student_id")


@blueprint.get(TUTORS)
def admin_tutors() -> ResponseReturnValue:
    """The tutors and the apprentices they follow, and both forms."""
    return _page(PageForm(), PageForm(prefix="lien"))


@blueprint.post(TUTORS)
def admin_new_tutor() -> ResponseReturnValue:
    """Create a tutor's account, linked to an apprentice when one is chosen."""
    form = read_form(*NEW_FIELDS)
    form.typed["password"] = request.form.get("password", "")
    name = form.require("display_name", "Nom affiché")
    email = form.require("email", "Adresse e-mail")
    if email and "@" not in email:
        form.errors["email"] = "Adresse e-mail : une adresse valide (nom@domaine)."
    if not MIN_LENGTH <= len(form.typed["password"]) <= MAX_LENGTH:
        form.errors["password"] = (
            f"Mot de passe initial : entre {MIN_LENGTH} et {MAX_LENGTH} caractères."
        )
    student = _student(form)
    if not form.errors:

        def create() -> User:
            tutor = create_user(
                NewUser(email, name, Role.TUTOR, form.typed["password"])
            )
            if student is not None:
                link_tutor(tutor, student)
            return tutor

        saved = form.save(
            create,
            "email",
            lambda tutor: f"Compte de tuteur de {tutor.display_name} créé.",
            lambda _: redirect(url_for("web.admin_tutors")),
        )
        if saved is not None:
            return saved
    return _page(form, PageForm(prefix="lien")), INVALID


@blueprint.post(f"{TUTORS}/liens")
def admin_link_tutor() -> ResponseReturnValue:
    """Let a tutor follow one more apprentice."""
    form = read_form("tutor_id", "student_id")
    form.prefix = "lien"
    tutor_id = form.typed["tutor_id"]
    tutor = None
    if tutor_id.isdigit() and len(tutor_id) < 10:
        tutor = db.session.get(User, int(tutor_id))
    if tutor is None:
        form.errors["tutor_id"] = "Tuteur : choisissez dans la liste."
    student = _student(form)
    if student is None and "student_id" not in form.errors:
        form.errors["student_id"] = "Apprenti : choisissez dans la liste."
    if not form.errors and tutor is not None and student is not None:
        saved = form.save(
            lambda: link_tutor(tutor, student),
            "student_id",
            lambda _: f"{tutor.display_name} suit désormais {student.full_name}.",
            lambda _: redirect(url_for("web.admin_tutors")),
        )
        if saved is not None:
            return saved
    return _page(PageForm(), form), INVALID


@blueprint.post(f"{TUTORS}/<int:tutor_id>/apprentis/<int:student_id>/retrait")
def admin_unlink_tutor(tutor_id: int, student_id: int) -> Response:
    """Stop a tutor following an apprentice."""
    tutor, student = user_or_404(tutor_id), student_or_404(student_id)
    if unlink_tutor(tutor, student):
        db.session.commit()
        flash(f"{tutor.display_name} ne suit plus {student.full_name}.", "info")
    return redirect(url_for("web.admin_tutors"))


def _student(form: PageForm) -> Student | None:
    typed = form.typed["student_id"]
    if not typed:
        return None
    student = None
    if typed.isdigit() and len(typed) < 10:
        student = db.session.get(Student, int(typed))
    if student is None:
        form.errors["student_id"] = "Apprenti : choisissez dans la liste."
    return student


def _page(new: PageForm, link: PageForm) -> str:
    tutors = db.session.scalars(
        select(User).where(User.role == Role.TUTOR).order_by(User.display_name)
    ).all()
    links: dict[int, list[Student]] = {}
    rows = db.session.execute(
        select(TutorLink.tutor_id, Student)
        .join(Student, Student.id == TutorLink.student_id)
        .order_by(Student.last_name, Student.first_name)
    )
    for tutor_id, student in rows:
        links.setdefault(tutor_id, []).append(student)
    students = db.session.scalars(
        select(Student)
        .where(Student.erased_at.is_(None))
        .order_by(Student.last_name, Student.first_name)
    )
    return render_template(
        "web/director/people/tutors.html",
        tutors=tutors,
        links=links,
        new=new,
        link=link,
        tutor_choices=[(str(t.id), t.display_name) for t in tutors if t.active],
        student_choices=[(str(s.id), s.full_name) for s in students],
        min_length=MIN_LENGTH,
    )
