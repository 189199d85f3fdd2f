"""One error shape for the whole API: RFC 9457 ``application/problem+json``.

Every failure under ``/api/`` answers ``type``, ``title``, ``status``, ``detail`` and,
for bad values, ``errors``: messages by field (``"score"``, ``"grades.3.score"``).
Web pages keep Flask's HTML errors. Nothing ever answers a trace: unexpected
exceptions are logged and become a bare 500 problem.
"""

from __future__ import annotations

import secrets
from typing import Any

import marshmallow as ma
from flask import Flask, Response, current_app, json, render_template, request
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.http import HTTP_STATUS_CODES

from service.api.messages import STATUS_DETAILS, french_detail, french_messages
from service.database import is_lock_contention
from service.extensions import db

PROBLEM_MIMETYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://carnet.invalid/problems/"
RETRY_AFTER_SECONDS = "1"
INTERNAL_ERROR = "Erreur interne : l'incident {incident} est enregistré."


class ProblemSchema(ma.Schema):
    """The problem document, for the OpenAPI description of every error response."""

    type = ma.fields.String(metadata={"description": "URI naming the kind of problem"})
    title = ma.fields.String(metadata={"description": "Short summary (HTTP phrase)"})
    status = ma.fields.Integer(metadata={"description": "HTTP status code"})
    detail = ma.fields.String(metadata={"description": "What went wrong, for people"})
    errors = ma.fields.Dict(
        metadata={"description": "Messages by field, for 422 answers"},
    )


class Problem(HTTPException):
    """An API failure with a status, a detail and optional errors by field."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        errors: dict[str, Any] | None = None,
        slug: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(description=detail)
        self.code = status
        self.errors = errors
        self.slug = slug
        #: Read by the problem handler, like webargs' own errors.
        self.data = {"headers": headers or {}}


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-").replace("'", "")


def problem_response(
    status: int, detail: str, errors: dict[str, Any] | None = None, slug: str = ""
) -> Response:
    """Build the problem+json response for a status and its detail."""
    name = HTTP_STATUS_CODES.get(status, "Unknown Error")
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or _slug(name)),
        "title": name,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)


def _errors_of(error: HTTPException) -> dict[str, Any] | None:
    if isinstance(error, Problem):
        return error.errors
    data = getattr(error, "data", None) or {}
    messages = data.get("errors") or data.get("messages")
    if isinstance(messages, dict) and len(messages) == 1:
        # webargs nests messages under the location ("json", "query"): drop that level.
        (inner,) = messages.values()
        if isinstance(inner, dict):
            return inner
    return messages if isinstance(messages, dict) else None


def handle_http_exception(error: HTTPException) -> Response | HTTPException:
    """Answer an HTTP error as a problem under /api/, as Flask does elsewhere."""
    if not request.path.startswith("/api/"):
        return error
    status = error.code or 500
    errors = _errors_of(error)
    if not isinstance(error, Problem):  # the libraries' messages are in English
        errors = french_messages(errors)
    response = problem_response(
        status, french_detail(error), errors, getattr(error, "slug", None) or ""
    )
    data = getattr(error, "data", None) or {}
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    if status == 405 and (allowed := error.get_headers()):
        response.headers.update({k: v for k, v in allowed if k == "Allow"})
    return response


def handle_unexpected(error: Exception) -> Response:
    """Log an unexpected exception under an incident reference; answer a bare 500
    that gives the reference, never a trace (T20)."""
    incident = secrets.token_hex(6)
    current_app.logger.exception(
        "Incident %s: unhandled exception on %s", incident, request.path
    )
    if request.path.startswith("/api/"):
        return problem_response(500, INTERNAL_ERROR.format(incident=incident))
    page = render_template("web/error.html", incident=incident)
    return Response(page, status=500, mimetype="text/html")


def handle_database_error(error: DBAPIError) -> Response | HTTPException:
    """Answer a lock wait that ran out with 503 and Retry-After; other errors 500."""
    if not is_lock_contention(error):
        return handle_unexpected(error)
    current_app.logger.warning("Lock wait ran out on %s: %s", request.path, error.orig)
    db.session.rollback()
    if request.path.startswith("/api/"):
        response = problem_response(503, STATUS_DETAILS[503])
        response.headers["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    return ServiceUnavailable(retry_after=int(RETRY_AFTER_SECONDS))


def register_problem_handlers(app: Flask) -> None:
    """Install the problem+json handlers on the application."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected)
