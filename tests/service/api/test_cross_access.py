"""T02 / T03: students (and tutors) read only their own; trainers write only theirs.

Generic over the url_map and the access rules, so routes added later are walked
too: every GET route a student may call, with every id; every write route with
bodies built from the OpenAPI document, as a trainer outside the rows' cohort.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import select

from service.access.guard import EXTENSION_KEY
from service.access.rules import Ownership
from service.extensions import db
from service.models import Grade, Role, Student, User
from tests.service.api.attendance_helpers import add_attendance
from tests.service.api.conftest import World
from tests.service.api.progress_helpers import (
    Exam,
    Scenario,
    add_deliberated_session,
    build_scenario,
    ccf,
    formative,
)
from tests.service.api.route_walk import Call, id_pool, missing_body, walk
from tests.service.api.write_walk import WriteCall, snapshot, write_calls, write_rules

STUDENTS = ("alice", "bruno", "chloe")
SUCCESS = range(200, 300)


@pytest.fixture
def scenario(app: Flask, world: World) -> tuple[Scenario, Exam]:
    """Grades, CCF situations and a deliberated session of Alice's cohort, and
    attendance (roll calls, justified absences with documents, contracts)."""
    add_attendance(app, world)
    return build_scenario(app, world), add_deliberated_session(app, world)


def identity_markers(
    app: Flask, world: World, names: list[str]
) -> list[re.Pattern[str]]:
    """Return patterns that name these students: names, e-mail, number, ids."""
    patterns = []
    with app.app_context():
        for name in names:
            student = db.session.get(Student, world.student_ids[name])
            assert student is not None
            user = db.session.get(User, student.user_id)
            assert user is not None
            patterns += [
                re.compile(re.escape(text))
                for text in (student.last_name, student.student_number, user.email)
            ]
            patterns += [
                re.compile(rf'"student_id":\s*{student.id}(?!\d)'),
                re.compile(rf'"user_id":\s*{user.id}(?!\d)'),
            ]
    return patterns


def refusals_unlike_missing(
    app: Flask, calls: list[Call], user_id: int, token: str
) -> list[str]:
    """Return the refused calls whose answer differs from a missing id's."""
    missing = {}
    wrong = []
    for call in calls:
        if not call.arguments or call.status == 200:
            continue
        if call.endpoint not in missing:
            missing[call.endpoint] = missing_body(app, call.endpoint, user_id, token)
        if (call.status, call.body) != missing[call.endpoint]:
            wrong.append(f"{call.url} → {call.status}")
    return wrong


def reads_only(app: Flask, world: World, user: int, own: str) -> list[Call]:
    """Walk as ``user``, who follows ``own``: nothing of the other students leaks."""
    token = world.tokens[user]
    others = [name for name in STUDENTS if name != own]
    other_ids = {world.student_ids[name] for name in others}
    calls = walk(app, user, token)
    successes = [c for c in calls if c.status == 200]
    assert len(successes) > 20
    markers = identity_markers(app, world, others)
    leaked = [c.url for c in successes if any(m.search(c.body) for m in markers)]
    assert leaked == []
    by_student_id = [
        c.url for c in successes if c.arguments.get("student_id") in other_ids
    ]
    assert by_student_id == []
    assert refusals_unlike_missing(app, calls, user, token) == []
    return successes


@pytest.mark.parametrize("student", STUDENTS)
def test_a_student_reads_nothing_of_another_student(
    app: Flask, world: World, scenario: tuple[Scenario, Exam], student: str
) -> None:
    reads_only(app, world, getattr(world, student), student)


def test_a_tutor_reads_their_apprentice_and_nothing_of_the_others(
    app: Flask, world: World, scenario: tuple[Scenario, Exam]
) -> None:
    successes = reads_only(app, world, world.tutor, "alice")
    alice = world.student_ids["alice"]
    read = {c.endpoint for c in successes if c.arguments.get("student_id") == alice}
    assert {"progress.get_progress", "web.apprentice_attendance"} <= read
    documents = {c.url for c in successes if c.endpoint == "web.justification_document"}
    assert len(documents) == 1  # Alice's justification, not Bruno's nor Chloé's


