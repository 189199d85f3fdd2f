"""Import fixtures: the small centre, an assessment of cohort A, upload helpers."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from service.extensions import db
from service.models import Assessment, AssessmentKind, Grade, GradeHistory
from tests.service.api.conftest import World, build_world


@pytest.fixture
def world(app: Flask) -> World:
    """The API's small centre, committed."""
    with app.app_context():
        built = build_world()
        db.session.commit()
    return built


def add_assessment(world: World, title: str = "Prospection", **overrides: Any) -> int:
    """Add an RCNV assessment of cohort A in S1 (maximum 20) and return its id."""
    values: dict[str, Any] = {
        "cohort_id": world.cohort_a,
        "subject_id": world.subjects["RCNV"],
        "period_id": world.periods[world.cohort_a]["S1"],
        "title": title,
        "held_on": date(2025, 10, 1),
        "kind": AssessmentKind.WRITTEN,
        "max_score": Decimal(20),
    } | overrides
    assessment = Assessment(**values)
    db.session.add(assessment)
    db.session.flush()
    return assessment.id


@pytest.fixture
def assessment(app: Flask, world: World) -> int:
    """An assessment of cohort A's RCNV that trainer A teaches."""
    with app.app_context():
        assessment_id = add_assessment(world)
        db.session.commit()
    return assessment_id


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
