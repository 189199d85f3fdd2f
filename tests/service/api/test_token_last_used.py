"""A token's last use is recorded at most every few minutes, so reads stay reads."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from service.access.identity import LAST_USED_GRANULARITY
from service.extensions import db
from service.models import ApiToken
from tests.service.api.conftest import World


def _last_used(app: Flask, user_id: int) -> datetime | None:
    with app.app_context():
        return db.session.scalar(
            select(ApiToken.last_used_at).where(ApiToken.user_id == user_id)
        )


def _me(client: FlaskClient, world: World) -> None:
    response = client.get("/api/v1/me", headers=world.headers(world.alice))
    assert response.status_code == 200
    assert response.get_json()["id"] == world.alice


def test_reads_note_the_tokens_use_once_per_granularity(
    app: Flask, client: FlaskClient, world: World
) -> None:
    _me(client, world)
    first = _last_used(app, world.alice)
    assert first is not None
    _me(client, world)
    assert _last_used(app, world.alice) == first  # no write on the next reads
    earlier = first - LAST_USED_GRANULARITY - timedelta(seconds=1)
    with app.app_context():
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == world.alice)
            .values(last_used_at=earlier)
        )
        db.session.commit()
    _me(client, world)
    latest = _last_used(app, world.alice)
    assert latest is not None
    assert latest > first  # noted again once the granularity has passed
