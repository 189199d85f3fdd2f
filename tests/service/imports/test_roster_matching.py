"""Roster rows matched by name alone (issue 10): shown so, never erasing an e-mail."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.extensions import db
from service.models import ImportPayload, Student
from service.operations.imports.roster import NAME_MATCH, OTHER_EMAIL
from tests.service.api.conftest import World
from tests.service.imports.conftest import upload

EMAIL = "zoe.lefevre@cfa.test"


@pytest.fixture
def zoe(app: Flask, world: World) -> int:
    """Bruno renamed Zoé Lefèvre (NFC), with an e-mail and no birth date."""
    with app.app_context():
        student = db.session.get(Student, world.student_ids["bruno"])
        assert student is not None
        student.last_name, student.first_name, student.email = "Lefèvre", "Zoé", EMAIL
        db.session.commit()
        return student.id


def _roster(client: FlaskClient, world: World, lines: list[str]) -> dict[str, Any]:
    text = unicodedata.normalize("NFD", "\r\n".join(lines))  # typed on a Mac
    cohort = str(world.cohort_a)
    sent = upload(
        client,
        world.headers(world.director),
        text.encode(),
        "c.csv",
        kind="roster",
        cohort_id=cohort,
    )
    body: dict[str, Any] = sent.get_json()
    return body


def _stored(app: Flask, batch_id: int) -> dict[str, Any]:
    with app.app_context():
        payload = db.session.get(ImportPayload, batch_id)
        assert payload is not None
        preview: dict[str, Any] = payload.preview
        return preview


def test_a_row_matched_by_name_alone_is_shown_so_and_keeps_the_email(
    app: Flask, client: FlaskClient, world: World, zoe: int
) -> None:
    body = _roster(client, world, ["Nom;Prénom;Courriel", "Lefèvre;Zoé;"])
    assert body["state"] == "previewed"
    [row] = _stored(app, body["id"])["first_rows"]
    assert (row["student_id"], row["matched_by"], row["match"]) == (
        zoe,
        "name",
        NAME_MATCH,
    )
    assert row["state"] == "unchanged"
    [answered] = body["preview"]["first_rows"]
    assert (answered["matched_by"], answered["match"]) == ("name", NAME_MATCH)
    committed = client.post(
        f"/api/v1/imports/{body['id']}/commit", headers=world.headers(world.director)
    )
    assert committed.status_code == 200
    with app.app_context():
        student = db.session.get(Student, zoe)
        assert student is not None
        assert (student.email, student.last_name) == (EMAIL, "Lefèvre")


def test_a_row_matched_by_name_never_replaces_the_students_email(
    app: Flask, client: FlaskClient, world: World, zoe: int
) -> None:
    lines = ["Nom;Prénom;Courriel", "Martin;Alice;", "Lefèvre;Zoé;zoe@autre.test"]
    body = _roster(client, world, lines)
    assert body["state"] == "failed"
    assert body["preview"]["errors"] == [
        {
            "sheet": "c.csv",
            "cell": "C3",
            "message": OTHER_EMAIL.format(
                who="Zoé Lefèvre", stored=EMAIL, given="zoe@autre.test"
            ),
        }
    ]
    with app.app_context():
        student = db.session.get(Student, zoe)
        assert student is not None
        assert student.email == EMAIL


def test_a_row_matched_by_its_email_is_not_marked_as_a_name_match(
    app: Flask, client: FlaskClient, world: World, zoe: int
) -> None:
    body = _roster(client, world, ["Nom;Prénom;Courriel", f"Lefèvre;Zoé;{EMAIL}"])
    [row] = _stored(app, body["id"])["first_rows"]
    assert (row["student_id"], row["matched_by"]) == (zoe, "email")
    assert "match" not in row
