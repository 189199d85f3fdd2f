"""Login, logout and password change pages."""

import math
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from service.access.identity import client_address, end_session, start_session
from service.access.rules import ANY_ACCOUNT, PUBLIC
from service.extensions import db
from service.models import utc_now
from service.operations import users as accounts
from service.operations.login import authenticate
from service.passwords import MAX_LENGTH, MIN_LENGTH
from service.problems import Problem
from service.throttle import TooManyAttemptsError
from service.web.blueprint import blueprint
from service.web.session import current_user, login_required

RULES = {
    "web.login": PUBLIC,
    "web.logout": ANY_ACCOUNT,
    "web.change_password": ANY_ACCOUNT,
}


@blueprint.route("/connexion", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Show the login form; log the user in on a correct password."""
    if request.method == "GET":
        return render_template("web/login.html")
    email = request.form.get("email", "").strip().lower()
    try:
        user = authenticate(email, request.form.get("password", ""), client_address())
    except TooManyAttemptsError as refused:
        minutes = math.ceil(refused.retry_after / 60)
        flash(f"Trop de tentatives : réessayez dans {minutes} min.", "error")
        page = render_template("web/login.html", email=email)
        return page, 429, {"Retry-After": str(refused.retry_after)}
    if user is None:
        flash("Adresse e-mail ou mot de passe incorrect.", "error")
        return render_template("web/login.html", email=email), 401
    db.session.commit()
    start_session(user, utc_now())
    return redirect(_safe_next(request.args.get("next")))


@blueprint.post("/deconnexion")
@login_required()
def logout() -> Response:
    """End every session of the user, then show the login page."""
    end_session(current_user())
    db.session.commit()
    flash("Vous êtes déconnecté·e.", "info")
    return redirect(url_for("web.login"))


@blueprint.route("/compte/mot-de-passe", methods=["GET", "POST"])
@login_required()
def change_password() -> ResponseReturnValue:
    """Change one's password; every other session ends (D1)."""
    if request.method == "GET":
        return render_template("web/password.html")
    user = current_user()
    new = request.form.get("new_password", "")
    if not MIN_LENGTH <= len(new) <= MAX_LENGTH:
        flash(
            f"Entre {MIN_LENGTH} et {MAX_LENGTH} caractères, s'il vous plaît.", "error"
        )
    elif new != request.form.get("confirmation"):
        flash("La confirmation ne correspond pas.", "error")
    else:
        try:
            accounts.change_password(
                user, request.form.get("current_password", ""), new
            )
        except Problem as refused:
            flash(refused.description or "", "error")
        else:
            db.session.commit()
            start_session(user, utc_now())
            flash("Mot de passe modifié. Vos autres sessions ont été fermées.", "info")
            return redirect(url_for("web.home"))
    return render_template("web/password.html"), 422


def _safe_next(target: str | None) -> str:
    # Only same-site paths: never redirect to another host after login.
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("web.home")
