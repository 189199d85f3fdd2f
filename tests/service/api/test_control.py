"""Épreuves de contrôle (R3.5–R3.6): entered for allowed candidates, then recomputed."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.models import ControlGrade
from tests.service.api.conftest import World
from tests.service.api.session_helpers import count
from tests.service.api.test_results import Jury


@pytest.fixture
def jury(app: Flask, client: FlaskClient, world: World) -> Jury:
    """Alice registered and graded; computing gives « autorisée au contrôle »."""
    return Jury(app, client, world)


def put_controls(jury: Jury, grades: dict[str, object]) -> object:
    """PUT the control grades of the jury's registration as the director."""
    return jury.client.put(
        f"/api/v1/registrations/{jury.registration}/control-grades",
        json={"grades": grades},
        headers=jury.headers,
    )


def test_a_good_control_oral_turns_the_decision_into_admis_apres_controle(
    app: Flask, jury: Jury
) -> None:
    assert jury.compute().get_json()[0]["decision"] == "autorise_controle"
    # U2 was 1: the better of 1 and 6 counts, 178.5 + 3 × 5 = 193.5 / 18 = 10.75.
    response = put_controls(jury, {"U2": "6"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["decision"] == "admis_apres_controle"
    assert body["average"] == "10.75"
    assert count(app, ControlGrade) == 1
    # Recomputing the session keeps the control grades.
    assert jury.compute().get_json()[0]["decision"] == "admis_apres_controle"


def test_a_weak_control_oral_leaves_the_candidate_refused(jury: Jury) -> None:
    jury.compute()
    # 0.5 + 1: 1 still counts for U2 (the better grade); 178.5 / 18 stays below 10.
    body = put_controls(jury, {"U2": "0.5"}).get_json()
    assert body["decision"] == "refuse"
    corrected = put_controls(jury, {"U2": "7"}).get_json()
    assert corrected["decision"] == "admis_apres_controle"


def test_a_control_grade_on_a_professional_unit_is_refused_naming_it(
    app: Flask, jury: Jury
) -> None:
    jury.compute()
    response = put_controls(jury, {"U4": "15"})
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert list(response.get_json()["errors"]) == ["grades.U4"]
    assert count(app, ControlGrade) == 0


def test_control_grades_need_a_candidate_allowed_to_the_controle(
    app: Flask, jury: Jury
) -> None:
    before_compute = put_controls(jury, {"U2": "12"})
    assert before_compute.status_code == 409
    assert count(app, ControlGrade) == 0