def out_of_reach_writes(
    app: Flask, world: World, exam: Exam, built: Scenario
) -> Iterator[WriteCall]:
    """Every write as Trainer B aimed at cohort A (which only Trainer A teaches)."""
    pool = id_pool(app)
    path_ids = {
        "*": pool,
        "student_id": [i for i in pool if i != world.student_ids["chloe"]],
        "cohort_id": [i for i in pool if i != world.cohort_b],
    }
    targets = {
        "student_id": world.student_ids["alice"],
        "cohort_id": world.cohort_a,
        "subject_id": world.subjects["RCNV"],
        "period_id": world.periods[world.cohort_a]["S1"],
        "assessment_id": built.dissertation,
        "registration_id": exam.registration_id,
        "session_id": exam.session_id,
        "trainer_id": world.trainer_b,
        "user_id": world.trainer_b,
    }
    return write_calls(app, Role.TRAINER, path_ids, targets)


def scoped_endpoints_with_ids(app: Flask) -> set[str]:
    """Return the write endpoints a trainer reaches by assignment, with a path id."""
    rules = app.extensions[EXTENSION_KEY]
    return {
        rule.endpoint
        for rule, _ in write_rules(app, Role.TRAINER)
        if rule.arguments
        and rules.get(rule.endpoint).ownership_for(Role.TRAINER)
        is Ownership.ASSIGNMENTS
    }


@dataclass
class Outcome:
    """What a series of writes did."""

    count: int = 0
    #: Writes that answered 2xx and changed the database.
    accepted: list[str] = field(default_factory=list)
    #: Endpoints that answered 404 at least once.
    not_found: set[str] = field(default_factory=set)


def attempt(app: Flask, calls: Iterable[WriteCall], headers: dict[str, str]) -> Outcome:
    """Send every write; note those that changed the database (snapshot)."""
    client = app.test_client()
    with app.app_context():
        before = snapshot()
    outcome = Outcome()
    for call in calls:
        outcome.count += 1
        response = client.open(
            call.url, method=call.method, json=call.body, headers=headers
        )
        assert response.status_code < 500, (call, response.get_json())
        if response.status_code == 404:
            outcome.not_found.add(call.endpoint)
        if response.status_code in SUCCESS:
            with app.app_context():
                if snapshot() != before:
                    outcome.accepted.append(f"{call.method} {call.url}")
    with app.app_context():
        assert snapshot() == before
    return outcome


def test_a_trainer_writes_nothing_in_a_cohort_they_do_not_teach(
    app: Flask, world: World, scenario: tuple[Scenario, Exam]
) -> None:
    built, exam = scenario
    headers = world.headers(world.trainer_b) | {"If-Match": '"1"'}
    outcome = attempt(app, out_of_reach_writes(app, world, exam, built), headers)
    assert outcome.count > 50
    assert outcome.accepted == []
    # The bodies are valid enough to reach the ownership check of every route
    # that names rows by id: each answered "not found" at least once.
    assert scoped_endpoints_with_ids(app) <= outcome.not_found


def test_a_trainer_writes_nothing_in_a_subject_they_do_not_teach(
    app: Flask, world: World, scenario: tuple[Scenario, Exam]
) -> None:
    # Trainer A teaches CEF (U1) and RCNV (U4) to cohort A, not LV1 (U2) nor U6.
    alice, bruno = world.student_ids["alice"], world.student_ids["bruno"]
    with app.app_context():
        marks = {alice: Decimal("13.11"), bruno: Decimal("9.22")}
        lv1 = formative(world, "LV1", "S1", "Compréhension orale", marks)
        situation = ccf(alice, "U6", 1, Decimal(12))
        grades = list(
            db.session.scalars(select(Grade.id).where(Grade.assessment_id == lv1.id))
        )
        db.session.commit()
        lv1_id = lv1.id
    path_ids = {
        "*": [],
        "student_id": [alice],
        "assessment_id": [lv1_id],
        "grade_id": grades,
        "situation_id": [situation],
    }
    targets = {
        "assessment_id": lv1_id,
        "subject_id": world.subjects["LV1"],
        "cohort_id": world.cohort_a,
        "period_id": world.periods[world.cohort_a]["S1"],
        "student_id": alice,
        "unit": "U6",
    }
    calls = write_calls(app, Role.TRAINER, path_ids, targets)
    headers = world.headers(world.trainer_a) | {"If-Match": '"1"'}
    outcome = attempt(app, calls, headers)
    assert outcome.count > 20
    assert outcome.accepted == []
    assert scoped_endpoints_with_ids(app) <= outcome.not_found
