"""Security headers on every response (T18): pages, API, errors and static files,
and the app's own limit on URLs (414 in French, under gunicorn's request-line limit).

The content security policy allows this origin's scripts and styles only (the
API documentation's start-up script is a static file, not inline), no plugins,
no <base>, no framing. Everything but static files is ``no-store``: grades,
exports and pages must not stay in a shared cache.
"""

from __future__ import annotations

from http import HTTPStatus

from flask import Flask, Response, current_app, request

from service.problems import Problem

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        # Swagger UI sets style attributes; no inline script is allowed anywhere.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
STATIC_PREFIX = "/static/"


def add_security_headers(response: Response) -> Response:
    """Set the security headers, and ``no-store`` outside static files."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if not request.path.startswith(STATIC_PREFIX):
        response.headers["Cache-Control"] = "no-store"
    return response


def refuse_long_urls() -> None:
    """Answer 414 (French, with the headers) to a URL over ``MAX_URL_LENGTH``.

    gunicorn.conf.py lets longer request lines through, so this answer is the app's.
    """
    url = request.environ.get("RAW_URI") or request.full_path
    limit = int(current_app.config["MAX_URL_LENGTH"])
    if len(url) > limit:
        raise Problem(
            HTTPStatus.REQUEST_URI_TOO_LONG,
            f"Adresse trop longue : {limit} caractères au plus.",
        )


def install_security_headers(app: Flask) -> None:
    """Add the headers to every response of ``app``; refuse over-long URLs first,
    before any access check."""
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_long_urls)
    app.after_request(add_security_headers)
