"""The jury flow: grades → compute → adjust (with a reason) → publish → lock."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from grading import evaluate, parse_candidate, result_to_json
from service.extensions import db
from service.models import (
    AuditEvent,
    BlocEntry,
    CcfSituation,
    CcfState,
    ExamUnitGrade,
    GradeHistory,
    JuryAdjustment,
    RegistrationResult,
)
from tests.service.api.conftest import World
from tests.service.api.session_helpers import (
    add_situations,
    count,
    create_session,
    enter,
    register,
)


class Jury:
    """A session with Alice registered: U3 kept, U1 dispensed, grades entered."""

    def __init__(self, app: Flask, client: FlaskClient, world: World) -> None:
        self.client = client
        self.world = world
        self.headers = world.headers(world.director)
        self.session = create_session(client, world)["id"]
        self.alice = world.student_ids["alice"]
        response = register(
            client,
            world,
            self.session,
            student_id=self.alice,
            benefits=[
                {
                    "unit": "U3",
                    "grade": "13.5",
                    "origin_session_year": 2025,
                    "obtained_on": "2025-07-04",
                }
            ],
            dispenses=[{"unit": "U1", "justification": "Licence (2022)"}],
        )
        self.registration = response.get_json()["registration"]["id"]
        # R2: U4 = mean(12, 14) = 13; U6 = mean(9, 10.5) = 9.75 → 10 (ceil_half).
        self.situations = add_situations(app, self.alice, "U4", ["12", "14"])
        self.situations += add_situations(app, self.alice, "U6", ["9", "10.5"])
        assert (
            enter(client, world, self.registration, unit="U2", grade=1).status_code
            == 201
        )
        u5 = enter(
            client, world, self.registration, unit="U5", written="9", practical=11
        )
        assert u5.status_code == 201, u5.get_json()

    def post(self, path: str, **body: Any) -> Any:
        """POST as the director."""
        return self.client.post(f"/api/v1{path}", json=body, headers=self.headers)

    def compute(self) -> Any:
        """Compute the session's results."""
        return self.post(f"/sessions/{self.session}/compute")


@pytest.fixture
def jury(app: Flask, client: FlaskClient, world: World) -> Jury:
    """A session ready to be computed."""
    return Jury(app, client, world)


def test_compute_stores_the_engine_answer_for_the_registration(
    client: FlaskClient, world: World, jury: Jury
) -> None:
    response = jury.compute()
    assert response.status_code == 200, response.get_json()
    (result,) = response.get_json()
    # 178.5 / 18 = 9.92 and a professional average of 11.25: épreuves de contrôle.
    assert result["decision"] == "autorise_controle"
    assert result["average"] == "9.92"
    document = client.get(
        f"/api/v1/registrations/{jury.registration}/candidate", headers=jury.headers
    ).get_json()
    assert document["units"]["U4"] == {"situations": ["12.00", "14.00"]}
    assert document["units"]["U1"] == {"status": "dispensed"}
    assert result["explanation"] == result_to_json(evaluate(parse_candidate(document)))
    simulated = client.post("/api/v1/simulations", json=document, headers=jury.headers)
    assert simulated.get_json() == result["explanation"]
    session = client.get(f"/api/v1/sessions/{jury.session}", headers=jury.headers)
    assert session.get_json()["state"] == "deliberated"


