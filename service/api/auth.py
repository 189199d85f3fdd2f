"""Who am I, and my personal API tokens (created, listed, revoked by their owner)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from http import HTTPStatus
from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint
from sqlalchemy import select

from service.access.guard import current_caller
from service.access.identity import (
    TOKEN_PREFIX,
    client_address,
    csrf_token,
    end_session,
    hash_token,
    new_token,
    start_session,
)
from service.access.rules import ANY_ACCOUNT, PUBLIC
from service.extensions import db
from service.models import ApiToken, Role, utc_now
from service.operations.login import authenticate
from service.problems import Problem
from service.throttle import TooManyAttemptsError

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Compte et jetons")

TOO_MANY_ATTEMPTS = "Trop de tentatives de connexion : réessayez dans {minutes} min."

RULES = {
    "auth.login": PUBLIC,
    "auth.logout": ANY_ACCOUNT,
    "auth.me": ANY_ACCOUNT,
    "auth.list_tokens": ANY_ACCOUNT,
    "auth.create_token": ANY_ACCOUNT,
    "auth.revoke_token": ANY_ACCOUNT,
}

MAX_TOKEN_DAYS = 365
ISSUED_FIELDS = ("id", "name", "prefix", "created_at", "expires_at")


class MeSchema(ma.Schema):
    """The authenticated account."""

    id = ma.fields.Integer()
    email = ma.fields.String()
    display_name = ma.fields.String()
    role = ma.fields.Enum(Role, by_value=True)


class LoginSchema(ma.Schema):
    """E-mail and password of a browser login."""

    email = ma.fields.Email(required=True, load_only=True)
    password = ma.fields.String(
        required=True, load_only=True, validate=ma.validate.Length(1, 200)
    )


class SessionSchema(MeSchema):
    """The account logged in, with the CSRF token its browser writes must send."""

    csrf_token = ma.fields.String(
        metadata={"description": "Send it back in the X-CSRF-Token header"}
    )


class TokenSchema(ma.Schema):
    """A personal API token as listed (never the secret)."""

    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(required=True, validate=ma.validate.Length(1, 100))
    prefix = ma.fields.String(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    expires_at = ma.fields.DateTime(dump_only=True)
    revoked_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    last_used_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    expires_in_days = ma.fields.Integer(
        load_only=True,
        load_default=90,
        validate=ma.validate.Range(1, MAX_TOKEN_DAYS),
    )


class NewTokenSchema(TokenSchema):
    """A token just created: the only time its secret is shown."""

    token = ma.fields.String(dump_only=True)


@blp.post("/auth/login")
@blp.arguments(LoginSchema)
@blp.response(200, SessionSchema)
def login(data: dict[str, str]) -> Any:
    """Open a browser session (cookie); scripts should prefer a personal token."""
    try:
        user = authenticate(data["email"], data["password"], client_address())
    except TooManyAttemptsError as refused:
        raise Problem(
            HTTPStatus.TOO_MANY_REQUESTS,
            TOO_MANY_ATTEMPTS.format(minutes=math.ceil(refused.retry_after / 60)),
            headers={"Retry-After": str(refused.retry_after)},
        ) from None
    if user is None:
        raise Problem(
            HTTPStatus.UNAUTHORIZED, "Adresse e-mail ou mot de passe incorrect."
        )
    start_session(user, utc_now())
    db.session.commit()
    return {
        "id": user.id,
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "csrf_token": csrf_token(),
    }


@blp.post("/auth/logout")
@blp.response(204)
def logout() -> None:
    """Close every session of this account (the epoch moves on, D1)."""
    end_session(current_caller().user)
    db.session.commit()


@blp.get("/me")
@blp.response(200, MeSchema)
def me() -> Any:
    """Return the account behind this request."""
    return current_caller().user


@blp.get("/tokens")
@blp.response(200, TokenSchema(many=True))
def list_tokens() -> Any:
    """List my API tokens, newest first."""
    user = current_caller().user
    return db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
    ).all()


@blp.post("/tokens")
@blp.arguments(TokenSchema)
@blp.response(201, NewTokenSchema)
def create_token(data: dict[str, Any]) -> Any:
    """Create a personal API token; its secret is in this answer only."""
    secret = new_token()
    row = ApiToken(
        user_id=current_caller().user.id,
        name=data["name"],
        prefix=secret[: len(TOKEN_PREFIX) + 4],
        token_hash=hash_token(secret),
        expires_at=_expiry(utc_now(), data["expires_in_days"]),
    )
    db.session.add(row)
    db.session.commit()
    db.session.refresh(row)
    return {column: getattr(row, column) for column in ISSUED_FIELDS} | {
        "token": secret
    }


@blp.delete("/tokens/<int:token_id>")
@blp.response(204)
def revoke_token(token_id: int) -> None:
    """Revoke one of my tokens; it stops working at once."""
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != current_caller().user.id:
        raise Problem(HTTPStatus.NOT_FOUND, "Jeton introuvable.")
    if row.revoked_at is None:
        row.revoked_at = utc_now()
        db.session.commit()


def _expiry(now: datetime, days: int) -> datetime:
    return now + timedelta(days=days)
