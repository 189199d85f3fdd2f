"""Uniqueness checked by the operations, with the database as the last word."""

from __future__ import annotations

from http import HTTPStatus

from sqlalchemy.exc import IntegrityError

from service.extensions import db
from service.problems import Problem


def conflict(field: str | None, detail: str) -> Problem:
    """The answer for a value another row already holds."""
    return Problem(
        HTTPStatus.CONFLICT, detail, errors={field: [detail]} if field else None
    )


def flush_unique(field: str | None, detail: str) -> None:
    """Flush; a concurrent writer that took the value first gets a 409, never a 500."""
    try:
        db.session.flush()
    except IntegrityError as error:
        raise conflict(field, detail) from error
