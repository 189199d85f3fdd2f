"""The one error module: every failure answers in French, in the caller's format.

Under ``/api/`` an error is RFC 9457 ``application/problem+json``: ``type``,
``title``, ``status``, ``detail`` and, for bad values, ``errors`` by field
(``"score"``, ``"grades.3.score"``). Elsewhere it is a French page
(``web/error.html``) with the same detail. Nothing ever answers a trace: unexpected
exceptions are logged under an incident reference, which the answer gives.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, Response, current_app, json, render_template, request
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.http import HTTP_STATUS_CODES

from service.database import is_lock_contention
from service.error_messages import STATUS_DETAILS, french_detail, french_messages
from service.extensions import db
from service.problems import Problem

PROBLEM_MIMETYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://carnet.invalid/problems/"
RETRY_AFTER_SECONDS = 1
INTERNAL_ERROR = "Erreur interne : l'incident {incident} est enregistré."


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


def handle_http_exception(error: HTTPException) -> Response:
    """Answer an HTTP error: a problem under /api/, a French page elsewhere."""
    status = error.code or 500
    if not request.path.startswith("/api/"):
        response = error_page(status, french_detail(error))
    else:
        errors = _errors_of(error)
        if not isinstance(error, Problem):  # the libraries' messages are in English
            errors = french_messages(errors)
        slug = getattr(error, "slug", None) or ""
        response = problem_response(status, french_detail(error), errors, slug)
    data = getattr(error, "data", None) or {}
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    for key, value in error.get_headers():
        if key in {"Allow", "Retry-After", "WWW-Authenticate"}:
            response.headers[key] = value
    return response


def error_page(status: int, detail: str, incident: str | None = None) -> Response:
    """Render the French error page for a status (it needs no database)."""
    page = render_template(
        "web/error.html", status=status, detail=detail, incident=incident
    )
    return Response(page, status=status, mimetype="text/html")


def handle_unexpected(error: Exception) -> Response:
    """Log an unexpected exception under an incident reference; answer a bare 500
    that gives the reference, never a trace (T20)."""
    incident = secrets.token_hex(6)
    current_app.logger.exception(
        "Incident %s: unhandled exception on %s", incident, request.path
    )
    if request.path.startswith("/api/"):
        return problem_response(500, INTERNAL_ERROR.format(incident=incident))
    return error_page(500, STATUS_DETAILS[500], incident)


def handle_database_error(error: DBAPIError) -> Response:
    """Answer a lock wait that ran out with 503 and Retry-After; other errors 500."""
    if not is_lock_contention(error):
        return handle_unexpected(error)
    current_app.logger.warning("Lock wait ran out on %s: %s", request.path, error.orig)
    db.session.rollback()
    return handle_http_exception(ServiceUnavailable(retry_after=RETRY_AFTER_SECONDS))


def register_problem_handlers(app: Flask) -> None:
    """Install the error handlers (API problems and French pages) on the app."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected)
