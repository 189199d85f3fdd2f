"""The grade grid and its cell save: French numbers, codes, ranges, versions (D6)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.extensions import db
from service.models import Assessment, AuditEvent, Grade, GradeStatus, Student
from tests.service.factories import make_assessment, make_grade, subject
from tests.service.web.trainer_world import (
    Centre,
    log_in,
    read_page,
    visible_text,
)

#: (assessment id, student id): one cell of the grid.
Cell = tuple[int, int]


@pytest.fixture
def cell(app: Flask, centre: Centre) -> Cell:
    """Alice's cell in an RCNV assessment of S1 out of 20, still empty."""
    return add_assessment(app, centre), centre.student_ids[0]


def grid_url(centre: Centre, code: str = "RCNV") -> str:
    return f"/classes/{centre.cohort_id}/matieres/{centre.subjects[code]}/notes"


def add_assessment(app: Flask, centre: Centre, **overrides: Any) -> int:
    """An RCNV assessment of the cohort in S1 (out of 20 unless told)."""
    with app.app_context():
        student = db.session.get(Student, centre.student_ids[0])
        assert student is not None
        values: dict[str, Any] = {"subject": subject("RCNV")} | overrides
        assessment = make_assessment(student.cohort, **values)
        db.session.commit()
        return assessment.id


def add_grade(app: Flask, cell: Cell, **values: Any) -> None:
    with app.app_context():
        make_grade(
            db.session.get(Assessment, cell[0]),
            db.session.get(Student, cell[1]),
            **values,
        )
        db.session.commit()


def stored(app: Flask, cell: Cell) -> tuple[Any, ...] | None:
    """(score, status, version) of the cell's grade, or None."""
    with app.app_context():
        row = db.session.execute(
            select(Grade.score, Grade.status, Grade.version).where(
                Grade.assessment_id == cell[0], Grade.student_id == cell[1]
            )
        ).first()
        return None if row is None else tuple(row)


def save_cell(
    client: FlaskClient,
    centre: Centre,
    token: str,
    cell: Cell,
    value: str,
    *,
    version: int | None = None,
) -> TestResponse:
    body = {
        "assessment_id": cell[0],
        "student_id": cell[1],
        "version": version,
        "value": value,
    }
    headers = {"X-CSRF-Token": token}
    return client.post(f"{grid_url(centre)}/cellule", json=body, headers=headers)


