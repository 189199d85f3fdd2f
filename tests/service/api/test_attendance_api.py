"""Attendance in the JSON API (R8, issue 14): an apprentice's figures and
half-days, a cohort's figures with the alert flag, a cohort's planning; who
reads what; bad query dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.centre_time import centre_today
from service.extensions import db
from service.models import (
    Cohort,
    HalfDaySlot,
    Presence,
    Subject,
)
from service.operations.attendance_figures import (
    AttendanceSummary,
    cohort_attendance,
    summaries,
)
from service.operations.attendance_rows import year_start
from tests.service.api.conftest import World
from tests.service.factories import (
    committed,
    make_half_day,
    make_justification,
    make_mark,
)

BASE = "/api/v1"
DURATIONS = (
    "planned",
    "taken",
    "attended",
    "absent_justified",
    "absent_unjustified",
    "absent_pending",
)


@pytest.fixture
def day(app: Flask, world: World) -> date:
    """Cohort A's first day of this year of training: a morning (RCNV 2 h, CEJM
    1 h 30, roll call closed) where Alice came 30 min late and left 20 min early,
    an afternoon (CEF 3 h 30) where she was absent, justification pending; Bruno
    was there all day. Cohort B: a morning of Trainer B where Chloé was there."""
    with committed(app):
        cohort = db.session.get_one(Cohort, world.cohort_a)
        first = year_start(cohort, centre_today())
        morning = make_half_day(
            cohort, world.trainer_a, day=first, lessons=(("RCNV", 120), ("CEJM", 90))
        )
        morning.closed_at = datetime(first.year, first.month, first.day, 12, tzinfo=UTC)
        morning.closed_by_id = world.trainer_a
        afternoon = make_half_day(
            cohort,
            world.trainer_a,
            day=first,
            slot=HalfDaySlot.AFTERNOON,
            lessons=(("CEF", 210),),
        )
        other = make_half_day(world.cohort_b, world.trainer_b, day=first)
        ids = world.student_ids
        alice, bruno, chloe = ids["alice"], ids["bruno"], ids["chloe"]
        make_mark(morning, alice, Presence.PRESENT, late_minutes=30, early_minutes=20)
        make_mark(afternoon, alice, Presence.ABSENT)
        for half_day in (morning, afternoon):
            make_mark(half_day, bruno, Presence.PRESENT)
        make_mark(other, chloe, Presence.PRESENT)
        make_justification(alice, first)
    return first


def read(
    client: FlaskClient, world: World, user: int, url: str, status: int = 200
) -> Any:
    """GET ``url`` as ``user``; check the status and return the JSON."""
    response = client.get(BASE + url, headers=world.headers(user))
    assert response.status_code == status, response.get_json()
    return response.get_json()


def assert_same_figures(answer: dict[str, Any], summary: AttendanceSummary) -> None:
    """The answer's totals are the operation's, minute for minute."""
    for name in DURATIONS:
        assert answer[name]["minutes"] == getattr(summary, name), name
    assert answer["late"]["minutes"] == summary.late_minutes
    assert answer["early"]["minutes"] == summary.early_minutes
    for status in ("justified", "unjustified", "pending"):
        name = f"half_days_absent_{status}"
        assert answer[name] == getattr(summary, name)
    assert [
        (s["code"], s["planned"]["minutes"], s["attended"]["minutes"])
        for s in answer["subjects"]
    ] == [(s.subject, s.planned, s.attended) for s in summary.per_subject]


def test_an_apprentice_reads_their_minutes_late_and_early_counted(
    app: Flask, client: FlaskClient, world: World, day: date
) -> None:
    alice = world.student_ids["alice"]
    url = f"/students/{alice}/attendance?from={day}&to={day}"
    answer = read(client, world, world.alice, url)
    assert (answer["from"], answer["to"]) == (day.isoformat(), day.isoformat())
    summary = answer["summary"]
    # 7 h planned; the morning's 3 h 30 less 50 min: 2 h 40 attended.
    assert summary["planned"] == {"minutes": 420, "hours": "7.00"}
    assert summary["attended"] == {"minutes": 160, "hours": "2.67"}
    assert summary["absent_pending"] == {"minutes": 210, "hours": "3.50"}
    assert summary["half_days_absent_pending"] == 1
    assert (summary["late"]["minutes"], summary["early"]["minutes"]) == (30, 20)
    assert summary["rate"] == "38.10"  # 160 / 420
    assert (answer["alert"], answer["alert_rate"]) == (True, 90)
    with app.app_context():
        assert_same_figures(summary, summaries([alice], day, day)[alice])
        hours = db.session.query(Subject.hours_per_year).filter_by(code="RCNV").scalar()
    rcnv = summary["subjects"][[s["code"] for s in summary["subjects"]].index("RCNV")]
    assert rcnv["attended"]["minutes"] == 90  # late minutes off the first lesson
    assert rcnv["curriculum"]["minutes"] == hours * 60
    morning, afternoon = answer["half_days"]
    assert morning | {"half_day_id": 0} == {
        "half_day_id": 0,
        "day": day.isoformat(),
        "slot": "morning",
        "subjects": ["RCNV", "CEJM"],
        "planned_minutes": 210,
        "taken": True,
        "presence": "present",
        "attended_minutes": 160,
        "late_minutes": 30,
        "early_minutes": 20,
        "justification": None,
    }
    assert (afternoon["presence"], afternoon["justification"]) == ("absent", "pending")


def test_by_default_the_year_of_training_up_to_today_is_counted(
    app: Flask, client: FlaskClient, world: World, day: date
) -> None:
    bruno = world.student_ids["bruno"]
    answer = read(client, world, world.director, f"/students/{bruno}/attendance")
    today = centre_today()
    assert (answer["from"], answer["to"]) == (day.isoformat(), today.isoformat())
    assert answer["summary"]["rate"] == "100.00"
    assert answer["alert"] is False
    with app.app_context():
        assert_same_figures(answer["summary"], summaries([bruno], day, today)[bruno])


def test_only_to_counts_from_the_start_of_its_year_of_training(
    client: FlaskClient, world: World, day: date
) -> None:
    alice = world.student_ids["alice"]
    to = day + timedelta(days=3)
    url = f"/students/{alice}/attendance?to={to}"
    answer = read(client, world, world.director, url)
    assert (answer["from"], answer["to"]) == (day.isoformat(), to.isoformat())
    assert len(answer["half_days"]) == 2


def test_an_apprentice_or_tutor_reads_only_their_own_like_a_missing_id(
    client: FlaskClient, world: World, day: date
) -> None:
    ids = world.student_ids
    missing = read(client, world, world.alice, "/students/999999/attendance", 404)
    assert missing["detail"] == "Étudiant introuvable."
    for user, other in (
        (world.alice, ids["bruno"]),
        (world.chloe, ids["alice"]),
        (world.tutor, ids["bruno"]),
        (world.trainer_b, ids["alice"]),  # teaches no half-day of cohort A
    ):
        assert read(client, world, user, f"/students/{other}/attendance", 404) == (
            missing
        )
    for user, own in (
        (world.tutor, ids["alice"]),
        (world.chloe, ids["chloe"]),
        (world.trainer_b, ids["chloe"]),
        (world.trainer_a, ids["bruno"]),
    ):
        assert read(client, world, user, f"/students/{own}/attendance")["student_id"]


def test_a_cohort_gives_each_apprentice_figures_and_the_alert_flag(
    app: Flask, client: FlaskClient, world: World, day: date
) -> None:
    url = f"/cohorts/{world.cohort_a}/attendance"
    answer = read(client, world, world.trainer_a, url)
    assert (answer["cohort_id"], answer["from"]) == (world.cohort_a, day.isoformat())
    rows = {row["name"]: row for row in answer["students"]}
    assert {name: row["alert"] for name, row in rows.items()} == {
        "MARTIN Alice": True,
        "PETIT Bruno": False,
    }
    with app.app_context():
        cohort = db.session.get_one(Cohort, world.cohort_a)
        figures = cohort_attendance(cohort, centre_today())
        for row in answer["students"]:
            assert_same_figures(row["summary"], figures.summaries[row["student_id"]])


def test_a_trainer_reads_only_the_cohorts_of_their_half_days(
    client: FlaskClient, world: World, day: date
) -> None:
    missing = read(client, world, world.trainer_b, "/cohorts/999999/attendance", 404)
    url = f"/cohorts/{world.cohort_a}/attendance"
    assert read(client, world, world.trainer_b, url, 404) == missing
    assert read(client, world, world.director, url)["students"]
    for reader in (world.alice, world.tutor):
        read(client, world, reader, url, 403)
        read(client, world, reader, f"/cohorts/{world.cohort_a}/half-days", 403)


def test_the_planning_lists_half_days_in_order_with_lessons_by_page(
    client: FlaskClient, world: World, day: date
) -> None:
    url = f"{BASE}/cohorts/{world.cohort_a}/half-days?page_size=1"
    response = client.get(url, headers=world.headers(world.trainer_a))
    assert response.status_code == 200
    assert json.loads(response.headers["X-Pagination"])["total"] == 2
    (morning,) = response.get_json()
    assert morning["day"] == day.isoformat()
    assert (morning["slot"], morning["planned_minutes"]) == ("morning", 210)
    assert morning["closed"] is True
    assert [
        (lesson["subject"], lesson["trainer_id"], lesson["minutes"])
        for lesson in morning["lessons"]
    ] == [("RCNV", world.trainer_a, 120), ("CEJM", world.trainer_a, 90)]
    page_two = read(client, world, world.director, url[len(BASE) :] + "&page=2")
    assert [(h["slot"], h["closed"]) for h in page_two] == [("afternoon", False)]
    after = f"/cohorts/{world.cohort_a}/half-days?from={day + timedelta(days=1)}"
    assert read(client, world, world.director, after) == []
    other = f"/cohorts/{world.cohort_a}/half-days"
    assert read(client, world, world.trainer_b, other, 404)["detail"] == (
        "Classe introuvable."
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-13-01", "from"),
        ("to=demain", "to"),
        ("from=2026-10-05&to=2026-10-04", "to"),
    ],
)
def test_a_bad_date_answers_422_naming_the_parameter(
    client: FlaskClient, world: World, query: str, field: str
) -> None:
    alice = world.student_ids["alice"]
    paths = (f"/students/{alice}/attendance", f"/cohorts/{world.cohort_a}/half-days")
    for path in paths:
        response = client.get(
            f"{BASE}{path}?{query}", headers=world.headers(world.director)
        )
        assert response.status_code == 422
        assert response.mimetype == "application/problem+json"
        problem = response.get_json()
        assert problem["detail"] == "Les données envoyées ne sont pas valides."
        assert list(problem["errors"]) == [field]
        assert any(
            "date" in message.lower() or "jour" in message
            for message in problem["errors"][field]
        )
