"""Who is logged in: the signed cookie holds a user id and that user's epoch (D1).

Pages and the API share one session (``service.access.identity``): same keys, login
and CSRF token.
"""

from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

from flask import abort, g, redirect, request, url_for
from werkzeug.wrappers import Response

from service.access.identity import user_from_session
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
