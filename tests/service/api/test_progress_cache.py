"""Progress reads compute a cohort's figures once per change, and stay exact.

The figures are kept under the cohort's state (its visible assessments and
grades): an unchanged cohort reuses them, any change — through the API, or
behind the app as another worker would — is seen at the next read, and a read
from the cache answers exactly what a fresh computation answers.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from service.operations import formative, progress_cache
from tests.service.api.conftest import World
from tests.service.api.progress_helpers import Scenario, build_scenario
from tests.service.api.test_progress import progress, subject_line


@pytest.fixture
def scenario(app: Flask, world: World) -> Scenario:
    """The progress scenario (Alice and Bruno graded in CEF and RCNV)."""
    return build_scenario(app, world)


def _fresh(client: FlaskClient, world: World, user: int) -> Any:
    """The progress computed with no cached figures at all."""
    progress_cache._FIGURES.clear()
    return progress(client, world, user)


def _computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the cohort computations (averages through the engine)."""
    calls: list[int] = []
    real = formative.averages_of

    def spy(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(progress_cache, "averages_of", spy)
    return calls


def test_an_unchanged_cohort_is_computed_once_for_all_its_readers(
    client: FlaskClient,
    world: World,
    scenario: Scenario,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    progress_cache._FIGURES.clear()
    computed = _computed(monkeypatch)
    first = progress(client, world, world.alice)
    for _ in range(3):
        assert progress(client, world, world.alice) == first
    progress(client, world, world.bruno, "bruno")  # same cohort, same kind of reader
    assert len(computed) == 1
    progress(client, world, world.director)  # staff see unpublished rows too
    assert len(computed) == 2


def test_a_grade_saved_through_the_api_is_seen_at_the_next_read(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    before = progress(client, world, world.alice)
    grid = f"/api/v1/assessments/{scenario.dissertation}/grades"
    headers = world.headers(world.director)
    rows = client.get(grid, headers=headers).get_json()["rows"]
    (bruno,) = [r for r in rows if r["student_id"] == world.student_ids["bruno"]]
    saved = client.put(
        f"/api/v1/grades/{bruno['grade']['id']}",
        json={"score": "20"},
        headers=headers | {"If-Match": f'"{bruno["grade"]["version"]}"'},
    )
    assert saved.status_code == 200, saved.get_json()
    after = progress(client, world, world.alice)
    mean = subject_line(after, world, "CEF")["periods"][0]["statistics"]["mean"]
    assert (
        mean != subject_line(before, world, "CEF")["periods"][0]["statistics"]["mean"]
    )
    assert after == _fresh(client, world, world.alice)


def test_a_change_made_behind_the_app_is_seen_as_well(
    app: Flask, client: FlaskClient, world: World, scenario: Scenario
) -> None:
    before = progress(client, world, world.alice)
    with app.app_context():
        from service.extensions import db  # noqa: PLC0415

        # Another worker publishes the hidden assessment (no ORM event here).
        db.session.execute(
            text("UPDATE assessments SET published_at = held_on WHERE id = :id"),
            {"id": scenario.hidden},
        )
        db.session.commit()
    after = progress(client, world, world.alice)
    assert len(after["assessments"]) == len(before["assessments"]) + 1
    assert after == _fresh(client, world, world.alice)
