"""Cohorts and their periods: set up by the director, read within reach."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from service.extensions import db
from service.models import Appreciation
from tests.service.api.admin_helpers import problem, rows, snapshot
from tests.service.api.conftest import World
from tests.service.factories import make_assessment, saved

NEW_COHORT = {"name": "NDRC 2027–2029", "start_year": 2027, "exam_session_year": 2029}


def periods_body(**changes: tuple[str, str]) -> dict[str, Any]:
    """Four periods of 2025–2027, with some dates changed by code."""
    dates = {
        "S1": ("2025-09-01", "2026-01-31"),
        "S2": ("2026-02-01", "2026-06-30"),
        "S3": ("2026-09-01", "2027-01-31"),
        "S4": ("2027-02-01", "2027-06-30"),
    } | changes
    return {
        "periods": [
            {"code": code, "starts_on": starts, "ends_on": ends}
            for code, (starts, ends) in dates.items()
        ]
    }


def names(client: FlaskClient, headers: dict[str, str]) -> list[str]:
    """Return the names of the cohorts listed for a caller."""
    response = client.get("/api/v1/cohorts", headers=headers)
    assert response.status_code == 200
    return [cohort["name"] for cohort in response.get_json()]


def test_each_role_lists_the_cohorts_it_reaches(
    client: FlaskClient, world: World
) -> None:
    assert names(client, world.headers(world.director)) == [
        "NDRC 2026–2028",
        "NDRC 2025–2027",
    ]
    assert names(client, world.headers(world.trainer_a)) == ["NDRC 2025–2027"]
    assert names(client, world.headers(world.trainer_b)) == ["NDRC 2026–2028"]
    assert names(client, world.headers(world.alice)) == ["NDRC 2025–2027"]
    assert names(client, world.headers(world.chloe)) == ["NDRC 2026–2028"]


def test_a_cohort_out_of_reach_answers_like_a_missing_one(
    client: FlaskClient, world: World
) -> None:
    for user_id in (world.trainer_a, world.alice):
        headers = world.headers(user_id)
        for suffix in ("", "/periods"):
            other = client.get(
                f"/api/v1/cohorts/{world.cohort_b}{suffix}", headers=headers
            )
            missing = client.get(f"/api/v1/cohorts/999999{suffix}", headers=headers)
            assert problem(other, 404) == problem(missing, 404)
        own = client.get(f"/api/v1/cohorts/{world.cohort_a}", headers=headers)
        assert own.get_json()["name"] == "NDRC 2025–2027"


def test_the_director_creates_a_cohort_under_the_default_regulation(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        "/api/v1/cohorts", json=NEW_COHORT, headers=world.headers(world.director)
    )
    assert response.status_code == 201
    assert response.get_json() == NEW_COHORT | {
        "id": response.get_json()["id"],
        "regulation_id": "bts-ndrc",
    }


def test_bad_cohorts_are_refused_naming_the_field(
    app: Flask, client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    before = snapshot(app)
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"regulation_id": "bts-inconnu"}, 422, "regulation_id"),
        ({"exam_session_year": 2027}, 422, "exam_session_year"),
        ({"start_year": 1999}, 422, "start_year"),
        ({"name": "  "}, 422, "name"),
        ({"name": "NDRC 2025–2027"}, 409, "name"),
    ]
    for change, status, field in cases:
        response = client.post(
            "/api/v1/cohorts", json=NEW_COHORT | change, headers=headers
        )
        assert list(problem(response, status)["errors"]) == [field], change
    assert snapshot(app) == before


def test_the_director_changes_a_cohort_checked_with_what_it_keeps(
    app: Flask, client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    url = f"/api/v1/cohorts/{world.cohort_a}"
    renamed = client.patch(url, json={"name": "NDRC A"}, headers=headers)
    assert (renamed.status_code, renamed.get_json()["name"]) == (200, "NDRC A")
    before = snapshot(app)
    late_start = client.patch(url, json={"start_year": 2027}, headers=headers)
    assert list(problem(late_start, 422)["errors"]) == ["exam_session_year"]
    taken = client.patch(url, json={"name": "NDRC 2026–2028"}, headers=headers)
    assert list(problem(taken, 409)["errors"]) == ["name"]
    same = client.patch(url, json={"name": "NDRC A"}, headers=headers)
    assert same.status_code == 200
    assert snapshot(app) == before


def test_periods_are_listed_in_order_for_whoever_reaches_the_cohort(
    client: FlaskClient, world: World
) -> None:
    response = client.get(
        f"/api/v1/cohorts/{world.cohort_a}/periods", headers=world.headers(world.bruno)
    )
    assert [p["code"] for p in response.get_json()] == ["S1", "S2", "S3", "S4"]
    assert [p["year_of_study"] for p in response.get_json()] == [1, 1, 2, 2]
    assert response.get_json()[0]["starts_on"] == "2025-09-01"


def test_the_director_sets_the_periods(
    app: Flask, client: FlaskClient, world: World
) -> None:
    response = client.put(
        f"/api/v1/cohorts/{world.cohort_a}/periods",
        json=periods_body(),
        headers=world.headers(world.director),
    )
    assert response.status_code == 200
    assert [(p["code"], p["ends_on"]) for p in response.get_json()] == [
        ("S1", "2026-01-31"),
        ("S2", "2026-06-30"),
        ("S3", "2027-01-31"),
        ("S4", "2027-06-30"),
    ]
    kept_ids = {p["id"] for p in response.get_json()}
    assert kept_ids == set(world.periods[world.cohort_a].values())


def test_overlapping_unordered_or_repeated_periods_name_the_field(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = snapshot(app)
    repeated = periods_body()
    repeated["periods"][2]["code"] = "S2"
    cases = [
        (periods_body(S2=("2026-01-31", "2026-06-30")), "periods.1.starts_on"),
        (periods_body(S1=("2025-09-01", "2025-08-31")), "periods.0.ends_on"),
        (periods_body(S4=("2026-02-01", "2026-06-30")), "periods.3.starts_on"),
        (repeated, "periods.2.code"),
    ]
    for body, field in cases:
        response = client.put(
            f"/api/v1/cohorts/{world.cohort_a}/periods",
            json=body,
            headers=world.headers(world.director),
        )
        assert list(problem(response, 422)["errors"]) == [field]
    assert snapshot(app) == before


def test_a_period_goes_only_when_no_assessment_nor_appreciation_uses_it(
    app: Flask, client: FlaskClient, world: World
) -> None:
    saved(app, make_assessment, world.cohort_a, subject="CEF", title="Dissertation")
    url = f"/api/v1/cohorts/{world.cohort_a}/periods"
    headers = world.headers(world.director)
    without_s1 = {"periods": periods_body()["periods"][1:]}
    before = rows(app, "periods")
    problem(client.put(url, json=without_s1, headers=headers), 409)
    assert rows(app, "periods") == before
    with app.app_context():
        db.session.add(
            Appreciation(
                student_id=world.student_ids["alice"],
                subject_id=world.subjects["CEF"],
                period_id=world.periods[world.cohort_a]["S4"],
                text="Bon semestre.",
                author_id=world.trainer_a,
            )
        )
        db.session.commit()
    without_s4 = {"periods": periods_body()["periods"][:3]}
    problem(client.put(url, json=without_s4, headers=headers), 409)
    assert rows(app, "periods") == before
    all_four = periods_body()["periods"]
    without_s3 = {"periods": [*all_four[:2], all_four[3]]}
    response = client.put(url, json=without_s3, headers=headers)
    assert [p["code"] for p in response.get_json()] == ["S1", "S2", "S4"]
    assert len(rows(app, "periods")) == len(before) - 1


def test_only_the_director_writes_cohorts_and_periods(
    app: Flask, client: FlaskClient, world: World
) -> None:
    before = snapshot(app)
    for user_id in (world.trainer_a, world.alice):
        headers = world.headers(user_id)
        url = f"/api/v1/cohorts/{world.cohort_a}"
        problem(client.post("/api/v1/cohorts", json=NEW_COHORT, headers=headers), 403)
        problem(client.patch(url, json={"name": "X"}, headers=headers), 403)
        problem(client.put(f"{url}/periods", json=periods_body(), headers=headers), 403)
    assert snapshot(app) == before
