"""Who is logged in: the signed cookie holds a user id and that user's epoch (D1).

Pages and the API share one session (``service.api.identity``): same keys, login
and CSRF token.
"""

import hmac
from collections.abc import Callable
from functools import wraps
from logging import WARNING
from typing import ParamSpec, TypeVar

from flask import abort, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from service.api.identity import SESSION_CSRF, user_from_session
from service.events import log_event
from service.models import Role, User, utc_now

P = ParamSpec("P")
R = TypeVar("R")


def load_user() -> None:
    """Set ``g.user`` from a live session (D1 epoch, T11 timeouts), else None."""
    g.user = user_from_session(utc_now())


def current_user() -> User:
    """The logged-in user (views behind ``login_required`` only)."""
    user = g.get("user")
    if not isinstance(user, User):
        abort(401)
    return user


def login_required(
    *roles: Role,
) -> Callable[[Callable[P, R]], Callable[P, R | Response]]:
    """Send anonymous visitors to the login page; refuse other roles with 403."""

    def decorator(view: Callable[P, R]) -> Callable[P, R | Response]:
        @wraps(view)
        def wrapped(*args: P.args, **kwargs: P.kwargs) -> R | Response:
            user = g.get("user")
            if user is None:
                return redirect(url_for("web.login", next=request.full_path))
            if roles and user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def check_csrf() -> None:
    """Refuse a form POST whose token does not match the session's (400)."""
    if request.method != "POST":
        return
    sent = request.form.get("csrf_token", "")
    expected = session.get(SESSION_CSRF, "")
    if not expected or not hmac.compare_digest(sent, expected):
        log_event("access.csrf_refused", level=WARNING, path=request.path)
        abort(400, "Formulaire expiré : rechargez la page et recommencez.")