def test_a_jury_adjustment_needs_a_reason_and_recomputes(
    app: Flask, jury: Jury
) -> None:
    jury.compute()
    path = f"/registrations/{jury.registration}/adjustments"
    for body in ({"unit": "U2", "grade": 2}, {"unit": "U2", "grade": 2, "reason": " "}):
        refused = jury.post(path, **body)
        assert refused.status_code == 422
        assert list(refused.get_json()["errors"]) == ["reason"]
    assert count(app, JuryAdjustment) == 0
    adjusted = jury.post(path, unit="U2", grade=2, reason="Erreur de report de note")
    assert adjusted.status_code == 201, adjusted.get_json()
    body = adjusted.get_json()
    assert body["adjustment"]["old_grade"] == "1.00"
    assert body["adjustment"]["new_grade"] == "2.00"
    assert body["result"]["decision"] == "admis"  # 181.5 / 18 = 10.08
    assert body["result"]["average"] == "10.08"
    recomputed = jury.compute().get_json()[0]
    assert recomputed["decision"] == "admis"  # the adjustment survives a recompute
    assert body["result"]["explanation"]["units"]["U2"]["source"] == "jury"
    assert any(
        "Erreur de report de note" in line
        for line in recomputed["explanation"]["explanation"]
    )
    dispensed = jury.post(path, unit="U1", grade=15, reason="Dispensée")
    assert dispensed.status_code == 422  # the engine: no grade for the jury to change
    assert list(dispensed.get_json()["errors"]) == ["unit"]
    assert count(app, JuryAdjustment) == 1


def test_the_full_flow_up_to_the_lock(
    app: Flask, client: FlaskClient, world: World, jury: Jury
) -> None:
    own = f"/api/v1/students/{jury.alice}/results"
    alice = world.headers(world.alice)
    jury.compute()
    jury.post(
        f"/registrations/{jury.registration}/adjustments",
        unit="U2",
        grade=2,
        reason="Erreur de report",
    )
    assert client.get(own, headers=alice).get_json() == []  # R7: not yet published
    situation = f"/api/v1/ccf-situations/{jury.situations[0]}"
    assert client.get(situation, headers=alice).status_code == 404
    published = jury.post(f"/sessions/{jury.session}/publish")
    assert published.status_code == 200
    assert published.get_json()["state"] == "published"
    (seen,) = client.get(own, headers=alice).get_json()
    shown = client.get(situation, headers=alice)
    assert shown.status_code == 200
    assert shown.get_json()["proposed_grade"] == "12.00"
    assert seen["decision"] == "admis"
    assert seen["explanation"]["units"]["U4"]["grade"] == 13
    with app.app_context():
        states = db.session.scalars(select(CcfSituation.state)).all()
        assert set(states) == {CcfState.PUBLISHED}
        blocs = {
            (b.unit, b.obtained_session_year, b.valid_through_session)
            for b in db.session.scalars(select(BlocEntry))
        }
    assert blocs == {
        ("U3", 2025, 2030),
        ("U4", 2027, 2032),
        ("U5", 2027, 2032),
        ("U6", 2027, 2032),
    }
    assert jury.post(f"/sessions/{jury.session}/lock").get_json()["state"] == "locked"
    before = count(app, ExamUnitGrade), count(app, RegistrationResult)
    writes = [
        jury.post(f"/sessions/{jury.session}/compute"),
        jury.post(f"/sessions/{jury.session}/lock"),
        jury.post(
            f"/registrations/{jury.registration}/exam-grades", unit="UF1", grade=15
        ),
        jury.post(
            f"/registrations/{jury.registration}/adjustments",
            unit="U2",
            grade=3,
            reason="Encore",
        ),
        jury.post(f"/sessions/{jury.session}/registrations", student_id=jury.alice + 1),
        client.patch(
            f"/api/v1/sessions/{jury.session}",
            json={"year": 2030},
            headers=jury.headers,
        ),
    ]
    assert [w.status_code for w in writes] == [409] * len(writes)
    assert (count(app, ExamUnitGrade), count(app, RegistrationResult)) == before
    with app.app_context():
        refusals = db.session.scalars(
            select(AuditEvent).where(AuditEvent.outcome == "refused_locked")
        ).all()
    assert len(refusals) == len(writes)
    assert {r.target_id for r in refusals} == {jury.session}


