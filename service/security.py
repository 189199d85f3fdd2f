"""Security headers on every response (T18): pages, API, errors and static files.

The content security policy allows this origin's scripts and styles only (the
API documentation's start-up script is a static file, not inline), no plugins,
no <base>, no framing. Everything but static files is ``no-store``: grades,
exports and pages must not stay in a shared cache.
"""

from __future__ import annotations

from flask import Flask, Response, request

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


def install_security_headers(app: Flask) -> None:
    """Add the headers to every response of ``app``."""
    app.after_request(add_security_headers)
