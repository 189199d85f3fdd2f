"""Bad files through the API: rejected with their French message, nothing written."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from importers import safety
from importers.gradebook_sheet import write_gradebook_sheet
from service.extensions import db
from service.models import Assessment, utc_now
from service.operations.imports.gradebook import sheet_of
from service.operations.imports.rows import NOT_IN_CLASS
from tests.service.api.conftest import World
from tests.service.imports.conftest import export, fill, grade_rows, upload

FIXTURES = Path(__file__).parents[2] / "importers" / "fixtures"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("zip_bomb.xlsx", safety.TOO_LARGE_INFLATED.format(limit=20)),
        ("zip_ratio_bomb.xlsx", safety.ODD_RATIO.format(ratio=1015, limit=100)),
        ("lying_header.xlsx", safety.DAMAGED),
        ("billion_laughs.xlsx", safety.FORBIDDEN_XML),
        ("xxe.xlsx", safety.FORBIDDEN_XML),
        ("xxe_utf16.xlsx", safety.FORBIDDEN_XML),
        ("macros.xlsm", safety.MACROS),
        ("old_format.xls", safety.OLD_XLS),
        ("encrypted.xlsx", safety.ENCRYPTED),
        ("truncated.xlsx", safety.DAMAGED),
        ("csv_renamed.xlsx", safety.TEXT_RENAMED),
    ],
)
def test_each_bad_file_family_is_rejected_with_its_message(
    app: Flask, client: FlaskClient, world: World, name: str, message: str
) -> None:
    headers = world.headers(world.trainer_a)
    started = time.perf_counter()
    response = upload(client, headers, (FIXTURES / name).read_bytes(), name)
    elapsed = time.perf_counter() - started
    assert response.status_code == 422  # with its batch, not 201
    body = response.get_json()
    assert body["state"] == "failed"
    assert body["preview"]["errors"] == [{"sheet": "", "cell": "", "message": message}]
    assert elapsed < 1
    refused = client.post(f"/api/v1/imports/{body['id']}/commit", headers=headers)
    assert refused.status_code == 422
    assert grade_rows(app) == []


def test_a_formula_without_its_value_is_an_error_not_a_blank(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    data = fill(export(client, world, assessment), {"E5": "=12+1"})
    body = upload(client, world.headers(world.trainer_a), data).get_json()
    assert [(e["cell"], e["message"][:28]) for e in body["preview"]["errors"]] == [
        ("E5", "Formule sans valeur calculée")
    ]
    assert body["state"] == "failed"


def test_duplicate_and_unknown_students_reject_the_file(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    alice = world.student_ids["alice"]
    data = fill(
        export(client, world, assessment),
        {"A7": alice, "C7": "Martin", "E7": 10, "A8": 99999, "C8": "X", "E8": 3},
    )
    body = upload(client, world.headers(world.trainer_a), data).get_json()
    cells = [e["cell"] for e in body["preview"]["errors"]]
    assert cells == ["A7", "A8"]
    assert body["state"] == "failed"
    assert grade_rows(app) == []


def test_a_student_outside_the_trainers_classes_rejects_the_file(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    # A sheet naming Chloé (cohort B) for cohort A's assessment.
    with app.app_context():
        row = db.session.get(Assessment, assessment)
        assert row is not None
        book = sheet_of("Notes", [row], utc_now())
    data = fill(
        write_gradebook_sheet(book),
        {"A7": world.student_ids["chloe"], "C7": "Durand", "E7": 12},
    )
    # Trainer A does not reach Chloé: the id is unknown to them.
    body = upload(client, world.headers(world.trainer_a), data).get_json()
    assert body["state"] == "failed"
    assert [e["cell"] for e in body["preview"]["errors"]] == ["A7"]
    # The director reaches her, but she is not in the assessment's class.
    body = upload(client, world.headers(world.director), data).get_json()
    assert body["state"] == "failed"
    message = NOT_IN_CLASS.format(title="Prospection")
    assert body["preview"]["errors"] == [
        {"sheet": "Notes", "cell": "E7", "message": message}
    ]
    assert grade_rows(app) == []


def test_a_score_above_the_maximum_is_an_error_with_its_cell(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    data = fill(export(client, world, assessment), {"E6": 25})
    body = upload(client, world.headers(world.trainer_a), data).get_json()
    assert [e["cell"] for e in body["preview"]["errors"]] == ["E6"]


def test_a_text_body_still_gets_415(client: FlaskClient, world: World) -> None:
    response = client.post(
        "/api/v1/imports",
        data="kind=gradebook",
        content_type="text/plain",
        headers=world.headers(world.trainer_a),
    )
    assert response.status_code == 415
