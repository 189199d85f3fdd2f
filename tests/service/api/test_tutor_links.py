"""The director links a company tutor to apprentices; the tutor then reads them (R7)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.service.api.conftest import World


def progress_status(client: FlaskClient, world: World, student: str) -> int:
    """Return what the tutor gets for one apprentice's progress."""
    url = f"/api/v1/students/{world.student_ids[student]}/progress"
    return client.get(url, headers=world.headers(world.tutor)).status_code


def link(client: FlaskClient, world: World, tutor: int, student: str) -> dict[str, Any]:
    """Link as the director and return the answer's body."""
    response = client.post(
        "/api/v1/tutor-links",
        json={"tutor_id": tutor, "student_id": world.student_ids[student]},
        headers=world.headers(world.director),
    )
    return {"status": response.status_code} | (response.get_json() or {})


def test_a_new_link_opens_the_apprentice_and_its_removal_closes_it(
    client: FlaskClient, world: World
) -> None:
    assert progress_status(client, world, "bruno") == 404
    created = link(client, world, world.tutor, "bruno")
    assert created["status"] == 201
    assert created["student_name"] == "PETIT Bruno"
    assert progress_status(client, world, "bruno") == 200
    deleted = client.delete(
        f"/api/v1/tutor-links/{created['id']}", headers=world.headers(world.director)
    )
    assert deleted.status_code == 204
    assert progress_status(client, world, "bruno") == 404
    assert progress_status(client, world, "alice") == 200


def test_only_a_tutor_account_can_follow_an_apprentice(
    client: FlaskClient, world: World
) -> None:
    refused = link(client, world, world.trainer_a, "bruno")
    assert refused["status"] == 422
    assert "tutor_id" in refused["errors"]
    listed = client.get(
        f"/api/v1/tutor-links?tutor_id={world.trainer_a}",
        headers=world.headers(world.director),
    )
    assert listed.get_json() == []


def test_the_same_link_twice_is_a_conflict(client: FlaskClient, world: World) -> None:
    again = link(client, world, world.tutor, "alice")
    assert again["status"] == 409
    assert again["errors"] == {"student_id": ["Ce tuteur suit déjà cet apprenti."]}


def test_a_tutor_never_writes(client: FlaskClient, world: World) -> None:
    response = client.patch(
        f"/api/v1/students/{world.student_ids['alice']}",
        json={"email": "x@example.test"},
        headers=world.headers(world.tutor),
    )
    assert response.status_code == 403
