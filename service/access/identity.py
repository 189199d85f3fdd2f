"""Who is calling: a personal API token (``Authorization: Bearer``) or a session.

Tokens are stored as their SHA-256 only; a token is refused once expired or revoked,
or when its user is inactive. A session carries the user id and the user's
``session_epoch``; logout, a password change or deactivation bumps the epoch, which
kills every copy of the cookie (reliability D1). A session also ends after
``SESSION_IDLE_TIMEOUT`` without a request and ``PERMANENT_SESSION_LIFETIME`` after
its login, however active (T11: 30 minutes and 8 hours by default).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app, request, session
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from service.extensions import db
from service.models import ApiToken, User

TOKEN_PREFIX = "carnet_"
SESSION_USER = "user_id"
SESSION_EPOCH = "epoch"
SESSION_CSRF = "csrf"
SESSION_STARTED = "started"
SESSION_SEEN = "seen"
#: last_used_at is written at most this often, so reads stay reads.
LAST_USED_GRANULARITY = timedelta(minutes=5)


def hash_token(token: str) -> str:
    """Return the hex SHA-256 under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """Return a fresh random token (shown once to its owner)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def client_address() -> str:
    """The caller's address (behind TRUSTED_PROXIES, from X-Forwarded-For)."""
    return request.remote_addr or "unknown"


def bearer_token() -> str | None:
    """Return the bearer token of the request, if any."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def user_from_token(token: str, now: datetime) -> User | None:
    """Return the active user owning a valid token, noting when it was used."""
    row = db.session.scalar(
        select(ApiToken)
        .options(joinedload(ApiToken.user))  # one query for the token and its user
        .where(ApiToken.token_hash == hash_token(token))
    )
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if not row.user.active:
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_GRANULARITY:
        row.last_used_at = now
    return row.user


def user_from_session(now: datetime) -> User | None:
    """Return the active user of a live browser session whose epoch is current.

    A live session is then marked as seen ``now``; any other is cleared.
    """
    user_id = session.get(SESSION_USER)
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if (
        user is None
        or not user.active
        or session.get(SESSION_EPOCH) != user.session_epoch
        or not _within_timeouts(now)
    ):
        session.clear()
        return None
    session[SESSION_SEEN] = now.timestamp()
    return user


def _within_timeouts(now: datetime) -> bool:
    started, seen = session.get(SESSION_STARTED), session.get(SESSION_SEEN)
    if not isinstance(started, float) or not isinstance(seen, float):
        return False
    stamp = now.timestamp()
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    idle = _seconds(current_app.config["SESSION_IDLE_TIMEOUT"])
    return stamp - started <= lifetime and stamp - seen <= idle


def _seconds(value: timedelta | int) -> float:
    """A duration setting: a timedelta, or seconds (from the environment)."""
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def start_session(user: User, now: datetime) -> None:
    """Log ``user`` in on this browser (a fresh session and CSRF token)."""
    session.clear()
    session[SESSION_STARTED] = session[SESSION_SEEN] = now.timestamp()
    session[SESSION_USER] = user.id
    session[SESSION_EPOCH] = user.session_epoch
    session[SESSION_CSRF] = secrets.token_urlsafe(24)
    session.permanent = True


def end_session(user: User | None) -> None:
    """Log out: bump the epoch so every copy of the cookie dies (D1)."""
    if user is not None:
        user.session_epoch += 1
    session.clear()


def csrf_token() -> str:
    """Return the session's CSRF token, creating one when missing."""
    token = session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(24)
        session[SESSION_CSRF] = token
    return token
