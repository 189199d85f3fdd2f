"""Gradebook sheet: export, fill, upload and preview, commit, re-import, stale, undo."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.extensions import db
from service.models import (
    Assessment,
    AuditEvent,
    ChangeSource,
    Grade,
    GradeHistory,
    GradeStatus,
)
from tests.service.api.conftest import World
from tests.service.imports.conftest import (
    export,
    fill,
    grade_rows,
    history_count,
    upload,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _commit(client: FlaskClient, world: World, batch_id: int) -> object:
    return client.post(
        f"/api/v1/imports/{batch_id}/commit", headers=world.headers(world.trainer_a)
    )


def _import(client: FlaskClient, world: World, data: bytes, **fields: str) -> int:
    response = upload(client, world.headers(world.trainer_a), data, **fields)
    assert response.status_code == 201, response.get_json()
    batch_id: int = response.get_json()["id"]
    return batch_id


def test_the_sheet_downloads_as_xlsx_with_a_french_name(
    client: FlaskClient, world: World, assessment: int
) -> None:
    response = client.get(
        f"/api/v1/assessments/{assessment}/gradebook.xlsx",
        headers=world.headers(world.trainer_a),
    )
    assert response.status_code == 200
    assert response.mimetype == XLSX
    assert "notes-prospection.xlsx" in response.headers["Content-Disposition"]
    other = client.get(
        f"/api/v1/assessments/{assessment}/gradebook.xlsx",
        headers=world.headers(world.trainer_b),
    )
    assert other.status_code == 404


def test_export_fill_import_commit_gives_exact_decimals_and_history(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    data = fill(export(client, world, assessment), {"E5": 12.25, "E6": "abs"})
    response = upload(client, world.headers(world.trainer_a), data)
    assert response.status_code == 201
    body = response.get_json()
    assert body["state"] == "previewed"
    assert (body["preview"]["new"], body["preview"]["changed"]) == (2, 0)
    assert body["preview"]["errors"] == []
    assert grade_rows(app) == []  # the preview writes no grade
    committed = _commit(client, world, body["id"])
    assert committed.status_code == 200  # type: ignore[attr-defined]
    assert committed.get_json()["created"] == 2  # type: ignore[attr-defined]
    alice, bruno = world.student_ids["alice"], world.student_ids["bruno"]
    assert grade_rows(app) == [
        (assessment, alice, Decimal("12.25"), None, 1),
        (assessment, bruno, None, GradeStatus.ABS, 1),
    ]
    with app.app_context():
        history = db.session.scalars(select(GradeHistory)).all()
        assert {(h.source, h.import_batch_id) for h in history} == {
            (ChangeSource.IMPORT, body["id"])
        }
    # The same file again changes nothing and adds no history.
    again = _import(client, world, data)
    before = history_count(app)
    assert _commit(client, world, again).get_json()["unchanged"] == 2  # type: ignore[attr-defined]
    assert history_count(app) == before
    assert [row[4] for row in grade_rows(app)] == [1, 1]


def test_a_blank_cell_leaves_the_grade_unchanged(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    first = _import(client, world, fill(export(client, world, assessment), {"E5": 9}))
    _commit(client, world, first)
    sheet = fill(export(client, world, assessment), {"E5": None, "E6": 14})
    second = _import(client, world, sheet)
    assert _commit(client, world, second).status_code == 200  # type: ignore[attr-defined]
    scores = [row[2] for row in grade_rows(app)]
    assert scores == [Decimal(9), Decimal(14)]


def test_a_stale_sheet_is_refused_naming_its_cells_then_forced(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    _commit(
        client,
        world,
        _import(client, world, fill(export(client, world, assessment), {"E5": 9})),
    )
    old_sheet = export(client, world, assessment)
    newer = _import(client, world, fill(export(client, world, assessment), {"E5": 11}))
    _commit(client, world, newer)
    stale = _import(client, world, fill(old_sheet, {"E5": 15}))
    response = _commit(client, world, stale)
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert list(response.get_json()["errors"]) == ["Notes!E5"]  # type: ignore[attr-defined]
    assert [row[2] for row in grade_rows(app)] == [Decimal(11)]
    forced = _import(client, world, fill(old_sheet, {"E5": 15}), force="true")
    assert _commit(client, world, forced).status_code == 200  # type: ignore[attr-defined]
    assert [row[2] for row in grade_rows(app)] == [Decimal(15)]


def test_undo_restores_the_previous_values_in_one_step(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    _commit(
        client,
        world,
        _import(client, world, fill(export(client, world, assessment), {"E5": 9})),
    )
    before = grade_rows(app)
    batch = _import(
        client, world, fill(export(client, world, assessment), {"E5": 13, "E6": 8})
    )
    _commit(client, world, batch)
    response = client.post(
        f"/api/v1/imports/{batch}/undo", headers=world.headers(world.trainer_a)
    )
    assert response.status_code == 200
    assert response.get_json()["state"] == "undone"
    assert response.get_json()["restored"] == 2
    assert [row[:4] for row in grade_rows(app)] == [row[:4] for row in before]
    again = client.post(
        f"/api/v1/imports/{batch}/undo", headers=world.headers(world.trainer_a)
    )
    assert again.status_code == 409


def test_undo_is_refused_after_a_later_change(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    batch = _import(
        client, world, fill(export(client, world, assessment), {"E5": 9, "E6": 7})
    )
    _commit(client, world, batch)
    later = _import(client, world, fill(export(client, world, assessment), {"E5": 10}))
    _commit(client, world, later)
    before = grade_rows(app)
    response = client.post(
        f"/api/v1/imports/{batch}/undo", headers=world.headers(world.trainer_a)
    )
    assert response.status_code == 409
    with app.app_context():
        alice = db.session.scalar(
            select(Grade.id).where(Grade.student_id == world.student_ids["alice"])
        )
    assert list(response.get_json()["errors"]) == [f"grades.{alice}"]
    assert grade_rows(app) == before


def test_a_locked_assessment_refuses_the_commit_and_audits_it(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    batch = _import(client, world, fill(export(client, world, assessment), {"E5": 9}))
    with app.app_context():
        row = db.session.get(Assessment, assessment)
        assert row is not None
        row.locked = True
        db.session.commit()
    response = _commit(client, world, batch)
    assert response.status_code == 409  # type: ignore[attr-defined]
    assert grade_rows(app) == []
    with app.app_context():
        events = db.session.scalars(select(AuditEvent)).all()
        assert [e.action for e in events] == ["grade.import"]
