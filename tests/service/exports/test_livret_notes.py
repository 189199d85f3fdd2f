"""Appreciations, the livret avis and the president's examination (R8, R3.8)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from service.models import Appreciation, LivretAvis
from tests.service.api.conftest import World
from tests.service.api.session_helpers import count
from tests.service.exports.jury_helpers import deliberate, post


def appreciations(world: World, student: str) -> str:
    """Return the appreciations URL of a student."""
    return f"/api/v1/students/{world.student_ids[student]}/appreciations"


def test_a_trainer_writes_appreciations_of_the_subjects_they_teach(
    app: Flask, client: FlaskClient, world: World
) -> None:
    trainer = world.headers(world.trainer_a)
    url = appreciations(world, "alice")
    year = {"subject_id": world.subjects["RCNV"], "year_of_study": 1}
    written = client.put(url, json=year | {"text": "Très investie."}, headers=trainer)
    assert written.status_code == 200, written.get_json()
    replaced = client.put(url, json=year | {"text": "Excellente."}, headers=trainer)
    assert replaced.get_json()["id"] == written.get_json()["id"]
    period = world.periods[world.cohort_a]["S2"]
    by_period = {"subject_id": world.subjects["CEF"], "period_id": period}
    assert (
        client.put(url, json=by_period | {"text": "Sérieux."}, headers=trainer)
    ).status_code == 200
    shown = client.get(url, headers=world.headers(world.alice)).get_json()
    assert sorted((a["text"], a["year_of_study"], a["period_id"]) for a in shown) == [
        ("Excellente.", 1, None),
        ("Sérieux.", None, period),
    ]
    assert count(app, Appreciation) == 2


def test_appreciations_refused_out_of_reach_or_badly_dated(
    app: Flask, client: FlaskClient, world: World
) -> None:
    trainer = world.headers(world.trainer_a)
    url = appreciations(world, "alice")
    not_taught = {"subject_id": world.subjects["LV1"], "year_of_study": 1, "text": "x"}
    assert client.put(url, json=not_taught, headers=trainer).status_code == 404
    other_cohort = client.put(
        appreciations(world, "chloe"),
        json=not_taught | {"subject_id": world.subjects["RCNV"]},
        headers=trainer,
    )
    assert other_cohort.status_code == 404
    both = {
        "subject_id": world.subjects["RCNV"],
        "year_of_study": 1,
        "period_id": world.periods[world.cohort_a]["S1"],
        "text": "x",
    }
    assert client.put(url, json=both, headers=trainer).status_code == 422
    foreign_period = both | {
        "year_of_study": None,
        "period_id": world.periods[world.cohort_b]["S1"],
    }
    refused = client.put(url, json=foreign_period, headers=trainer)
    assert refused.status_code == 422
    assert list(refused.get_json()["errors"]) == ["period_id"]
    student = client.put(
        url, json=both | {"period_id": None}, headers=world.headers(world.alice)
    )
    assert student.status_code == 403
    bruno = client.get(url, headers=world.headers(world.bruno))
    assert bruno.status_code == 404
    assert count(app, Appreciation) == 0


def test_the_avis_is_one_of_the_configured_choices(
    app: Flask, client: FlaskClient, world: World
) -> None:
    jury = deliberate(app, client, world)
    url = f"/api/v1/sessions/{jury.session}/livret-avis/{world.student_ids['bruno']}"
    director = world.headers(world.director)
    assert client.get(url, headers=director).status_code == 404
    wrong = client.put(url, json={"avis": "Excellent"}, headers=director)
    assert wrong.status_code == 422
    assert list(wrong.get_json()["errors"]) == ["avis"]
    assert count(app, LivretAvis) == 0
    saved = client.put(url, json={"avis": "Favorable"}, headers=director)
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["examined_at"] is None
    examined = client.post(f"{url}/examined", headers=director)
    assert examined.get_json()["examined_at"] is not None
    changed = client.put(url, json={"avis": "Très favorable"}, headers=director)
    assert changed.get_json()["examined_at"] is None  # to be examined again
    trainer = client.put(
        url, json={"avis": "Favorable"}, headers=world.headers(world.trainer_a)
    )
    assert trainer.status_code == 403
    chloe = f"/api/v1/sessions/{jury.session}/livret-avis/{world.student_ids['chloe']}"
    assert (
        client.put(chloe, json={"avis": "Favorable"}, headers=director).status_code
        == 404
    )


def test_publication_waits_for_refused_candidates_livrets_r3_8(
    app: Flask, client: FlaskClient, world: World
) -> None:
    jury = deliberate(app, client, world)
    base = f"/sessions/{jury.session}/livret-avis"
    director = world.headers(world.director)
    for name in ("alice", "bruno"):
        url = f"/api/v1{base}/{world.student_ids[name]}"
        client.put(url, json={"avis": "Favorable"}, headers=director)
    refused = post(client, world, f"/sessions/{jury.session}/publish")
    assert refused.status_code == 409
    assert refused.get_json()["errors"] == {"livrets": ["PETIT Bruno"]}  # not Alice
    state = client.get(f"/api/v1/sessions/{jury.session}", headers=director)
    assert state.get_json()["state"] == "deliberated"
    post(client, world, f"{base}/{world.student_ids['bruno']}/examined")
    published = post(client, world, f"/sessions/{jury.session}/publish")
    assert published.status_code == 200, published.get_json()
    late = client.put(
        f"/api/v1{base}/{world.student_ids['bruno']}",
        json={"avis": "Très favorable"},
        headers=director,
    )
    assert late.status_code == 409
