"""The director's accounts page: list, create, change a name or role, deactivate
and reactivate, and a one-time link to choose a new password (there is no mail server).

Every rule is ``service.operations.users`` and ``password_resets``; the page reads
the form and shows refusals in French. Each request commits once.
"""

from __future__ import annotations

from datetime import timedelta

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.extensions import db
from service.models import Role, User
from service.operations import users as accounts
from service.operations.password_resets import lifetime, make_reset_link
from service.passwords import MAX_LENGTH, MIN_LENGTH
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.people_forms import INVALID, PageForm, read_form, user_or_404

RULES = {
    "web.admin_users": DIRECTOR_ONLY,
    "web.admin_new_user": DIRECTOR_ONLY,
    "web.admin_user_activation": DIRECTOR_ONLY,
    "web.admin_reset_link": DIRECTOR_ONLY,
    "web.admin_user": DIRECTOR_ONLY,
}

USERS = "/administration/comptes"
ROLE_LABELS = {
    Role.DIRECTOR: "Direction",
    Role.TRAINER: "Formateur·rice",
    Role.STUDENT: "Apprenti·e",
    Role.TUTOR: "Tuteur·rice",
}
FIELDS = ("email", "display_name", "role", "password")
NAME_LENGTH = 200


@blueprint.get(USERS)
def admin_users() -> ResponseReturnValue:
    """The accounts, filtered by role or part of the name, and the new account form."""
    return _page(PageForm({"role": Role.TRAINER.value}))


@blueprint.post(USERS)
def admin_new_user() -> ResponseReturnValue:
    """Create an account with its initial password."""
    form = read_form(*FIELDS)
    form.typed["password"] = request.form.get("password", "")
    new = _read_new_user(form)
    if new is not None:
        saved = form.save(
            lambda: accounts.create_user(new),
            "email",
            lambda user: f"Compte de {user.display_name} créé ({user.email}).",
            lambda _: redirect(url_for("web.admin_users")),
        )
        if saved is not None:
            return saved
    return _page(form), INVALID


@blueprint.route(f"{USERS}/<int:user_id>", methods=["GET", "POST"])
def admin_user(user_id: int) -> ResponseReturnValue:
    """Change an account's name or role (``update_user`` keeps a role rows rely on)."""
    user = user_or_404(user_id)
    if request.method == "GET":
        typed = {"display_name": user.display_name, "role": user.role.value}
        return _account_page(user, PageForm(typed))
    form = read_form("display_name", "role")
    changes = _read_changes(form)
    if changes is not None:
        saved = form.save(
            lambda: accounts.update_user(user, changes, current_caller().user),
            "role",
            lambda _: f"Compte de {user.display_name} modifié.",
            lambda _: redirect(url_for("web.admin_users")),
        )
        if saved is not None:
            return saved
    return _account_page(user, form), INVALID


@blueprint.post(f"{USERS}/<int:user_id>/activation")
def admin_user_activation(user_id: int) -> Response:
    """Deactivate an account (its sessions and tokens end) or reactivate it."""
    user = user_or_404(user_id)
    active = request.form.get("active") == "1"
    try:
        accounts.update_user(user, {"active": active}, current_caller().user)
    except Problem as refused:
        db.session.rollback()
        flash(refused.description or "Opération refusée.", "error")
    else:
        db.session.commit()
        done = "réactivé" if active else "désactivé : ses sessions sont fermées"
        flash(f"Compte de {user.display_name} {done}.", "info")
    return redirect(url_for("web.admin_users"))


@blueprint.post(f"{USERS}/<int:user_id>/lien-mot-de-passe")
def admin_reset_link(user_id: int) -> ResponseReturnValue:
    """Make a one-time link to choose a new password, shown once to the director."""
    user = user_or_404(user_id)
    try:
        link = make_reset_link(user, current_caller().user)
    except Problem as refused:
        db.session.rollback()
        flash(refused.description or "Opération refusée.", "error")
        return redirect(url_for("web.admin_users"))
    db.session.commit()
    url = url_for("web.password_reset", secret=link.secret, _external=True)
    return render_template(
        "web/director/people/reset_link.html",
        user=user,
        url=url,
        duration=_duration(lifetime()),
    )


def _duration(span: timedelta) -> str:
    """« 24 h », « 1 h 30 » or « 10 min »."""
    minutes = int(span.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


def _read_new_user(form: PageForm) -> accounts.NewUser | None:
    email = form.require("email", "Adresse e-mail")
    if email and ("@" not in email or len(email) > 254):
        form.errors["email"] = "Adresse e-mail : une adresse valide (nom@domaine)."
    name = form.require("display_name", "Nom affiché")
    if len(name) > NAME_LENGTH:
        form.errors["display_name"] = f"Nom affiché : {NAME_LENGTH} caractères au plus."
    role = _role(form)
    password = form.typed["password"]
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        form.errors["password"] = (
            f"Mot de passe initial : entre {MIN_LENGTH} et {MAX_LENGTH} caractères."
        )
    if form.errors or role is None:
        return None
    return accounts.NewUser(email, name, role, password)


def _read_changes(form: PageForm) -> dict[str, object] | None:
    name = form.require("display_name", "Nom affiché")
    if len(name) > NAME_LENGTH:
        form.errors["display_name"] = f"Nom affiché : {NAME_LENGTH} caractères au plus."
    role = _role(form)
    if form.errors or role is None:
        return None
    return {"display_name": name, "role": role}


def _role(form: PageForm) -> Role | None:
    role = next((r for r in Role if r.value == form.typed["role"]), None)
    if role is None:
        form.errors["role"] = "Rôle : choisissez dans la liste."
    return role


def _account_page(user: User, form: PageForm) -> str:
    return render_template(
        "web/director/people/user.html",
        user=user,
        form=form,
        role_choices=[(r.value, label) for r, label in ROLE_LABELS.items()],
        me=current_caller().user.id,
    )


def _page(form: PageForm) -> str:
    role = next((r for r in Role if r.value == request.args.get("role")), None)
    query = request.args.get("q", "").strip()[:100]
    users = db.session.scalars(accounts.user_list(role=role, q=query or None)).all()
    return render_template(
        "web/director/people/users.html",
        users=users,
        form=form,
        role_labels=ROLE_LABELS,
        role_choices=[(r.value, label) for r, label in ROLE_LABELS.items()],
        filter_role=role.value if role else "",
        query=query,
        min_length=MIN_LENGTH,
        me=current_caller().user.id,
    )
