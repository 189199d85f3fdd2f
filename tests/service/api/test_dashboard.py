"""GET /api/v1/cohorts/<id>/dashboard: unit averages, students at risk, missing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from service.extensions import db
from service.models import Assessment, Cohort
from tests.service.api.conftest import World
from tests.service.api.progress_helpers import Scenario, build_scenario, formative
from tests.service.factories import (
    committed,
    make_assessment,
    make_grade,
    make_grades,
)
from tests.service.world import enrolled

UNIT_SUBJECTS = ("CEF", "LV1", "CEJM", "RCNV", "RCDD", "RCAR")


@pytest.fixture
def scenario(app: Flask, world: World) -> Scenario:
    """The progress scenario, plus an oral where Bruno has no grade yet."""
    built = build_scenario(app, world)
    with committed(app):
        formative(
            world, "RCNV", "S2", "Oral", {world.student_ids["alice"]: Decimal(11)}
        )
    return built


def dashboard(client: FlaskClient, world: World, user: int, cohort_id: int) -> Any:
    """Return the dashboard JSON as ``user`` sees it (asserting 200)."""
    url = f"/api/v1/cohorts/{cohort_id}/dashboard"
    response = client.get(url, headers=world.headers(user))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_the_director_sees_counts_and_missing_grades(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    body = dashboard(client, world, world.director, world.cohort_a)
    assert body["counts"] == {
        "students": 2,
        "assessments": 5,
        "published_assessments": 4,
        "grades": 9,
        "missing_grades": 1,
        "at_risk": 1,
        "incomplete_projections": 2,
    }
    (missing,) = body["missing"]
    assert missing["title"] == "Oral"
    assert missing["period"] == "S2"
    assert missing["student_ids"] == [world.student_ids["bruno"]]


def test_a_unit_below_8_puts_a_student_at_risk_with_the_reason(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    body = dashboard(client, world, world.director, world.cohort_a)
    # Bruno's U1: (8 + ABS 0 × 2 + 10.93) / 4 = 4.73; his U4 has no data (ABJ).
    assert body["at_risk"] == [
        {
            "student_id": world.student_ids["bruno"],
            "name": "PETIT Bruno",
            "projected_average": None,
            "reasons": ["U1 projetée 4.73 < 8"],
        }
    ]


def test_unit_lines_give_formative_figures_and_projected_means(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    units = {
        u["unit"]: u
        for u in dashboard(client, world, world.director, world.cohort_a)["units"]
    }
    assert list(units) == ["U1", "U2", "U3", "U4", "U5", "U6"]
    # U1: Alice 14.2175, Bruno 4.7325 → 9.475; U4: Alice's CCF 14.50 is held.
    assert units["U1"]["formative"]["mean"] == "9.48"
    assert units["U1"]["formative"]["below_8"] == 1
    assert units["U1"]["projected_mean"] == "9.48"
    assert (units["U4"]["projected_mean"], units["U4"]["projected_count"]) == (
        "14.50",
        1,
    )
    assert units["U2"]["formative"]["count"] == 0
    assert units["U2"]["projected_mean"] is None


def add_full_year(app: Flask, world: World, grade: Decimal) -> None:
    """Grade Chloé (cohort B) ``grade`` in every unit's subject, in S1."""
    chloe = world.student_ids["chloe"]
    with committed(app):
        for code in UNIT_SUBJECTS:
            assessment = make_assessment(
                world.cohort_b, subject=code, title=f"Bilan {code}", published=True
            )
            make_grades(assessment, {chloe: grade})


def test_a_projected_average_below_10_puts_a_student_at_risk(
    app: Flask, client: FlaskClient, world: World
) -> None:
    add_full_year(app, world, Decimal("9.5"))
    body = dashboard(client, world, world.trainer_b, world.cohort_b)
    # 9.5 in every unit: U4 and U6 too (no CCF yet), average 9.50 < 10, and the
    # professional units below 10.
    assert body["at_risk"] == [
        {
            "student_id": world.student_ids["chloe"],
            "name": "DURAND Chloé",
            "projected_average": "9.50",
            "reasons": [
                "Moyenne projetée 9.50 < 10",
                "U4 projetée 9.50 < 10",
                "U5 projetée 9.50 < 10",
                "U6 projetée 9.50 < 10",
            ],
        }
    ]
    assert body["counts"]["incomplete_projections"] == 0


def test_a_complete_projection_at_10_is_not_at_risk(
    app: Flask, client: FlaskClient, world: World
) -> None:
    add_full_year(app, world, Decimal(10))
    body = dashboard(client, world, world.director, world.cohort_b)
    assert body["at_risk"] == []


def test_only_the_director_and_the_cohort_trainers_reach_the_dashboard(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    url = f"/api/v1/cohorts/{world.cohort_a}/dashboard"
    assert client.get(url, headers=world.headers(world.trainer_a)).status_code == 200
    other = client.get(url, headers=world.headers(world.trainer_b))
    missing = client.get(
        "/api/v1/cohorts/999999/dashboard", headers=world.headers(world.trainer_b)
    )
    assert other.status_code == missing.status_code == 404
    assert other.get_json() == missing.get_json()
    assert client.get(url, headers=world.headers(world.alice)).status_code == 403


@contextmanager
def counted_queries(app: Flask) -> Iterator[list[str]]:
    """Record every SQL statement the app runs inside the block."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(str(args[2]))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def add_classmates(app: Flask, world: World, count: int) -> None:
    """Add ``count`` students to cohort A, each graded at every assessment."""
    with app.app_context():
        cohort = db.session.get(Cohort, world.cohort_a)
        assert cohort is not None
        assessments = list(
            db.session.scalars(
                db.select(Assessment).where(Assessment.cohort_id == cohort.id)
            )
        )
        for n in range(count):
            student = enrolled(cohort, f"Élève{n}", f"Nom{n}", f"N{n:03d}")
            for assessment in assessments:
                make_grade(assessment, student, score=Decimal(9))
        db.session.commit()


@pytest.mark.parametrize("route", ["dashboard", "progress"])
def test_the_number_of_queries_does_not_grow_with_the_class(
    app: Flask, client: FlaskClient, world: World, scenario: Scenario, route: str
) -> None:
    url = (
        f"/api/v1/cohorts/{world.cohort_a}/dashboard"
        if route == "dashboard"
        else f"/api/v1/students/{world.student_ids['alice']}/progress"
    )
    headers = world.headers(world.director)
    # A first call records the token's use (at most every few minutes): not counted.
    assert client.get(url, headers=headers).status_code == 200
    with counted_queries(app) as small:
        assert client.get(url, headers=headers).status_code == 200
    add_classmates(app, world, 12)
    with counted_queries(app) as large:
        assert client.get(url, headers=headers).status_code == 200
    assert len(large) == len(small)
