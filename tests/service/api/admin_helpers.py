"""Snapshots, problem checks and logins for the administration API tests.

The world's accounts sign in with tokens; ``set_password`` gives one the
factories' PASSWORD for the tests that log in.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.extensions import Base, db
from service.models import User
from service.passwords import hash_password
from tests.service.factories import PASSWORD

__all__ = [
    "ADMIN_TABLES",
    "PASSWORD",
    "account",
    "login",
    "problem",
    "rows",
    "session_copy",
    "set_password",
    "snapshot",
]

ADMIN_TABLES = (
    "users",
    "cohorts",
    "periods",
    "students",
    "subjects",
    "teaching_assignments",
)


def rows(app: Flask, table_name: str) -> list[tuple[Any, ...]]:
    """Return every row of a table, by primary key."""
    table = Base.metadata.tables[table_name]
    with app.app_context():
        statement = select(table).order_by(*table.primary_key.columns)
        return [tuple(row) for row in db.session.execute(statement)]


def snapshot(app: Flask) -> dict[str, list[tuple[Any, ...]]]:
    """Return the rows of every table the administration API writes."""
    return {name: rows(app, name) for name in ADMIN_TABLES}


def problem(response: TestResponse, status: int) -> dict[str, Any]:
    """Check that ``response`` is a problem document of ``status``; return it."""
    body = response.get_json()
    assert response.status_code == status, body
    assert response.mimetype == "application/problem+json"
    assert body["status"] == status
    assert body["detail"]
    return dict(body)


def set_password(app: Flask, user_id: int, password: str = PASSWORD) -> None:
    """Give an account a known password."""
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        user.password_hash = hash_password(password)
        db.session.commit()


def account(app: Flask, user_id: int) -> User:
    """Return an account, detached, as stored now."""
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        db.session.expunge(user)
        return user


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> str:
    """Log ``client`` in; return the session's CSRF token."""
    response = client.post(
        "/api/v1/auth/login", json={"email": email, "password": password}
    )
    assert response.status_code == 200, response.get_json()
    return str(response.get_json()["csrf_token"])


def session_copy(app: Flask, client: FlaskClient) -> FlaskClient:
    """Return a second client carrying a copy of ``client``'s session cookie."""
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    assert cookie is not None
    other = app.test_client()
    other.set_cookie(name, cookie.value)
    return other
