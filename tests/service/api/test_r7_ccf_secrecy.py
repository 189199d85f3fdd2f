"""T05 / R7: unpublished grades reach 0 student responses, even through aggregates.

Alice's unpublished CCF situation holds 13.37 and an unpublished formative
assessment holds 16.87. The engine computes every figure that uses either
(unit grade, averages, class statistics, what is still needed, the session's
result); the walk calls every GET route a student may call, with every id, as
each student, and none of these numbers may appear. Once the results and the
assessment are published, they show at the next request.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from flask import Flask
from flask.testing import FlaskClient

from grading import (
    Assessment,
    Candidate,
    Mark,
    MarkStatus,
    class_statistics,
    display,
    evaluate,
    formative_averages,
    load_regulation,
    statistics_by_assessment,
    still_needed,
)
from tests.service.api.conftest import World
from tests.service.api.progress_helpers import (
    CCF_OTHER,
    CCF_SENTINEL,
    EXAM_UNITS,
    FORMATIVE_OTHER,
    FORMATIVE_SENTINEL,
    SESSION,
    Exam,
    Scenario,
    add_deliberated_session,
    build_scenario,
)
from tests.service.api.route_walk import Call, leaks, walk

REGULATION = load_regulation("bts-ndrc")


def ccf_derived() -> set[Decimal]:
    """Every figure of Alice's that uses the unpublished CCF grade (R7)."""
    result = evaluate(Candidate(SESSION, EXAM_UNITS))
    u4 = result.units["U4"]
    assert u4.grade is not None
    assert u4.points is not None
    held = display(u4.grade)
    need = still_needed(REGULATION, {"U4": held}).grade
    assert need is not None
    figures = {
        CCF_SENTINEL,
        display((Fraction(CCF_SENTINEL) + Fraction(CCF_OTHER)) / 2),
        held,
        display(u4.points),
        need,
        display(result.total_points),
    }
    for value in (result.average, result.professional_average):
        assert value is not None
        figures.add(display(value))
    return figures


def formative_figures(hidden: bool) -> set[Decimal]:
    """Every average and class figure of the scenario, with or without « Synthèse »."""
    assessments = [
        Assessment("D", "CEF", "S1"),
        Assessment("R", "CEF", "S1", scale=Decimal(10), weight=Decimal(2)),
        Assessment("P", "RCNV", "S2"),
    ]
    marks = [
        Mark("alice", "D", Decimal(12)),
        Mark("bruno", "D", Decimal(8)),
        Mark("alice", "R", Decimal(7)),
        Mark("bruno", "R", status=MarkStatus.ABS),
        Mark("alice", "P", Decimal(15)),
        Mark("bruno", "P", status=MarkStatus.ABJ),
    ]
    if hidden:
        assessments.append(Assessment("H", "CEF", "S1"))
        marks += [
            Mark("alice", "H", FORMATIVE_SENTINEL),
            Mark("bruno", "H", FORMATIVE_OTHER),
        ]
    units = {"CEF": ("U1",), "RCNV": ("U4",)}
    averages = formative_averages(assessments, marks, units, REGULATION.periods)
    groups: dict[object, dict[str, Fraction]] = {}
    for student in averages.values():
        for table in (
            student.by_subject_period,
            student.by_subject_year,
            student.by_unit_year,
            student.by_unit,
        ):
            for name, value in table.items():
                groups.setdefault(name, {})[student.student] = value
    statistics = [class_statistics(group) for group in groups.values()]
    statistics += statistics_by_assessment(assessments, marks).values()
    figures = {value for group in groups.values() for value in group.values()}
    for item in statistics:
        figures |= {v for v in (item.mean, item.minimum, item.maximum) if v is not None}
    return {display(value) for value in figures}


def formative_derived() -> set[Decimal]:
    """Figures that exist only because of the unpublished assessment (R7)."""
    return formative_figures(hidden=True) - formative_figures(hidden=False) | {
        FORMATIVE_SENTINEL,
        FORMATIVE_OTHER,
    }


@pytest.fixture
def scenario(app: Flask, world: World) -> tuple[Scenario, Exam]:
    """The progress scenario and Alice's deliberated session."""
    return build_scenario(app, world), add_deliberated_session(app, world)


def shown_values(
    calls: list[Call], values: set[Decimal]
) -> list[tuple[str, list[str]]]:
    """Return the successful calls that show any of ``values``."""
    found = []
    for call in calls:
        if call.status < 400 and (hits := leaks(call, values)):
            found.append((call.url, hits))
    return found


def test_the_derived_figures_are_distinct_from_what_students_may_see() -> None:
    visible = formative_figures(hidden=False)
    assert ccf_derived().isdisjoint(visible)
    assert formative_derived().isdisjoint(visible)
    assert Decimal("14.50") in ccf_derived()
    assert Decimal("14.22") in formative_derived()


@pytest.mark.parametrize("student", ["alice", "bruno", "chloe", "tutor"])
def test_no_student_response_shows_an_unpublished_grade_or_aggregate(
    app: Flask, world: World, scenario: tuple[Scenario, Exam], student: str
) -> None:
    user = getattr(world, student)
    calls = walk(app, user, world.tokens[user])
    assert sum(call.status == 200 for call in calls) > 20
    assert shown_values(calls, ccf_derived() | formative_derived()) == []


def publish(client: FlaskClient, world: World, built: Scenario, exam: Exam) -> None:
    """The director publishes the session's results; the trainer the assessment."""
    results = client.post(
        f"/api/v1/sessions/{exam.session_id}/publish",
        headers=world.headers(world.director),
    )
    assert results.status_code == 200, results.get_json()
    assessment = client.post(
        f"/api/v1/assessments/{built.hidden}/publish",
        headers=world.headers(world.trainer_a),
    )
    assert assessment.status_code == 200, assessment.get_json()


def test_published_results_and_assessments_show_at_the_next_request(
    app: Flask, client: FlaskClient, world: World, scenario: tuple[Scenario, Exam]
) -> None:
    publish(client, world, *scenario)
    calls = walk(app, world.alice, world.tokens[world.alice])
    shown = {value for _, hits in shown_values(calls, ccf_derived()) for value in hits}
    assert {"13.37", "14.50"} <= shown
    progress = [
        call
        for call in calls
        if call.endpoint == "progress.get_progress" and call.status == 200
    ]
    assert any(leaks(call, {Decimal("14.22")}) for call in progress)
