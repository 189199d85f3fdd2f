"""Status codes and bounds the OpenAPI document promises (issue 10): PATCH without a
body, X-Pagination as documented, a subject's position, a simulation's jury date.
(A rejected upload's 422 with its batch: tests/service/imports/test_rejected_files.py.)
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.service.api.admin_helpers import problem, snapshot
from tests.service.api.conftest import World

SIMULATION = {"session": {"year": 2026}, "units": {"U1": {"grade": 12}}}


@pytest.mark.parametrize(
    "path",
    ["/api/v1/users/{user}", "/api/v1/subjects/{subject}", "/api/v1/cohorts/{cohort}"],
)
def test_a_patch_without_a_body_answers_422_and_changes_nothing(
    app: Flask, client: FlaskClient, world: World, path: str
) -> None:
    url = path.format(
        user=world.trainer_a, subject=world.subjects["RCNV"], cohort=world.cohort_a
    )
    before = snapshot(app)
    response = client.patch(url, headers=world.headers(world.director))
    body = problem(response, 422)
    assert body["detail"].startswith("Corps JSON manquant")
    assert snapshot(app) == before


def _documented_pagination(client: FlaskClient) -> dict[str, Any]:
    document = client.get("/api/openapi.json").get_json()
    header = document["components"]["headers"]["PAGINATION"]
    reference = header["content"]["application/json"]["schema"]["$ref"]
    schema: dict[str, Any] = document["components"]["schemas"][reference.split("/")[-1]]
    return schema


@pytest.mark.parametrize(
    "query", ["page=1&page_size=2", "page=2&page_size=4", "page=9"]
)
def test_x_pagination_is_the_json_object_its_schema_documents(
    client: FlaskClient, world: World, query: str
) -> None:
    schema = _documented_pagination(client)
    response = client.get(
        f"/api/v1/users?{query}", headers=world.headers(world.director)
    )
    assert response.status_code == 200
    metadata = json.loads(response.headers["X-Pagination"])
    assert metadata["total"] == 7
    assert schema["additionalProperties"] is False
    for name, value in metadata.items():
        assert schema["properties"][name]["type"] == "integer"
        assert isinstance(value, int)


def test_a_subject_added_after_the_last_position_stays_within_the_bound(
    client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    subjects = "/api/v1/subjects"
    last = {"code": "DER", "name": "Dernière", "hours_per_year": 10, "position": 1000}
    assert client.post(subjects, json=last, headers=headers).status_code == 201
    added = client.post(
        subjects,
        json={"code": "APR", "name": "Après", "hours_per_year": 10},
        headers=headers,
    )
    assert (added.status_code, added.get_json()["position"]) == (201, 1000)
    too_far = client.patch(
        f"/api/v1/subjects/{added.get_json()['id']}",
        json={"position": 1001},
        headers=headers,
    )
    assert list(problem(too_far, 422)["errors"]) == ["position"]


@pytest.mark.parametrize(
    ("jury_date", "status"),
    [("2026-07-03", 200), ("2025-07-03", 422), ("2027-01-15", 422)],
)
def test_a_simulations_jury_date_falls_in_its_sessions_year(
    client: FlaskClient, world: World, jury_date: str, status: int
) -> None:
    body = SIMULATION | {"session": {"year": 2026, "jury_date": jury_date}}
    response = client.post(
        "/api/v1/simulations", json=body, headers=world.headers(world.alice)
    )
    assert response.status_code == status
    if status == 422:
        assert list(response.get_json()["errors"]) == ["session.jury_date"]
