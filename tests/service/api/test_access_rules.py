"""The access rules cover every API route; each role gets what its rule promises.

The inventory walks ``app.url_map``: it fails on any /api/ route without a rule, so
an endpoint cannot ship unclassified (reliability D11, T01). The table then calls
every operation of the administration resources as each role and checks the status:
403 when the role is refused, 404 when the row is out of the caller's reach.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.api import assignments, cohorts, students, subjects, users
from service.api.access import AccessRules
from service.api.guard import EXTENSION_KEY
from service.extensions import db
from service.models import TeachingAssignment
from tests.service.api.admin_helpers import PASSWORD, problem, set_password, snapshot
from tests.service.api.conftest import World

ADMIN_MODULES = (users, cohorts, students, subjects, assignments)
ROLES = ("student", "trainer", "director")


def routes_without_rule(app: Flask) -> list[str]:
    """Return the endpoints of /api/ routes that have no access rule."""
    rules = app.extensions[EXTENSION_KEY]
    assert isinstance(rules, AccessRules)
    return sorted(
        {
            route.endpoint
            for route in app.url_map.iter_rules()
            if route.rule.startswith("/api/") and rules.get(route.endpoint) is None
        }
    )


def test_every_api_route_has_an_access_rule(app: Flask) -> None:
    api_routes = [r for r in app.url_map.iter_rules() if r.rule.startswith("/api/")]
    assert len(api_routes) > 30
    assert routes_without_rule(app) == []


def test_a_route_without_a_rule_is_caught_and_refused(
    app: Flask, client: FlaskClient
) -> None:
    app.add_url_rule("/api/v1/unlisted", "unlisted", lambda: "secret")
    assert routes_without_rule(app) == ["unlisted"]
    response = client.get("/api/v1/unlisted")
    assert problem(response, 403)["detail"] == "Cette route n'a pas de règle d'accès."


@dataclass(frozen=True)
class Call:
    """One operation called on one row, and the status expected per role."""

    endpoint: str
    method: str
    #: Formatted with the ids of ``row_ids``.
    path: str
    student: int
    trainer: int
    director: int
    body: Callable[[dict[str, int]], dict[str, Any]] | None = None

    def expected(self, role: str) -> int:
        """Return the status ``role`` must get."""
        return int(getattr(self, role))


def new_student(ids: dict[str, int]) -> dict[str, Any]:
    """A valid new student of cohort A."""
    return {
        "student_number": "E900",
        "cohort_id": ids["cohort_a"],
        "last_name": "Nouvel",
        "first_name": "Élève",
    }


def new_assignment(ids: dict[str, int]) -> dict[str, Any]:
    """A valid new assignment: trainer B teaches CEJM to cohort A."""
    return {
        "trainer_id": ids["trainer_b"],
        "cohort_id": ids["cohort_a"],
        "subject_id": ids["subject_cejm"],
    }


PERIODS = {
    "periods": [
        {"code": "S1", "starts_on": "2026-09-01", "ends_on": "2027-01-31"},
        {"code": "S2", "starts_on": "2027-02-01", "ends_on": "2027-06-30"},
    ]
}
NEW_USER = {
    "email": "nouvelle@carnet.test",
    "display_name": "Nouvelle",
    "role": "trainer",
    "password": "douze caractères",
}
NEW_COHORT = {"name": "NDRC 2028", "start_year": 2028, "exam_session_year": 2030}
NEW_SUBJECT = {"code": "LV2", "name": "Langue vivante 2", "hours_per_year": 36}

CALLS = [
    Call("users.list_users", "GET", "/users", 403, 403, 200),
    Call("users.create_user", "POST", "/users", 403, 403, 201, lambda _: NEW_USER),
    Call("users.get_user", "GET", "/users/{trainer_b}", 403, 403, 200),
    Call(
        "users.update_user",
        "PATCH",
        "/users/{trainer_b}",
        403,
        403,
        200,
        lambda _: {"display_name": "B."},
    ),
    Call(
        "users.reset_password",
        "PUT",
        "/users/{trainer_b}/password",
        403,
        403,
        204,
        lambda _: {"password": "un nouveau secret"},
    ),
    Call(
        "users.change_my_password",
        "PUT",
        "/me/password",
        204,
        204,
        204,
        lambda _: {"current_password": PASSWORD, "new_password": "un autre secret"},
    ),
    Call("cohorts.list_cohorts", "GET", "/cohorts", 200, 200, 200),
    Call(
        "cohorts.create_cohort", "POST", "/cohorts", 403, 403, 201, lambda _: NEW_COHORT
    ),
    Call("cohorts.get_cohort", "GET", "/cohorts/{cohort_a}", 200, 200, 200),
    Call("cohorts.get_cohort", "GET", "/cohorts/{cohort_b}", 404, 404, 200),
    Call(
        "cohorts.update_cohort",
        "PATCH",
        "/cohorts/{cohort_b}",
        403,
        403,
        200,
        lambda _: {"name": "NDRC B"},
    ),
    Call("cohorts.list_periods", "GET", "/cohorts/{cohort_a}/periods", 200, 200, 200),
    Call("cohorts.list_periods", "GET", "/cohorts/{cohort_b}/periods", 404, 404, 200),
    Call(
        "cohorts.replace_periods",
        "PUT",
        "/cohorts/{cohort_b}/periods",
        403,
        403,
        200,
        lambda _: PERIODS,
    ),
    Call("students.list_students", "GET", "/students", 200, 200, 200),
    Call("students.create_student", "POST", "/students", 403, 403, 201, new_student),
    Call("students.get_student", "GET", "/students/{student_alice}", 200, 200, 200),
    Call("students.get_student", "GET", "/students/{student_bruno}", 404, 200, 200),
    Call("students.get_student", "GET", "/students/{student_chloe}", 404, 404, 200),
    Call(
        "students.update_student",
        "PATCH",
        "/students/{student_alice}",
        403,
        403,
        200,
        lambda _: {"employer": "Boulangerie Martin"},
    ),
    Call("subjects.list_subjects", "GET", "/subjects", 200, 200, 200),
    Call("subjects.get_subject", "GET", "/subjects/{subject_cejm}", 200, 200, 200),
    Call(
        "subjects.create_subject",
        "POST",
        "/subjects",
        403,
        403,
        201,
        lambda _: NEW_SUBJECT,
    ),
    Call(
        "subjects.update_subject",
        "PATCH",
        "/subjects/{subject_cejm}",
        403,
        403,
        200,
        lambda _: {"hours_per_year": 90},
    ),
    Call("assignments.list_assignments", "GET", "/assignments", 403, 200, 200),
    Call(
        "assignments.create_assignment",
        "POST",
        "/assignments",
        403,
        403,
        201,
        new_assignment,
    ),
    Call(
        "assignments.delete_assignment",
        "DELETE",
        "/assignments/{assignment_b}",
        403,
        403,
        204,
    ),
]


class AnyId(dict[str, int]):
    """Every id is 1: enough to match a path against the URL map."""

    def __missing__(self, key: str) -> int:
        return 1


def row_ids(app: Flask, world: World) -> dict[str, int]:
    """Return the ids the table's paths and bodies refer to."""
    with app.app_context():
        assignment_b = db.session.scalar(
            select(TeachingAssignment.id).where(
                TeachingAssignment.trainer_id == world.trainer_b
            )
        )
    assert assignment_b is not None
    return {
        "trainer_b": world.trainer_b,
        "cohort_a": world.cohort_a,
        "cohort_b": world.cohort_b,
        "subject_cejm": world.subjects["CEJM"],
        "assignment_b": assignment_b,
    } | {f"student_{name}": id_ for name, id_ in world.student_ids.items()}


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
