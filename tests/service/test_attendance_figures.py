"""Attendance figures (R8): hours planned, attended and absent per apprentice and
subject, justified beats pending beats unjustified, the alert rate."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

import pytest
from flask import Flask
from sqlalchemy import event

from service.curriculum import ensure_subjects
from service.extensions import db
from service.models import (
    Cohort,
    HalfDay,
    HalfDaySlot,
    JustificationStatus,
    Lesson,
    Presence,
)
from service.operations.attendance_figures import (
    SubjectHours,
    below_alert_rate,
    cohort_attendance,
    student_lines,
    summaries,
)
from tests.service.factories import (
    committed,
    make_justification,
    make_mark,
    make_student,
)
from tests.service.world import World

MORNING, AFTERNOON = HalfDaySlot.MORNING, HalfDaySlot.AFTERNOON
FUTURE = date(2099, 1, 5)


@dataclass(frozen=True)
class Ids:
    """The apprentices of the scenario and their cohort-mate ids."""

    alice: int
    bruno: int
    chloe: int


def half_day(
    cohort_id: int, day: date, slot: HalfDaySlot, *lessons: tuple[str, int]
) -> HalfDay:
    """A half-day with its lessons in order (subject code, minutes)."""
    subjects = ensure_subjects()
    row = HalfDay(
        cohort_id=cohort_id,
        day=day,
        slot=slot,
        lessons=[
            Lesson(subject=subjects[code], minutes=minutes, position=n)
            for n, (code, minutes) in enumerate(lessons, start=1)
        ],
    )
    db.session.add(row)
    db.session.flush()
    return row


@pytest.fixture
def ids(app: Flask, world: World) -> Ids:
    """Cohort A: three past half-days and one to come; cohort B: one half-day."""
    alice, bruno = world.student_ids["alice"], world.student_ids["bruno"]
    chloe = world.student_ids["chloe"]
    with committed(app):
        first = half_day(
            world.cohort_a, date(2026, 10, 5), MORNING, ("RCNV", 120), ("CEJM", 90)
        )
        second = half_day(world.cohort_a, date(2026, 10, 5), AFTERNOON, ("CEF", 210))
        third = half_day(world.cohort_a, date(2026, 10, 6), MORNING, ("RCNV", 210))
        half_day(world.cohort_a, FUTURE, MORNING, ("RCNV", 210))
        other = half_day(world.cohort_b, date(2026, 10, 5), MORNING, ("LV1", 210))
        make_mark(first, alice, Presence.PRESENT, late_minutes=30, early_minutes=20)
        make_mark(second, alice, Presence.ABSENT)
        make_mark(third, alice, Presence.ABSENT)
        make_mark(first, bruno, Presence.ABSENT)
        make_mark(second, bruno, Presence.PRESENT)
        make_mark(other, chloe, Presence.PRESENT)
        make_justification(
            alice,
            date(2026, 10, 1),
            date(2026, 10, 10),
            JustificationStatus.UNJUSTIFIED,
        )
        make_justification(
            alice, date(2026, 10, 5), date(2026, 10, 5), JustificationStatus.PENDING
        )
        make_justification(
            bruno, date(2026, 10, 5), date(2026, 10, 6), JustificationStatus.PENDING
        )
        make_justification(
            bruno, date(2026, 10, 5), date(2026, 10, 5), JustificationStatus.JUSTIFIED
        )
    return Ids(alice, bruno, chloe)


def test_lines_list_the_cohort_half_days_in_order_with_each_roll_call(
    app: Flask, ids: Ids
) -> None:
    with app.app_context():
        lines = student_lines([ids.alice, ids.bruno])
    alice = lines[ids.alice]
    assert [(line.day, line.slot) for line in alice] == [
        (date(2026, 10, 5), MORNING),
        (date(2026, 10, 5), AFTERNOON),
        (date(2026, 10, 6), MORNING),
        (FUTURE, MORNING),
    ]
    assert alice[0].subjects == ("RCNV", "CEJM")
    assert (alice[0].planned_minutes, alice[0].attended_minutes) == (210, 160)
    assert (alice[0].late_minutes, alice[0].early_minutes) == (30, 20)
    assert alice[0].justification is None  # present: no justification shown
    assert alice[1].justification is JustificationStatus.PENDING
    assert alice[2].justification is JustificationStatus.UNJUSTIFIED
    assert not alice[3].taken
    assert alice[3].presence is None
    assert lines[ids.bruno][0].justification is JustificationStatus.JUSTIFIED
    assert not lines[ids.bruno][2].taken


def test_lines_keep_to_the_dates_asked(app: Flask, ids: Ids) -> None:
    with app.app_context():
        lines = student_lines([ids.alice], date(2026, 10, 6), date(2026, 10, 31))
    assert [line.day for line in lines[ids.alice]] == [date(2026, 10, 6)]


def test_summary_counts_minutes_late_and_left_early_and_absences_by_status(
    app: Flask, ids: Ids
) -> None:
    with app.app_context():
        alice = summaries([ids.alice])[ids.alice]
    assert (alice.planned, alice.taken, alice.attended) == (630, 630, 160)
    assert (alice.absent_pending, alice.half_days_absent_pending) == (210, 1)
    assert (alice.absent_unjustified, alice.half_days_absent_unjustified) == (210, 1)
    assert (alice.absent_justified, alice.half_days_absent_justified) == (0, 0)
    assert (alice.late_minutes, alice.early_minutes) == (30, 20)
    assert alice.rate == Fraction(160, 630)
    assert alice.per_subject == (
        SubjectHours("CEF", planned=210, attended=0, absent=210, curriculum=36 * 60),
        SubjectHours("CEJM", planned=90, attended=70, absent=0, curriculum=89 * 60),
        SubjectHours("RCNV", planned=330, attended=90, absent=210, curriculum=107 * 60),
    )


def test_the_rate_counts_only_the_roll_calls_taken(app: Flask, ids: Ids) -> None:
    with app.app_context():
        bruno = summaries([ids.bruno])[ids.bruno]
    assert (bruno.planned, bruno.taken, bruno.attended) == (630, 420, 210)
    assert (bruno.absent_justified, bruno.half_days_absent_justified) == (210, 1)
    assert bruno.absent_pending == bruno.absent_unjustified == 0
    assert bruno.rate == Fraction(1, 2)


def test_half_days_to_come_count_only_when_asked(app: Flask, ids: Ids) -> None:
    with app.app_context():
        so_far = summaries([ids.alice])[ids.alice]
        whole = summaries([ids.alice], last=FUTURE)[ids.alice]
    assert so_far.planned == 630
    assert whole.planned == 840
    assert whole.rate == so_far.rate


def test_an_apprentice_without_roll_call_has_no_rate(app: Flask, world: World) -> None:
    with committed(app):
        half_day(world.cohort_b, date(2026, 10, 5), MORNING, ("LV1", 210))
    with app.app_context():
        chloe = summaries([world.student_ids["chloe"]])[world.student_ids["chloe"]]
    assert (chloe.planned, chloe.taken, chloe.rate) == (210, 0, None)


def test_below_alert_rate_follows_the_setting(
    app: Flask, ids: Ids, world: World
) -> None:
    with app.app_context():
        flagged = below_alert_rate([world.cohort_a, world.cohort_b])
        assert [(s.id, f.rate) for s, f in flagged] == [
            (ids.alice, Fraction(16, 63)),
            (ids.bruno, Fraction(1, 2)),
        ]
        app.config["ATTENDANCE_ALERT_RATE"] = 50
        assert [s.id for s, _ in below_alert_rate([world.cohort_a])] == [ids.alice]
        app.config["ATTENDANCE_ALERT_RATE"] = 20
        assert below_alert_rate([world.cohort_a]) == []


def test_a_cohort_counts_its_current_year_of_training(
    app: Flask, ids: Ids, world: World
) -> None:
    with committed(app):
        last_year = half_day(world.cohort_a, date(2026, 3, 2), MORNING, ("CEF", 210))
        make_mark(last_year, ids.alice, Presence.ABSENT)
    with app.app_context():
        cohort = db.session.get_one(Cohort, world.cohort_a)
        figures = cohort_attendance(cohort, today=date(2026, 11, 20))
        whole = summaries([ids.alice])[ids.alice]
    assert figures.since == date(2026, 9, 1)  # S3, the second year
    assert [s.id for s in figures.students] == [ids.alice, ids.bruno]
    assert figures.summaries[ids.alice].planned == 630
    assert whole.planned == 840
    assert figures.flagged == {ids.alice, ids.bruno}


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run while the test reads."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)


def test_a_whole_cohort_costs_a_handful_of_queries(
    app: Flask, ids: Ids, world: World, statements: list[str]
) -> None:
    with committed(app):
        many = [make_student(world.cohort_a).id for _ in range(20)]
    with app.app_context():
        statements.clear()
        figures = summaries([ids.alice, ids.bruno, *many])
        queries = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(figures) == 22
    assert figures[many[0]].planned == 630
    assert 0 < len(queries) <= 5
