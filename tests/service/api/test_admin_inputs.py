"""Write bodies of the administration API accept their own fields only (T06)."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.service.api.admin_calls import CALLS, Call, row_ids
from tests.service.api.admin_helpers import problem, set_password, snapshot
from tests.service.api.conftest import World

#: Fields a caller might try to set on a row it writes.
SMUGGLED = {"id": 1, "version": 7, "created_by": 1, "locked": True, "session_epoch": 0}
WRITES = [call for call in CALLS if call.body is not None]


@pytest.mark.parametrize("call", WRITES, ids=[f"{c.method} {c.path}" for c in WRITES])
def test_unknown_fields_are_refused_and_change_nothing(
    app: Flask, client: FlaskClient, world: World, call: Call
) -> None:
    set_password(app, world.director)
    ids = row_ids(app, world)
    assert call.body is not None
    body = call.body(ids) | SMUGGLED
    before = snapshot(app)
    response = client.open(
        "/api/v1" + call.path.format_map(ids),
        method=call.method,
        json=body,
        headers=world.headers(world.director),
    )
    assert set(problem(response, 422)["errors"]) == set(SMUGGLED)
    assert snapshot(app) == before
