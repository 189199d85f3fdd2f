"""GET /api/v1/students/<id>/progress: averages, class figures, projection, R7."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.models import (
    BlocSource,
    Dispense,
    Role,
)
from tests.service.api.conftest import World
from tests.service.api.progress_helpers import (
    Scenario,
    add_deliberated_session,
    build_scenario,
    publish_ccf,
)
from tests.service.factories import (
    committed,
    make_assignment,
    make_bloc,
    make_exam_session,
    make_registration,
    make_token,
)
from tests.service.world import account


@pytest.fixture
def scenario(app: Flask, world: World) -> Scenario:
    """The progress scenario of ``progress_helpers``."""
    return build_scenario(app, world)


def progress(
    client: FlaskClient, world: World, user: int, student: str = "alice"
) -> Any:
    """Return the JSON progress of a student as ``user`` sees it (asserting 200)."""
    url = f"/api/v1/students/{world.student_ids[student]}/progress"
    response = client.get(url, headers=world.headers(user))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def subject_line(body: Any, world: World, code: str) -> Any:
    """Return the line of one subject."""
    (line,) = [s for s in body["subjects"] if s["subject_id"] == world.subjects[code]]
    return line


def forecast(body: Any, unit: str) -> Any:
    """Return the projection of one unit."""
    (line,) = [u for u in body["projection"]["units"] if u["unit"] == unit]
    return line


def test_a_student_sees_published_averages_with_class_figures_and_rank(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    body = progress(client, world, world.alice)
    cef = subject_line(body, world, "CEF")
    assert body["published_only"] is True
    assert cef["units"] == ["U1"]
    # (12×1 + 14×2) / 3 = 13.33; Bruno (8 + ABS 0 × 2) / 3 = 2.67; ABS counts 0.
    assert cef["periods"] == [
        {
            "period": "S1",
            "average": "13.33",
            "statistics": {
                "count": 2,
                "mean": "8.00",
                "minimum": "2.67",
                "maximum": "13.33",
                "below_8": 1,
                "from_8_to_12": 0,
                "from_12": 1,
                "rank": "1/2",
            },
        }
    ]
    assert [(y["year"], y["average"]) for y in cef["years"]] == [(1, "13.33")]


def test_a_justified_absence_is_left_out_of_the_class_figures(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    body = progress(client, world, world.bruno, "bruno")
    rcnv = subject_line(body, world, "RCNV")
    assert rcnv["periods"][0]["average"] is None
    assert rcnv["periods"][0]["statistics"]["count"] == 1
    assert rcnv["periods"][0]["statistics"]["rank"] is None


def test_unit_averages_follow_the_subject_to_unit_map(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    body = progress(client, world, world.alice)
    units = {u["unit"]: u for u in body["units"]}
    assert sorted(units) == ["U1", "U4"]
    assert units["U1"]["average"] == "13.33"
    assert units["U4"]["average"] == "15.00"
    assert units["U4"]["statistics"]["count"] == 1
    assert units["U1"]["years"][0]["statistics"]["rank"] == "1/2"


def test_a_student_projection_uses_formative_averages_and_no_hidden_ccf(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    body = progress(client, world, world.alice)
    assert body["ccf"] == []
    assert forecast(body, "U4") == {
        "unit": "U4",
        "grade": "15.00",
        "basis": "formative",
    }
    assert forecast(body, "U2") == {"unit": "U2", "grade": None, "basis": "no_data"}
    projection = body["projection"]
    assert projection["decision"] == "incomplet"
    assert projection["average"] is None
    assert projection["missing"] == ["U2", "U3", "U5", "U6"]
    # Nothing held yet: 10 on every unit is what it takes.
    need = projection["need"]
    per_unit = {u["unit"]: u for u in need.pop("per_unit")}
    assert need == {
        "status": "needed",
        "grade": "10.00",
        "remaining": ["U1", "U2", "U3", "U4", "U5", "U6"],
    }
    # Unit by unit, the other units keep their projection (R3.4): U1's 13.33
    # lowers what U4 needs below the uniform 10, in agreement with the forecast.
    assert sorted(per_unit) == ["U1", "U2", "U3", "U4", "U5", "U6"]
    assert {u["status"] for u in per_unit.values()} == {"needed"}
    assert Decimal(per_unit["U4"]["grade"]) < 10


def test_the_director_sees_unpublished_grades_and_ccf_proposals(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    body = progress(client, world, world.director)
    assert body["published_only"] is False
    # With « Synthèse » 16.87: (12 + 28 + 16.87) / 4 = 14.2175.
    assert subject_line(body, world, "CEF")["periods"][0]["average"] == "14.22"
    assert [(c["situation_number"], c["grade"]) for c in body["ccf"]] == [
        (1, "13.37"),
        (2, "15.05"),
    ]
    # U4 = (13.37 + 15.05) / 2 = 14.21, rounded up to the half point: 14.50 (R2).
    assert forecast(body, "U4") == {"unit": "U4", "grade": "14.50", "basis": "held"}
    # (10 × 21 − 14.5 × 5) / 16 = 8.594 → 8.60 on each remaining unit.
    assert body["projection"]["need"]["grade"] == "8.60"
    assert body["projection"]["need"]["remaining"] == ["U1", "U2", "U3", "U5", "U6"]


def test_published_ccf_grades_reach_the_student_at_the_next_request(
    app: Flask, client: FlaskClient, world: World, scenario: Scenario
) -> None:
    publish_ccf(app, scenario.ccf)
    body = progress(client, world, world.alice)
    assert [c["grade"] for c in body["ccf"]] == ["13.37", "15.05"]
    assert forecast(body, "U4")["grade"] == "14.50"
    assert body["projection"]["need"]["grade"] == "8.60"


def test_a_trainer_sees_the_ccf_of_the_units_they_teach_only(
    app: Flask, client: FlaskClient, world: World, scenario: Scenario
) -> None:
    # Trainer A teaches CEF (U1) and RCNV (U4) to cohort A; Trainer C only CEF.
    with committed(app):
        trainer_c = account("formateur.c@carnet.test", "Formateur C", Role.TRAINER)
        make_assignment(trainer_c, world.cohort_a, "CEF")
        world.tokens[trainer_c.id] = make_token(trainer_c)
        trainer_c_id = trainer_c.id
    assert len(progress(client, world, world.trainer_a)["ccf"]) == 2
    body = progress(client, world, trainer_c_id)
    assert body["ccf"] == []
    assert forecast(body, "U4")["basis"] == "formative"
    assert subject_line(body, world, "RCNV")["periods"][0]["average"] == "15.00"


def test_another_student_answers_exactly_like_a_missing_one(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    headers = world.headers(world.alice)
    other = client.get(
        f"/api/v1/students/{world.student_ids['bruno']}/progress", headers=headers
    )
    missing = client.get("/api/v1/students/999999/progress", headers=headers)
    assert other.status_code == missing.status_code == 404
    assert other.get_json() == missing.get_json()
    assert other.mimetype == "application/problem+json"


def test_a_trainer_of_another_cohort_gets_404(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    url = f"/api/v1/students/{world.student_ids['alice']}/progress"
    response = client.get(url, headers=world.headers(world.trainer_b))
    assert response.status_code == 404


def test_blocs_and_results_reach_the_student_once_the_session_is_published(
    app: Flask, client: FlaskClient, world: World, scenario: Scenario
) -> None:
    exam = add_deliberated_session(app, world)
    before = progress(client, world, world.alice)
    assert (before["blocs"], before["results"]) == ([], [])
    assert [b["unit"] for b in progress(client, world, world.director)["blocs"]] == [
        "U4"
    ]
    published = client.post(
        f"/api/v1/sessions/{exam.session_id}/publish",
        headers=world.headers(world.director),
    )
    assert published.status_code == 200, published.get_json()
    after = progress(client, world, world.alice)
    (result,) = after["results"]
    assert (result["session_year"], result["decision"]) == (2027, "admis")
    assert result["explanation"]["units"]["U4"]["grade"] == 14.5
    assert {b["unit"] for b in after["blocs"]} >= {"U4"}


def test_a_valid_bloc_and_a_dispense_shape_what_is_still_needed(
    app: Flask, client: FlaskClient, world: World, scenario: Scenario
) -> None:
    alice = world.student_ids["alice"]
    with committed(app):
        dispense = Dispense(unit="U3", justification="BTS MCO")
        make_registration(alice, make_exam_session(), dispenses=[dispense])
        source = BlocSource.PREVIOUS_SCHOOL
        make_bloc(alice, "U1", source=source, obtained_session_year=None)
    body = progress(client, world, world.alice)
    assert forecast(body, "U1") == {"unit": "U1", "grade": "12.00", "basis": "held"}
    assert forecast(body, "U3") == {"unit": "U3", "grade": None, "basis": "dispensed"}
    # (10 × 18 − 12 × 3) / 15 = 9.60 on U2, U4, U5 and U6.
    need = body["projection"]["need"]
    assert [u["unit"] for u in need.pop("per_unit")] == ["U2", "U4", "U5", "U6"]
    assert need == {
        "status": "needed",
        "grade": "9.60",
        "remaining": ["U2", "U4", "U5", "U6"],
    }


def test_each_published_assessment_shows_my_mark_and_the_class_figures(
    client: FlaskClient, world: World, scenario: Scenario
) -> None:
    lines = {a["title"]: a for a in progress(client, world, world.alice)["assessments"]}
    assert sorted(lines) == ["Dissertation", "Jeu de rôle", "Résumé"]
    resume = lines["Résumé"]
    # 7/10 is 14/20; Bruno's ABS counts 0 in the class figures.
    assert (resume["score"], resume["grade"], resume["max_score"]) == (
        "7.00",
        "14.00",
        "10.00",
    )
    statistics = resume["statistics"]
    assert (statistics["count"], statistics["mean"], statistics["rank"]) == (
        2,
        "7.00",
        "1/2",
    )
    assert lines["Jeu de rôle"]["statistics"]["count"] == 1
