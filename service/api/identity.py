"""Who is calling: a personal API token (``Authorization: Bearer``) or a session.

Tokens are stored as their SHA-256 only; a token is refused once expired or revoked,
or when its user is inactive. A session carries the user id and the user's
``session_epoch``; logout, a password change or deactivation bumps the epoch, which
kills every copy of the cookie (reliability D1).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import request, session
from sqlalchemy import select

from service.extensions import db
from service.models import ApiToken, User

TOKEN_PREFIX = "carnet_"
SESSION_USER = "user_id"
SESSION_EPOCH = "epoch"
SESSION_CSRF = "csrf"
#: last_used_at is written at most this often, so reads stay reads.
LAST_USED_GRANULARITY = timedelta(minutes=5)


def hash_token(token: str) -> str:
    """Return the hex SHA-256 under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """Return a fresh random token (shown once to its owner)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def bearer_token() -> str | None:
    """Return the bearer token of the request, if any."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def user_from_token(token: str, now: datetime) -> User | None:
    """Return the active user owning a valid token, noting when it was used."""
    row = db.session.scalar(
        select(ApiToken).where(ApiToken.token_hash == hash_token(token))
    )
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if not row.user.active:
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_GRANULARITY:
        row.last_used_at = now
    return row.user


def user_from_session() -> User | None:
    """Return the active user of the browser session when its epoch is current."""
    user_id = session.get(SESSION_USER)
    if not isinstance(user_id, int):
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return None
    if session.get(SESSION_EPOCH) != user.session_epoch:
        return None
    return user


def start_session(user: User) -> None:
    """Log ``user`` in on this browser (a fresh session and CSRF token)."""
    session.clear()
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
