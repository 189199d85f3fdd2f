"""GET /healthz tells a load balancer whether the database answers."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.app import create_app
from tests.service.conftest import base_config, dispose


def test_healthz_is_ok_when_the_database_answers(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


@pytest.fixture(
    params=[
        "sqlite:///{tmp}/missing-folder/carnet.db",
        "postgresql+psycopg://postgres@127.0.0.1:1/nowhere?connect_timeout=2",
    ],
    ids=["sqlite-missing-folder", "postgresql-refused"],
)
def unreachable_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """An app whose database cannot be reached."""
    app = create_app(base_config(request.param.format(tmp=tmp_path)))
    yield app
    dispose(app)


def test_healthz_is_503_when_the_database_is_unreachable(
    unreachable_app: Flask,
) -> None:
    response = unreachable_app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "error", "database": "unreachable"}
