"""Import fixtures: an assessment of cohort A that trainer A teaches, upload helpers."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from service.extensions import db
from service.models import Grade, GradeHistory
from tests.service.factories import make_assessment, saved
from tests.service.world import World


@pytest.fixture
def assessment(app: Flask, world: World) -> int:
    """An assessment of cohort A's RCNV that trainer A teaches."""
    return saved(app, make_assessment, world.cohort_a, title="Prospection")


def export(client: FlaskClient, world: World, assessment_id: int) -> bytes:
    """Download the gradebook sheet of one assessment as trainer A."""
    response = client.get(
        f"/api/v1/assessments/{assessment_id}/gradebook.xlsx",
        headers=world.headers(world.trainer_a),
    )
    assert response.status_code == 200
    data: bytes = response.data
    return data


def fill(data: bytes, cells: dict[str, Any]) -> bytes:
    """Type values into the Notes sheet of an exported gradebook."""
    book = load_workbook(io.BytesIO(data))
    sheet = book["Notes"]
    for ref, value in cells.items():
        sheet[ref] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(
    client: FlaskClient,
    headers: dict[str, str],
    data: bytes,
    name: str = "notes.xlsx",
    **fields: object,
) -> TestResponse:
    """POST a file to /api/v1/imports (kind gradebook unless given)."""
    form: dict[str, object] = {"kind": "gradebook"} | fields
    form["file"] = (io.BytesIO(data), name)
    return client.post(
        "/api/v1/imports",
        data=form,
        content_type="multipart/form-data",
        headers=headers,
    )


def grade_rows(app: Flask) -> list[tuple[int, int, Decimal | None, object, int]]:
    """Every grade as (assessment, student, score, status, version)."""
    with app.app_context():
        rows = db.session.execute(
            select(
                Grade.assessment_id,
                Grade.student_id,
                Grade.score,
                Grade.status,
                Grade.version,
            ).order_by(Grade.assessment_id, Grade.student_id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def history_count(app: Flask) -> int:
    """Count the history rows."""
    with app.app_context():
        return int(db.session.scalar(select(func.count(GradeHistory.id))) or 0)
