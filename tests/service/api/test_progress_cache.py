"""Progress reads compute once per change of their rows, and stay exact.

A cohort's figures are kept under its visible assessments and grades, and each
reader's JSON under every row it is computed from: an unchanged cohort reuses
them, any change — through the API, or behind the app as another worker would —
is seen at the next read, a read from the cache answers exactly what a fresh
computation answers, and a reader never gets a body computed for staff (R7).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text

from service.api import progress as progress_api
from service.operations import progress_cache
from service.operations.progress_cache import Remembered
from tests.service.api.conftest import World
from tests.service.api.progress_helpers import Scenario, build_scenario
from tests.service.api.test_progress import progress, subject_line


@pytest.fixture
def scenario(app: Flask, world: World) -> Scenario:
    """The progress scenario (Alice and Bruno graded in CEF and RCNV)."""
    return build_scenario(app, world)


def _forget() -> None:
    """Drop every kept row, figure and body."""
    progress_cache._FORMATIVE.clear()
    progress_cache._FIGURES.clear()
    progress_api._BODIES.clear()


def _fresh(client: FlaskClient, world: World, user: int) -> Any:
    """The progress computed with nothing kept at all."""
    _forget()
    return progress(client, world, user)


def _counted(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Count the calls of ``module.name`` (one item a call)."""
    calls: list[int] = []
    real = getattr(module, name)

    def spy(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(module, name, spy)
    return calls


def test_an_unchanged_cohort_is_computed_once_for_all_its_readers(
    client: FlaskClient,
    world: World,
    scenario: Scenario,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _forget()
    computed = _counted(monkeypatch, progress_cache, "averages_of")  # cohort figures
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


def test_an_unchanged_reader_gets_the_kept_json_computed_once(
    client: FlaskClient,
    world: World,
    scenario: Scenario,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _forget()
    computed = _counted(monkeypatch, progress_api, "progress_of")  # answers
    first = progress(client, world, world.alice)
    assert progress(client, world, world.alice) == first
    assert progress(client, world, world.alice) == first
    assert len(computed) == 1
    progress(client, world, world.bruno, "bruno")  # another student: their own
    progress(client, world, world.director)  # staff see more: their own
    assert len(computed) == 3


def test_a_reader_never_gets_the_json_kept_for_staff(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    _forget()
    staff = progress(client, world, world.director)
    mine = progress(client, world, world.alice)
    hidden = str(scenario.hidden)
    assert hidden in {str(a["assessment_id"]) for a in staff["assessments"]}
    assert hidden not in {str(a["assessment_id"]) for a in mine["assessments"]}
    assert "13.37" in str(staff)
    assert "13.37" not in str(mine)  # R7: a proposed CCF grade
    assert progress(client, world, world.director) == staff


def test_a_ccf_published_behind_the_app_is_seen_at_the_next_read(
    app: Flask, client: FlaskClient, world: World, scenario: Scenario
) -> None:
    before = progress(client, world, world.alice)
    assert "13.37" not in str(before)
    with app.app_context():
        from service.extensions import db  # noqa: PLC0415

        # No formative row changes: only the CCF rows the answer is computed from.
        db.session.execute(
            text("UPDATE ccf_situations SET state = 'published' WHERE id = :id"),
            {"id": scenario.ccf[0]},
        )
        db.session.commit()
    after = progress(client, world, world.alice)
    assert [c["grade"] for c in after["ccf"]] == ["13.37"]
    assert after == _fresh(client, world, world.alice)


def test_kept_values_are_bounded_and_follow_their_state() -> None:
    kept: Remembered[str] = Remembered(size=2)
    assert kept.get("a", 1, lambda: "a1") == "a1"
    assert kept.get("a", 1, lambda: "recomputed") == "a1"
    assert kept.get("a", 2, lambda: "a2") == "a2"  # a new state recomputes
    kept.get("b", 1, lambda: "b1")
    kept.get("c", 1, lambda: "c1")  # the oldest slot, "a", goes
    assert kept.get("a", 2, lambda: "again") == "again"
    assert kept.get("c", 1, lambda: "recomputed") == "c1"