def test_the_grid_shows_grades_the_french_way_with_each_columns_figures(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    alice, bruno = centre.student_ids
    first = add_assessment(app, centre, title="Jeu de rôle")
    second = add_assessment(app, centre, title="Prospection", max_score=Decimal(10))
    add_grade(app, (first, alice), score=Decimal("12.5"))
    add_grade(app, (first, bruno), score=None, status=GradeStatus.ABS)
    add_grade(app, (second, alice), score=Decimal(8))
    log_in(client, centre.trainer)
    page, text = read_page(client, f"{grid_url(centre)}?periode=S1")
    assert "Jeu de rôle" in text
    assert "Prospection" in text
    assert 'value="12,5"' in page.text
    assert 'value="ABS"' in page.text
    # ABS counts 0 (R8): the first column's mean is 6,25, its minimum 0.
    figures = dict(
        re.findall(
            r'data-figure="(\w+)" data-a="' + str(first) + r'">([^<]*)<', page.text
        )
    )
    assert figures == {"mean": "6,25", "minimum": "0", "maximum": "12,5", "count": "2"}
    # Alice: 12,5/20 and 8/10 = 16/20, coefficients 1 and 1 → 14,25 out of 20.
    assert re.search(rf'row-mean" data-s="{alice}">14,25<', page.text)
    assert re.search(rf'row-mean" data-s="{bruno}">0<', page.text)
    assert '<meta name="csrf-token"' in page.text
    assert "js/grade-grid.js" in page.text


def test_a_comma_and_a_point_are_both_read_and_shown_with_a_comma(
    app: Flask, client: FlaskClient, centre: Centre, cell: Cell
) -> None:
    token = log_in(client, centre.trainer)
    created = save_cell(client, centre, token, cell, "12,5")
    assert created.status_code == 200, created.text
    assert created.get_json()["value"] == "12,5"
    assert created.get_json()["column"]["mean"] == "12,5"
    assert stored(app, cell) == (Decimal("12.5"), None, 1)
    changed = save_cell(client, centre, token, cell, " 14.75 ", version=1)
    assert changed.get_json() == {
        "version": 2,
        "value": "14,75",
        "column": {
            "count": "1",
            "mean": "14,75",
            "minimum": "14,75",
            "maximum": "14,75",
        },
        "row_mean": "14,75",
    }
    assert stored(app, cell) == (Decimal("14.75"), None, 2)


@pytest.mark.parametrize("typed", ["ABS", "abj", " Disp ", "NN"])
def test_codes_are_typed_as_text(
    app: Flask, client: FlaskClient, centre: Centre, cell: Cell, typed: str
) -> None:
    token = log_in(client, centre.trainer)
    response = save_cell(client, centre, token, cell, typed)
    code = typed.strip().upper()
    assert response.get_json()["value"] == code
    assert stored(app, cell) == (None, GradeStatus(code), 1)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("25", "entre 0 et 20"),
        ("-1", "entre 0 et 20"),
        ("12,345", "plus de deux décimales"),
        ("douze", "n'est pas un nombre"),
    ],
)
def test_a_refused_value_names_the_cell_and_writes_nothing(
    app: Flask, client: FlaskClient, centre: Centre, typed: str, reason: str
) -> None:
    cell = (add_assessment(app, centre, title="Jeu de rôle"), centre.student_ids[0])
    token = log_in(client, centre.trainer)
    response = save_cell(client, centre, token, cell, typed)
    assert response.status_code == 422
    answer = response.get_json()
    assert answer["error"] == f"ARNAUD Alice, Jeu de rôle : {answer['reason']}"
    assert reason in answer["reason"]
    assert stored(app, cell) is None


def test_a_grade_changed_meanwhile_is_a_conflict_showing_both_values(
    app: Flask, client: FlaskClient, centre: Centre, cell: Cell
) -> None:
    add_grade(app, cell, score=Decimal(12))
    director = app.test_client()
    director_token = log_in(director, centre.director)
    theirs = save_cell(director, centre, director_token, cell, "15", version=1)
    assert theirs.status_code == 200
    token = log_in(client, centre.trainer)
    mine = save_cell(client, centre, token, cell, "9.5", version=1)
    assert mine.status_code == 412
    assert mine.get_json()["conflict"] == {
        "mine": "9,5",
        "theirs": "15",
        "version": 2,
        "by": "Sophie Lefèvre",
    }
    assert "Sophie Lefèvre" in mine.get_json()["error"]
    assert stored(app, cell) == (Decimal(15), None, 2)
    kept = save_cell(client, centre, token, cell, "9,5", version=2)
    assert kept.status_code == 200
    assert stored(app, cell) == (Decimal("9.5"), None, 3)


def test_a_cell_read_empty_but_filled_meanwhile_is_a_conflict(
    app: Flask, client: FlaskClient, centre: Centre, cell: Cell
) -> None:
    token = log_in(client, centre.trainer)
    add_grade(app, cell, score=None, status=GradeStatus.ABJ)
    response = save_cell(client, centre, token, cell, "11")
    assert response.status_code == 412
    assert response.get_json()["conflict"]["theirs"] == "ABJ"
    assert stored(app, cell) == (None, GradeStatus.ABJ, 1)


def test_a_stored_grade_is_not_erased_by_an_empty_cell(
    app: Flask, client: FlaskClient, centre: Centre, cell: Cell
) -> None:
    add_grade(app, cell, score=Decimal(12))
    token = log_in(client, centre.trainer)
    response = save_cell(client, centre, token, cell, "  ", version=1)
    assert response.status_code == 422
    assert "NN" in response.get_json()["error"]
    assert stored(app, cell) == (Decimal(12), None, 1)


