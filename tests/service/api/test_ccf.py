"""CCF situations: the trainer's units only, versions and history, R7 for students."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.extensions import db
from service.models import (
    CandidateCategory,
    CcfSituation,
    CcfState,
    HistoryEntity,
    Student,
)
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import add_situation, audit_rows, history_rows

URL = "/api/v1/ccf-situations"
PROFESSIONAL = {
    "role": "professional",
    "name": "M. Garnier",
    "organisation": "Garnier Distribution",
}


def situation(world: World, **overrides: Any) -> dict[str, Any]:
    """A valid body: Alice's first U4 situation, trainer A and a professional."""
    return {
        "student_id": world.student_ids["alice"],
        "unit": "U4",
        "situation_number": 1,
        "held_on": "2026-03-10",
        "evaluators": [{"role": "trainer", "user_id": world.trainer_a}, PROFESSIONAL],
    } | overrides


def situations(app: Flask) -> list[tuple[int, str, int, Decimal | None]]:
    """Every CCF situation as (student, unit, number, grade)."""
    with app.app_context():
        rows = db.session.scalars(select(CcfSituation).order_by(CcfSituation.id))
        return [
            (s.student_id, s.unit, s.situation_number, s.proposed_grade) for s in rows
        ]


def test_a_trainer_creates_a_situation_of_their_unit_with_its_panel(
    app: Flask, client: FlaskClient, world: World
) -> None:
    body = situation(world, proposed_grade="13.5")
    response = client.post(URL, json=body, headers=world.headers(world.trainer_a))
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert response.headers["ETag"] == '"1"'
    assert (created["unit"], created["state"], created["proposed_grade"]) == (
        "U4",
        "proposed",
        "13.50",
    )
    panel = {(e["role"], e["name"], e["organisation"]) for e in created["evaluators"]}
    assert ("professional", "M. Garnier", "Garnier Distribution") in panel
    (history,) = history_rows(app)
    assert (history.entity, history.entity_id, history.old) == (
        HistoryEntity.CCF_SITUATION,
        created["id"],
        None,
    )
    assert history.new == {"proposed_grade": "13.50", "comment": None}


