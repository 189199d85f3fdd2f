"""The one exception for a refused operation: a ``Problem`` with an HTTP status.

Operations raise it; the error module (``service.errors``) renders it as
``application/problem+json`` under ``/api/`` and as a French page elsewhere, and the
CLI prints its detail. Statuses are ``http.HTTPStatus`` members.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from werkzeug.exceptions import HTTPException

STALE_DETAIL = "Modifié entre-temps par quelqu'un d'autre : relisez puis recommencez."


class Problem(HTTPException):
    """An API failure with a status, a detail and optional errors by field."""

    def __init__(
        self,
        status: HTTPStatus | int,
        detail: str,
        *,
        errors: dict[str, Any] | None = None,
        slug: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(description=detail)
        self.code = int(status)
        self.errors = errors
        self.slug = slug
        #: Read by the problem handler, like webargs' own errors.
        self.data = {"headers": headers or {}}


def stale() -> Problem:
    """The answer when the row changed since the client read it (D6)."""
    return Problem(HTTPStatus.PRECONDITION_FAILED, STALE_DETAIL)