def test_students_see_only_their_own_results_and_trainers_their_cohorts(
    client: FlaskClient, world: World, jury: Jury
) -> None:
    jury.compute()
    jury.post(f"/sessions/{jury.session}/publish")
    url = f"/api/v1/students/{jury.alice}/results"
    missing = client.get(
        "/api/v1/students/999999/results", headers=world.headers(world.bruno)
    )
    other = client.get(url, headers=world.headers(world.bruno))
    assert other.status_code == 404
    assert other.get_json() == missing.get_json() | {"status": 404}
    assert client.get(url, headers=world.headers(world.trainer_b)).status_code == 404
    assert len(client.get(url, headers=world.headers(world.trainer_a)).get_json()) == 1
    exam = client.get(
        f"/api/v1/registrations/{jury.registration}/result",
        headers=world.headers(world.alice),
    )
    assert exam.status_code == 403


def test_exam_grades_need_if_match_and_keep_their_history(
    app: Flask, client: FlaskClient, world: World, jury: Jury
) -> None:
    created = enter(client, world, jury.registration, unit="UF1", grade="14.5")
    assert created.status_code == 201
    assert created.headers["ETag"] == '"1"'
    url = f"/api/v1/exam-grades/{created.get_json()['id']}"
    headers = jury.headers
    assert client.put(url, json={"grade": 15}, headers=headers).status_code == 428
    saved = client.put(url, json={"grade": 15}, headers=headers | {"If-Match": '"1"'})
    assert saved.status_code == 200
    assert saved.headers["ETag"] == '"2"'
    stale = client.put(url, json={"grade": 16}, headers=headers | {"If-Match": '"1"'})
    assert stale.status_code == 412
    assert client.get(url, headers=headers).get_json()["grade"] == "15.00"
    history = client.get(f"{url}/history", headers=headers).get_json()
    assert [(h["old"], h["new"]["grade"]) for h in history] == [
        (None, "14.50"),
        (history[1]["old"], "15.00"),
    ]
    assert history[1]["old"]["grade"] == "14.50"
    with app.app_context():
        assert (
            db.session.scalar(select(GradeHistory.entity).limit(1)) == "exam_unit_grade"
        )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"unit": "U1", "grade": 12}, "unit"),  # dispensed at registration
        ({"unit": "U4", "status": "dispensed"}, "status"),  # R6
        ({"unit": "U3", "written": 12, "practical": 10}, "written"),  # no parts
        ({"unit": "U9", "grade": 12}, "unit"),
        ({"unit": "U2", "grade": 12, "status": "absent"}, "grade"),
        ({"unit": "U5", "written": 12}, "practical"),
        ({"unit": "UF1", "grade": "12,5"}, "grade"),
    ],
)
def test_exam_grade_entries_are_checked_by_field(
    app: Flask, jury: Jury, body: dict[str, Any], field: str
) -> None:
    before = count(app, ExamUnitGrade)
    response = enter(jury.client, jury.world, jury.registration, **body)
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == [field]
    assert count(app, ExamUnitGrade) == before


def test_deliberated_sessions_take_grades_only_after_reopening(
    client: FlaskClient, world: World, jury: Jury
) -> None:
    jury.compute()
    refused = enter(client, world, jury.registration, unit="UF1", grade=15)
    assert refused.status_code == 409
    reopened = jury.post(f"/sessions/{jury.session}/reopen")
    assert reopened.get_json()["state"] == "open"
    assert (
        enter(client, world, jury.registration, unit="UF1", grade=15).status_code == 201
    )
    (result,) = jury.compute().get_json()
    assert result["explanation"]["optional_points"] == 5  # R3.2: points above 10


def test_computing_needs_the_jury_date(client: FlaskClient, world: World) -> None:
    headers = world.headers(world.director)
    session = client.post(
        "/api/v1/sessions", json={"year": 2028}, headers=headers
    ).get_json()
    register(client, world, session["id"], student_id=world.student_ids["bruno"])
    response = client.post(f"/api/v1/sessions/{session['id']}/compute", headers=headers)
    assert response.status_code == 409
    state = client.get(f"/api/v1/sessions/{session['id']}", headers=headers)
    assert state.get_json()["state"] == "open"
