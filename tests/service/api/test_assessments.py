"""Assessments: who sees and changes which, publication (R7), locking (T07)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from service.extensions import db
from service.models import Assessment
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import (
    add_assessment,
    add_grade,
    audit_rows,
    grade_table,
)

URL = "/api/v1/assessments"


def new_assessment(world: World, **overrides: Any) -> dict[str, Any]:
    """A valid creation body for cohort A × RCNV in S1."""
    return {
        "cohort_id": world.cohort_a,
        "subject_id": world.subjects["RCNV"],
        "period_id": world.periods[world.cohort_a]["S1"],
        "title": "Négociation : jeu de rôle",
        "held_on": "2025-11-12",
        "kind": "oral",
        "max_score": "20",
    } | overrides


def titles(response: Any) -> list[int]:
    """The ids listed by a list response."""
    assert response.status_code == 200, response.get_json()
    return sorted(item["id"] for item in response.get_json())


def test_each_role_lists_only_the_assessments_in_its_reach(
    app: Flask, client: FlaskClient, world: World
) -> None:
    draft = add_assessment(app, world)
    published = add_assessment(app, world, published=True)
    untaught = add_assessment(app, world, subject="CEJM", published=True)
    other_cohort = add_assessment(app, world, cohort="b", published=True)
    expected = {
        world.director: [draft, published, untaught, other_cohort],
        world.trainer_a: [draft, published],
        world.trainer_b: [other_cohort],
        world.alice: [published, untaught],
        world.chloe: [other_cohort],
    }
    for user, ids in expected.items():
        assert titles(client.get(URL, headers=world.headers(user))) == ids


def test_the_list_filters_and_pages(
    app: Flask, client: FlaskClient, world: World
) -> None:
    draft = add_assessment(app, world)
    published = add_assessment(app, world, published=True)
    cef = add_assessment(app, world, subject="CEF")
    headers = world.headers(world.trainer_a)
    drafts = client.get(f"{URL}?published=false", headers=headers)
    assert titles(drafts) == [draft, cef]
    cef_only = client.get(f"{URL}?subject_id={world.subjects['CEF']}", headers=headers)
    assert titles(cef_only) == [cef]
    page = client.get(f"{URL}?page=1&page_size=2", headers=headers)
    assert len(page.get_json()) == 2
    assert '"total": 3' in page.headers["X-Pagination"]
    assert published in titles(client.get(f"{URL}?published=true", headers=headers))


def test_a_trainer_creates_an_assessment_of_their_assignment(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        URL, json=new_assessment(world), headers=world.headers(world.trainer_a)
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["max_score"] == "20.00"
    assert body["coefficient"] == "1.00"
    assert body["published_at"] is None
    assert body["locked"] is False
    assert body["created_by_id"] == world.trainer_a


def test_creating_outside_ones_assignments_is_a_404_and_adds_nothing(
    app: Flask, client: FlaskClient, world: World
) -> None:
    for body in (
        new_assessment(world, subject_id=world.subjects["CEJM"]),
        new_assessment(
            world,
            cohort_id=world.cohort_b,
            period_id=world.periods[world.cohort_b]["S1"],
            subject_id=world.subjects["CEF"],
        ),
    ):
        response = client.post(URL, json=body, headers=world.headers(world.trainer_a))
        assert response.status_code == 404
        assert response.mimetype == "application/problem+json"
    student = client.post(
        URL, json=new_assessment(world), headers=world.headers(world.alice)
    )
    assert student.status_code == 403
    with app.app_context():
        assert db.session.query(Assessment).count() == 0


def test_bad_values_are_422_by_field_and_never_rounded(
    client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    cases = {
        "max_score": new_assessment(world, max_score="12.345"),
        "coefficient": new_assessment(world, coefficient="1,5"),
        "period_id": new_assessment(
            world, period_id=world.periods[world.cohort_b]["S1"]
        ),
        "locked": new_assessment(world, locked=True),
    }
    for field_name, body in cases.items():
        response = client.post(URL, json=body, headers=headers)
        assert response.status_code == 422, field_name
        assert field_name in response.get_json()["errors"], response.get_json()


def test_a_student_sees_an_unpublished_assessment_as_missing(
    app: Flask, client: FlaskClient, world: World
) -> None:
    draft = add_assessment(app, world)
    hidden = client.get(f"{URL}/{draft}", headers=world.headers(world.alice))
    missing = client.get(f"{URL}/999999", headers=world.headers(world.alice))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_json() == missing.get_json()
    publish = client.post(
        f"{URL}/{draft}/publish", headers=world.headers(world.trainer_a)
    )
    assert publish.status_code == 200
    assert publish.get_json()["published_at"] is not None
    seen = client.get(f"{URL}/{draft}", headers=world.headers(world.alice))
    assert seen.status_code == 200
    assert (
        client.get(f"{URL}/{draft}", headers=world.headers(world.chloe)).status_code
        == 404
    )


def test_a_trainer_edits_but_cannot_move_an_assessment(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    headers = world.headers(world.trainer_a)
    edited = client.patch(
        f"{URL}/{assessment}",
        json={"title": "Jeu de rôle n° 2", "coefficient": 2},
        headers=headers,
    )
    assert edited.status_code == 200
    assert edited.get_json()["title"] == "Jeu de rôle n° 2"
    assert edited.get_json()["coefficient"] == "2.00"
    moved = client.patch(
        f"{URL}/{assessment}", json={"cohort_id": world.cohort_b}, headers=headers
    )
    assert moved.status_code == 422
    assert "cohort_id" in moved.get_json()["errors"]
    outsider = client.patch(
        f"{URL}/{assessment}",
        json={"title": "x"},
        headers=world.headers(world.trainer_b),
    )
    assert outsider.status_code == 404


def test_the_maximum_never_drops_below_a_given_score(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    add_grade(app, assessment, world.student_ids["alice"], Decimal("18.5"))
    headers = world.headers(world.trainer_a)
    refused = client.patch(
        f"{URL}/{assessment}", json={"max_score": "15"}, headers=headers
    )
    assert refused.status_code == 409
    assert "18.50" in refused.get_json()["detail"]
    raised = client.patch(
        f"{URL}/{assessment}", json={"max_score": 40}, headers=headers
    )
    assert raised.status_code == 200
    assert raised.get_json()["max_score"] == "40.00"
    lowered = client.patch(
        f"{URL}/{assessment}", json={"max_score": "18.50"}, headers=headers
    )
    assert lowered.status_code == 200


def test_a_locked_assessment_refuses_edits_and_audits_the_refusal(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    headers = world.headers(world.trainer_a)
    locked = client.post(f"{URL}/{assessment}/lock", headers=headers)
    assert locked.status_code == 200
    assert locked.get_json()["locked"] is True
    for response in (
        client.patch(f"{URL}/{assessment}", json={"title": "x"}, headers=headers),
        client.post(f"{URL}/{assessment}/publish", headers=headers),
    ):
        assert response.status_code == 409
        assert response.mimetype == "application/problem+json"
    with app.app_context():
        row = db.session.get(Assessment, assessment)
        assert row is not None
        assert row.title == "Contrôle RCNV"
        assert row.published_at is None
    events = [(e.action, e.outcome, e.actor_id) for e in audit_rows(app)]
    assert events == [
        ("assessment.lock", "accepted", world.trainer_a),
        ("assessment.edit", "refused_locked", world.trainer_a),
        ("assessment.publish", "refused_locked", world.trainer_a),
    ]


def test_only_the_director_reopens_and_must_give_a_reason(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world, locked=True)
    unlock = f"{URL}/{assessment}/unlock"
    trainer = client.post(
        unlock, json={"reason": "erreur"}, headers=world.headers(world.trainer_a)
    )
    assert trainer.status_code == 403
    director = world.headers(world.director)
    assert client.post(unlock, json={}, headers=director).status_code == 422
    reopened = client.post(unlock, json={"reason": "Copie retrouvée"}, headers=director)
    assert reopened.status_code == 200
    assert reopened.get_json()["locked"] is False
    (event,) = audit_rows(app)
    assert (event.action, event.outcome, event.actor_id) == (
        "assessment.unlock",
        "accepted",
        world.director,
    )
    assert event.detail == {"reason": "Copie retrouvée"}
    assert grade_table(app) == []
