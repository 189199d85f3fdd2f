"""T18: every response carries the security headers: pages, API, errors, static."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.security import HEADERS

#: (path, expected status): a page, a redirect, errors, the API, static files.
RESPONSES = [
    ("/connexion", 200),
    ("/", 302),
    ("/no-such-page", 404),
    ("/api/v1/no-such-thing", 404),
    ("/api/v1/me", 401),
    ("/api/docs", 200),
    ("/api/openapi.json", 200),
    ("/healthz", 200),
    ("/static/carnet.css", 200),
    ("/static/swagger-init.js", 200),
]


@pytest.mark.parametrize(("path", "status"), RESPONSES)
def test_every_response_has_the_security_headers(
    client: FlaskClient, path: str, status: int
) -> None:
    with client.get(path) as response:  # static files stream: close them
        assert response.status_code == status
        headers = response.headers
    for name, value in HEADERS.items():
        assert headers.get(name) == value, name
    policy = headers["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    cached = headers.get("Cache-Control")
    assert (cached == "no-store") != path.startswith("/static/")


def test_a_server_error_has_them_too(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setitem(app.view_functions, "health.healthz", broken)
    response = client.get("/healthz")
    assert response.status_code == 500
    assert "boom" not in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
