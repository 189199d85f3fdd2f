"""Checking a login: throttled (T12), the same cost for an unknown account (T14),
outdated password hashes upgraded (D2). Shared by the API and the web pages.
"""

from __future__ import annotations

from logging import WARNING

from sqlalchemy import select

from service.events import log_event
from service.extensions import db
from service.models import User
from service.passwords import check_password, dummy_hash
from service.throttle import TooManyAttemptsError, login_throttle


def authenticate(email: str, password: str, address: str) -> User | None:
    """Return the active account whose password this is, else None.

    Raises ``TooManyAttemptsError`` before any password check once a limit is passed.
    """
    email = email.strip().lower()
    throttle = login_throttle()
    try:
        throttle.attempt(email, address)
    except TooManyAttemptsError:
        log_event("login.throttled", level=WARNING, email=email, address=address)
        raise
    user = _verified(email, password)
    if user is None:
        log_event("login.failure", level=WARNING, email=email, address=address)
        return None
    throttle.succeeded(email, address)
    log_event("login.success", user=user.id, address=address)
    return user


def _verified(email: str, password: str) -> User | None:
    user = db.session.scalar(select(User).where(User.email == email))
    if user is None:
        check_password(dummy_hash(), password)  # same cost: no account enumeration
        return None
    verified, new_hash = check_password(user.password_hash, password)
    if not verified or not user.active:
        return None
    if new_hash:
        user.password_hash = new_hash
    return user
