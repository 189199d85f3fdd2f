"""Moodle exports through the API: every format Moodle writes, grades on another
maximum rescaled exactly once the trainer gives it, the mapping remembered."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.extensions import db
from service.models import Student
from tests.importers.moodle_samples import (
    EPOCH,
    FIXTURE_HEADERS,
    moodle_csv,
    moodle_ods,
    moodle_xlsx,
)
from tests.service.api.conftest import World
from tests.service.imports.conftest import grade_rows, upload

ITEM = "Assignment: Assignment for grape group"


def _fixture(alice: str, bruno: str) -> list[list[str]]:
    """Moodle's test fixture layout, for Alice and Bruno of cohort A."""
    return [
        FIXTURE_HEADERS,
        ["Alice", "Martin", "", "CFA", "", "alice@cfa.test", alice, "", alice, EPOCH],
        ["Bruno", "Petit", "", "CFA", "", "bruno@cfa.test", bruno, "", bruno, EPOCH],
    ]


@pytest.fixture
def emails(app: Flask, world: World) -> None:
    """Give Alice and Bruno the addresses Moodle knows them by."""
    with app.app_context():
        for name in ("alice", "bruno"):
            student = db.session.get(Student, world.student_ids[name])
            assert student is not None
            student.email = f"{name}@cfa.test"
        db.session.commit()


def _send(
    client: FlaskClient, world: World, data: bytes, name: str, **fields: str
) -> dict[str, Any]:
    response = upload(
        client, world.headers(world.trainer_a), data, name, kind="moodle", **fields
    )
    body: dict[str, Any] = response.get_json()
    assert response.status_code == (422 if body["state"] == "failed" else 201), body
    return body


@pytest.mark.usefixtures("emails")
@pytest.mark.parametrize(
    "written",
    [(moodle_csv, "Notes.csv"), (moodle_xlsx, "Notes.xlsx"), (moodle_ods, "Notes.ods")],
    ids=["text", "xlsx", "ods"],
)
def test_moodles_fixture_on_100_is_rescaled_to_20_in_every_format(
    app: Flask,
    client: FlaskClient,
    world: World,
    assessment: int,
    written: tuple[Any, str],
) -> None:
    writer, name = written
    items = json.dumps({ITEM: assessment})
    data = writer(_fixture("56.00", "75.50"))
    body = _send(client, world, data, name, items=items, moodle_max="100")
    preview = body["preview"]
    assert preview["errors"] == []
    assert preview["source_max"] == "100"
    shown = [(r["cell"], r["source_score"], r["score"]) for r in preview["first_rows"]]
    assert shown == [("G2", "56.00", "11.20"), ("G3", "75.50", "15.10")]
    headers = world.headers(world.trainer_a)
    committed = client.post(f"/api/v1/imports/{body['id']}/commit", headers=headers)
    assert committed.status_code == 200, committed.get_json()
    assert [row[2] for row in grade_rows(app)] == [Decimal("11.20"), Decimal("15.10")]


@pytest.mark.usefixtures("emails")
def test_a_grade_that_does_not_rescale_to_hundredths_or_tops_moodles_maximum(
    client: FlaskClient, world: World, assessment: int
) -> None:
    items = json.dumps({ITEM: assessment})
    data = moodle_csv(_fixture("56.51", "101"))
    body = _send(client, world, data, "C1 Notes.csv", items=items, moodle_max="100")
    assert body["state"] == "failed"
    assert [(e["cell"], e["message"]) for e in body["preview"]["errors"]] == [
        (
            "G2",
            "56,51 sur 100 donne 11,302… sur 20, qui n'est pas un nombre exact de "
            "centièmes : une note importée n'est jamais arrondie. Corrigez la note "
            "dans Moodle, ou mettez l'évaluation « Prospection » sur 100.",
        ),
        ("G3", "La note 101 dépasse la note maximale Moodle indiquée (100)."),
    ]


@pytest.mark.usefixtures("emails")
@pytest.mark.parametrize("maximum", ["0", "-5", "cent", "1001"])
def test_a_wrong_moodle_maximum_is_refused_naming_the_field(
    client: FlaskClient, world: World, assessment: int, maximum: str
) -> None:
    items = json.dumps({ITEM: assessment})
    response = upload(
        client,
        world.headers(world.trainer_a),
        moodle_csv(_fixture("56", "75")),
        "n.csv",
        kind="moodle",
        items=items,
        moodle_max=maximum,
    )
    assert response.status_code == 422
    (message,) = response.get_json()["errors"]["moodle_max"]
    assert message.startswith("Note maximale Moodle invalide")


@pytest.mark.usefixtures("emails")
def test_the_mapping_and_maximum_are_remembered_for_the_same_items(
    client: FlaskClient, world: World, assessment: int
) -> None:
    items = json.dumps({ITEM: assessment})
    first = moodle_csv(_fixture("50", "60"))
    _send(client, world, first, "n.csv", items=items, moodle_max="100,0")
    again = _send(client, world, moodle_xlsx(_fixture("40", "80")), "n.xlsx")
    preview = again["preview"]
    assert preview["source_max"] == "100.0"
    assert [r["score"] for r in preview["first_rows"]] == ["8.00", "16.00"]
    # Another trainer has no memory of it.
    other = upload(
        client, world.headers(world.trainer_b), first, "n.csv", kind="moodle"
    )
    assert other.status_code == 422
