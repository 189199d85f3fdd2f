"""The page a one-time reset link opens: its account chooses a new password once."""

from http import HTTPStatus

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from service.access.identity import end_session
from service.access.rules import PUBLIC
from service.extensions import db
from service.operations.password_resets import use_reset_link, valid_reset
from service.passwords import MAX_LENGTH, MIN_LENGTH
from service.web.blueprint import blueprint

RULES = {"web.password_reset": PUBLIC}


@blueprint.route("/mot-de-passe/lien/<secret>", methods=["GET", "POST"])
def password_reset(secret: str) -> ResponseReturnValue:
    """Choose a new password through a valid link (a French 404 otherwise)."""
    reset = valid_reset(secret)
    status = HTTPStatus.OK
    if request.method == "POST":
        new = request.form.get("new_password", "")
        if not MIN_LENGTH <= len(new) <= MAX_LENGTH:
            flash(
                f"Entre {MIN_LENGTH} et {MAX_LENGTH} caractères, s'il vous plaît.",
                "error",
            )
        elif new != request.form.get("confirmation"):
            flash("La confirmation ne correspond pas.", "error")
        else:
            use_reset_link(secret, new)
            db.session.commit()
            end_session(None)
            flash("Mot de passe enregistré : connectez-vous avec le nouveau.", "info")
            return redirect(url_for("web.login"))
        status = HTTPStatus.UNPROCESSABLE_ENTITY
    page = render_template(
        "web/password_reset.html", user=reset.user, min_length=MIN_LENGTH
    )
    return page, status
