"""The access rules cover every route; each role gets what its rule promises.

The inventory walks ``app.url_map``: it fails on any route without a rule, so
an endpoint cannot ship unclassified (reliability D11, T01). The table then calls
every operation of the administration resources as each role and checks the status:
403 when the role is refused, 404 when the row is out of the caller's reach.
"""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.access.guard import EXTENSION_KEY
from service.access.rules import AccessRules
from service.api import assignments, cohorts, students, subjects, tutors, users
from tests.service.api.admin_calls import CALLS, AnyId, Call, row_ids
from tests.service.api.admin_helpers import problem, set_password, snapshot
from tests.service.api.conftest import World

ADMIN_MODULES = (users, cohorts, students, subjects, assignments, tutors)
ROLES = ("student", "tutor", "trainer", "director")


def routes_without_rule(app: Flask) -> list[str]:
    """Return the endpoints of routes (API, pages, static) that have no access rule."""
    rules = app.extensions[EXTENSION_KEY]
    assert isinstance(rules, AccessRules)
    return sorted(
        {
            route.endpoint
            for route in app.url_map.iter_rules()
            if rules.get(route.endpoint) is None
        }
    )


def test_every_route_of_the_app_has_an_access_rule(app: Flask) -> None:
    api_routes = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/")]
    assert len(api_routes) > 30
    assert {"web.home", "web.login", "health.healthz", "static"} <= {
        r.endpoint for r in app.url_map.iter_rules()
    }
    assert routes_without_rule(app) == []


@pytest.mark.own_app  # adds a route
def test_a_page_without_a_rule_is_refused_too(app: Flask, client: FlaskClient) -> None:
    app.add_url_rule("/secret-page", "secret_page", lambda: "secret")
    assert routes_without_rule(app) == ["secret_page"]
    response = client.get("/secret-page")
    assert response.status_code == 403
    assert b"secret" not in response.data


@pytest.mark.own_app  # adds a route
def test_a_route_without_a_rule_is_caught_and_refused(
    app: Flask, client: FlaskClient
) -> None:
    app.add_url_rule("/api/v1/unlisted", "unlisted", lambda: "secret")
    assert routes_without_rule(app) == ["unlisted"]
    response = client.get("/api/v1/unlisted")
    assert problem(response, 403)["detail"] == "Cette route n'a pas de règle d'accès."


def test_the_table_calls_every_administration_operation(app: Flask) -> None:
    endpoints = {endpoint for module in ADMIN_MODULES for endpoint in module.RULES}
    assert {call.endpoint for call in CALLS} == endpoints
    adapter = app.url_map.bind("localhost")
    for call in CALLS:
        path = "/api/v1" + call.path.format_map(AnyId())
        assert adapter.match(path, call.method)[0] == call.endpoint


@pytest.mark.parametrize("call", CALLS, ids=[f"{c.method} {c.path}" for c in CALLS])
def test_each_role_gets_the_status_its_rule_promises(
    app: Flask, client: FlaskClient, world: World, call: Call
) -> None:
    ids = row_ids(app, world)
    callers = {
        "student": world.alice,
        "tutor": world.tutor,
        "trainer": world.trainer_a,
        "director": world.director,
    }
    if call.endpoint == "users.change_my_password":
        for user_id in callers.values():
            set_password(app, user_id)
    path = "/api/v1" + call.path.format_map(ids)
    body = call.body(ids) if call.body else None
    for role in ROLES:
        before = snapshot(app)
        response = client.open(
            path, method=call.method, json=body, headers=world.headers(callers[role])
        )
        assert response.status_code == call.expected(role), (role, response.get_json())
        if response.status_code >= 400:
            problem(response, call.expected(role))
            assert snapshot(app) == before, role