def test_a_locked_assessment_refuses_with_its_reason_and_the_refusal_is_audited(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    alice = centre.student_ids[0]
    assessment = add_assessment(app, centre, title="Bilan", locked=True)
    cell = (assessment, alice)
    token = log_in(client, centre.trainer)
    page = client.get(f"{grid_url(centre)}?periode=S1")
    assert "« Bilan » est verrouillée" in visible_text(page)
    assert f'name="note-{assessment}-{alice}"' not in page.text
    assert "readonly" in page.text
    response = save_cell(client, centre, token, cell, "12")
    assert response.status_code == 409
    assert "verrouillée" in response.get_json()["error"]
    assert stored(app, cell) is None
    with app.app_context():
        outcomes = db.session.scalars(select(AuditEvent.outcome)).all()
    assert outcomes == ["refused_locked"]


def test_a_trainer_reaches_only_the_subjects_they_teach(
    app: Flask, client: FlaskClient, centre: Centre, cell: Cell
) -> None:
    token = log_in(client, centre.other)  # teaches RCAR, not RCNV
    assert client.get(grid_url(centre)).status_code == 404
    assert client.get(grid_url(centre, "RCAR")).status_code == 200
    response = save_cell(client, centre, token, cell, "12")
    assert response.status_code == 404
    assert stored(app, cell) is None
    student = app.test_client()
    log_in(student, centre.student_emails[0])
    assert student.get(grid_url(centre)).status_code == 403


def test_the_director_reaches_every_grid(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    add_assessment(app, centre, title="Jeu de rôle")
    log_in(client, centre.director)
    assert "Jeu de rôle" in visible_text(client.get(grid_url(centre)))


def test_a_cell_save_without_the_csrf_header_is_refused(
    app: Flask, client: FlaskClient, centre: Centre, cell: Cell
) -> None:
    log_in(client, centre.trainer)
    body = {"assessment_id": cell[0], "student_id": cell[1], "value": "12"}
    response = client.post(f"{grid_url(centre)}/cellule", json=body)
    assert response.status_code == 403
    assert stored(app, cell) is None


def test_without_javascript_the_form_saves_the_changed_cells_and_names_refusals(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    alice, bruno = centre.student_ids
    assessment = add_assessment(app, centre, title="Jeu de rôle")
    cell = (assessment, alice)
    add_grade(app, cell, score=Decimal(12))
    token = log_in(client, centre.trainer)
    form = {
        "csrf_token": token,
        f"note-{assessment}-{alice}": "13,5",
        f"avant-{assessment}-{alice}": "1:12",
        f"note-{assessment}-{bruno}": "30",
        f"avant-{assessment}-{bruno}": ":",
    }
    response = client.post(f"{grid_url(centre)}?periode=S1", data=form)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    text = visible_text(page)
    assert (
        "BERNARD Bruno, Jeu de rôle : La note doit être comprise entre 0 et 20" in text
    )
    assert "1 note enregistrée." in text
    assert stored(app, cell) == (Decimal("13.5"), None, 2)
    assert stored(app, (assessment, bruno)) is None
    unchanged = form | {
        f"note-{assessment}-{alice}": "13,5",
        f"avant-{assessment}-{alice}": "2:13,5",
        f"note-{assessment}-{bruno}": "",
    }
    client.post(f"{grid_url(centre)}?periode=S1", data=unchanged)
    assert stored(app, cell) == (Decimal("13.5"), None, 2)


def test_the_api_reads_a_score_with_a_decimal_comma(
    app: Flask, client: FlaskClient, centre: Centre, cell: Cell
) -> None:
    add_grade(app, cell, score=Decimal(12))
    token = log_in(client, centre.trainer)
    with app.app_context():
        grade_id = db.session.scalar(select(Grade.id))
    headers = {"X-CSRF-Token": token, "If-Match": '"1"'}
    response = client.put(
        f"/api/v1/grades/{grade_id}", json={"score": "12,5"}, headers=headers
    )
    assert response.status_code == 200, response.text
    assert response.get_json()["score"] == "12.50"
    refused = client.put(
        f"/api/v1/grades/{grade_id}",
        json={"score": "12,555"},
        headers=headers | {"If-Match": '"2"'},
    )
    assert refused.status_code == 422
    assert stored(app, cell) == (Decimal("12.5"), None, 2)
