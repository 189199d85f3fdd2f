"""One-time password reset links: made by the director, used once by the account.

There is no mail server: the director is shown the link once and passes it on.
Only the SHA-256 of its secret is stored; it expires after
``PASSWORD_RESET_LIFETIME`` and dies when used, when a newer link is made for the
same account, or when the account is deactivated.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from http import HTTPStatus

from flask import current_app
from sqlalchemy import delete, select, update

from service.extensions import db
from service.models import PasswordReset, User, utc_now
from service.operations.users import reset_password
from service.problems import Problem

INVALID_LINK = (
    "Ce lien n'est plus valable (déjà utilisé, expiré ou remplacé) : "
    "demandez-en un nouveau à la direction."
)


@dataclass(frozen=True, slots=True)
class ResetLink:
    """A link just made: its secret (shown once) and its stored row."""

    secret: str
    reset: PasswordReset


def lifetime() -> timedelta:
    """How long a link works (a timedelta, or seconds from the environment)."""
    value = current_app.config["PASSWORD_RESET_LIFETIME"]
    return value if isinstance(value, timedelta) else timedelta(seconds=float(value))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def make_reset_link(user: User, actor: User) -> ResetLink:
    """Make a new link for an active ``user``; their older links stop working."""
    if not user.active:
        raise Problem(
            HTTPStatus.CONFLICT,
            "Ce compte est désactivé : réactivez-le avant de réinitialiser "
            "son mot de passe.",
        )
    db.session.execute(
        delete(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None)
        )
    )
    secret = secrets.token_urlsafe(32)
    now = utc_now()
    reset = PasswordReset(
        user_id=user.id,
        token_hash=_digest(secret),
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + lifetime(),
    )
    db.session.add(reset)
    db.session.flush()
    return ResetLink(secret, reset)


def valid_reset(secret: str) -> PasswordReset:
    """The unused, unexpired link of an active account, or 404 in French."""
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == _digest(secret))
    )
    if (
        reset is None
        or reset.used_at is not None
        or reset.expires_at <= utc_now()
        or not reset.user.active
    ):
        raise Problem(HTTPStatus.NOT_FOUND, INVALID_LINK)
    return reset


def use_reset_link(secret: str, password: str) -> User:
    """Set the account's new password through its link, which then dies (D1:
    the account's sessions end)."""
    reset = valid_reset(secret)
    # Used once even by two requests at the same time: the UPDATE decides.
    claimed = db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.id == reset.id, PasswordReset.used_at.is_(None))
        .values(used_at=utc_now())
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise Problem(HTTPStatus.NOT_FOUND, INVALID_LINK)
    reset_password(reset.user, password)
    db.session.flush()
    return reset.user