def test_only_ccf_units_and_their_situations_are_accepted(
    app: Flask, client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    cases = {
        "unit": situation(world, unit="U5"),
        "situation_number": situation(world, situation_number=3),
        "evaluators": situation(world, evaluators=[{"role": "trainer", "name": "X"}]),
        "evaluators.0.organisation": situation(
            world, evaluators=[{"role": "professional", "name": "M. Garnier"}]
        ),
        "proposed_grade": situation(world, proposed_grade="20.5"),
    }
    for field_name, body in cases.items():
        response = client.post(URL, json=body, headers=headers)
        assert response.status_code == 422, field_name
        assert field_name in response.get_json()["errors"], response.get_json()
    assert situations(app) == []


def test_a_candidate_outside_a_cfa_habilite_has_no_ccf(
    app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        student = db.session.get(Student, world.student_ids["alice"])
        assert student is not None
        student.candidate_category = CandidateCategory.DISTANCE
        db.session.commit()
    response = client.post(
        URL, json=situation(world), headers=world.headers(world.director)
    )
    assert response.status_code == 422
    assert "unit" in response.get_json()["errors"]


def test_trainers_reach_only_the_units_they_teach(
    app: Flask, client: FlaskClient, world: World
) -> None:
    trainer_a = world.headers(world.trainer_a)
    untaught = client.post(URL, json=situation(world, unit="U6"), headers=trainer_a)
    other_cohort = client.post(
        URL, json=situation(world), headers=world.headers(world.trainer_b)
    )
    assert untaught.status_code == other_cohort.status_code == 404
    assert situations(app) == []
    director = client.post(
        URL, json=situation(world, unit="U6"), headers=world.headers(world.director)
    )
    assert director.status_code == 201
    duplicate = client.post(
        URL, json=situation(world, unit="U6"), headers=world.headers(world.director)
    )
    assert duplicate.status_code == 409


def test_the_list_follows_reach_and_filters(
    app: Flask, client: FlaskClient, world: World
) -> None:
    alice_u4 = add_situation(app, world.student_ids["alice"])
    alice_u6 = add_situation(app, world.student_ids["alice"], unit="U6")
    chloe_u4 = add_situation(app, world.student_ids["chloe"])

    def listed(user: int, query: str = "") -> list[int]:
        response = client.get(f"{URL}{query}", headers=world.headers(user))
        assert response.status_code == 200
        return sorted(row["id"] for row in response.get_json())

    assert listed(world.director) == [alice_u4, alice_u6, chloe_u4]
    assert listed(world.trainer_a) == [alice_u4]
    assert listed(world.trainer_b) == [chloe_u4]
    assert listed(world.director, "?unit=U6") == [alice_u6]
    assert listed(world.director, f"?cohort_id={world.cohort_b}") == [chloe_u4]
    student = world.student_ids["alice"]
    assert listed(world.director, f"?student_id={student}") == [alice_u4, alice_u6]


def test_a_student_never_sees_a_proposed_ccf_grade(
    app: Flask, client: FlaskClient, world: World
) -> None:
    sentinel = add_situation(app, world.student_ids["alice"], grade=Decimal("13.37"))
    alice = world.headers(world.alice)
    answers = [
        client.get(URL, headers=alice),
        client.get(f"{URL}/{sentinel}", headers=alice),
        client.get(f"{URL}?student_id={world.student_ids['alice']}", headers=alice),
    ]
    assert [r.status_code for r in answers] == [200, 404, 200]
    assert all("13.37" not in r.get_data(as_text=True) for r in answers)
    assert answers[0].get_json() == []
    with app.app_context():
        row = db.session.get(CcfSituation, sentinel)
        assert row is not None
        row.state = CcfState.PUBLISHED
        db.session.commit()
    published = client.get(f"{URL}/{sentinel}", headers=alice)
    assert published.status_code == 200
    assert published.get_json()["proposed_grade"] == "13.37"
    bruno = client.get(f"{URL}/{sentinel}", headers=world.headers(world.bruno))
    assert bruno.status_code == 404


def test_a_proposed_grade_changes_with_its_version_and_history(
    app: Flask, client: FlaskClient, world: World
) -> None:
    sid = add_situation(app, world.student_ids["alice"], grade=Decimal(12))
    url = f"{URL}/{sid}/grade"
    headers = world.headers(world.trainer_a)
    assert (
        client.put(url, json={"proposed_grade": 14}, headers=headers).status_code == 428
    )
    read = client.get(f"{URL}/{sid}", headers=headers)
    saved = client.put(
        url,
        json={"proposed_grade": "14.5", "comment": "Négociation solide"},
        headers=headers | {"If-Match": read.headers["ETag"]},
    )
    assert saved.status_code == 200
    assert saved.headers["ETag"] == '"2"'
    assert saved.get_json()["proposed_grade"] == "14.50"
    stale = client.put(
        url, json={"proposed_grade": 3}, headers=headers | {"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    (change,) = history_rows(app)
    assert (change.entity, change.actor_id) == (
        HistoryEntity.CCF_SITUATION,
        world.trainer_a,
    )
    assert change.old == {"proposed_grade": "12.00", "comment": None}
    assert change.new == {"proposed_grade": "14.50", "comment": "Négociation solide"}
    listed = client.get(f"{URL}/{sid}/history", headers=headers)
    assert [row["new"] for row in listed.get_json()] == [change.new]
    assert (
        client.get(
            f"{URL}/{sid}/history", headers=world.headers(world.alice)
        ).status_code
        == 403
    )
    outsider = client.put(
        url,
        json={"proposed_grade": 1},
        headers=world.headers(world.trainer_b) | {"If-Match": '"2"'},
    )
    assert outsider.status_code == 404
    student = client.put(
        url, json={"proposed_grade": 20}, headers=world.headers(world.alice)
    )
    assert student.status_code == 403
    assert situations(app)[0][3] == Decimal("14.5")


def test_a_published_situation_is_frozen_and_the_refusal_audited(
    app: Flask, client: FlaskClient, world: World
) -> None:
    sid = add_situation(
        app, world.student_ids["alice"], grade=Decimal(12), published=True
    )
    response = client.put(
        f"{URL}/{sid}/grade",
        json={"proposed_grade": 15},
        headers=world.headers(world.director) | {"If-Match": '"1"'},
    )
    assert response.status_code == 409
    assert situations(app)[0][3] == Decimal(12)
    (event,) = audit_rows(app)
    assert (event.action, event.target_id, event.outcome) == (
        "ccf.write",
        sid,
        "refused_published",
    )
