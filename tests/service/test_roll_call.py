"""The roll call (R8, D6, D8): marks in the sealed history, closed sheets, minutes.

A trainer's marks are versioned like grades; once the sheet is closed only the
director may change it, and each change is a sealed history row naming who made
it; ``carnet verify-audit`` replays every mark and catches a mark changed behind
the history's back.
"""

from __future__ import annotations

from dataclasses import replace
from http import HTTPStatus

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select, text

from service.extensions import db
from service.models import (
    AttendanceMark,
    AuditEvent,
    ChangeSource,
    HalfDay,
    HistoryEntity,
    Presence,
    User,
)
from service.operations.audit import RefusedWrite
from service.operations.grades import history_of
from service.operations.history import ChangeContext
from service.operations.roll_call import (
    MarkEntry,
    close_roll_call,
    reopen_roll_call,
    roll_call_students,
    save_marks,
)
from service.problems import Problem
from tests.service.factories import committed, make_half_day
from tests.service.world import World

PRESENT, ABSENT = Presence.PRESENT, Presence.ABSENT


@pytest.fixture
def half_day(app: Flask, world: World) -> int:
    """A morning of cohort A (RCNV 120 min then CEF 90 min) taught by trainer A."""
    with committed(app):
        row = make_half_day(
            world.cohort_a, world.trainer_a, lessons=(("RCNV", 120), ("CEF", 90))
        )
        return row.id


def _as(world: World, user_id: int) -> ChangeContext:
    return ChangeContext(user_id, ChangeSource.WEB)


def _save(world: World, half_day_id: int, user_id: int, *entries: MarkEntry) -> int:
    """Save marks as ``user_id`` and commit, as a request would."""
    written = save_marks(
        _half_day(half_day_id),
        entries,
        _as(world, user_id),
        director=user_id == world.director,
    )
    db.session.commit()
    return written


def _marks(half_day_id: int) -> dict[int, AttendanceMark]:
    rows = db.session.scalars(
        select(AttendanceMark).where(AttendanceMark.half_day_id == half_day_id)
    )
    return {mark.student_id: mark for mark in rows}


def _take(world: World, half_day_id: int) -> dict[int, AttendanceMark]:
    """Trainer A takes the roll call: Alice present, 15 min late; Bruno absent."""
    alice, bruno = world.student_ids["alice"], world.student_ids["bruno"]
    _save(
        world,
        half_day_id,
        world.trainer_a,
        MarkEntry(alice, PRESENT, late_minutes=15),
        MarkEntry(bruno, ABSENT),
    )
    return _marks(half_day_id)


def _half_day(half_day_id: int) -> HalfDay:
    row = db.session.get(HalfDay, half_day_id)
    assert row is not None
    return row


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    assert user is not None
    return user


def _close(half_day_id: int, user_id: int) -> None:
    close_roll_call(_half_day(half_day_id), _user(user_id))
    db.session.commit()


def test_the_roll_call_lists_the_cohort(
    app: Flask, world: World, half_day: int
) -> None:
    with app.app_context():
        names = [s.first_name for s in roll_call_students(_half_day(half_day))]
    assert names == ["Alice", "Bruno"]


def test_marks_are_written_with_a_sealed_history(
    app: Flask, world: World, half_day: int
) -> None:
    alice = world.student_ids["alice"]
    with app.app_context():
        marks = _take(world, half_day)
        assert (marks[alice].presence, marks[alice].late_minutes) == (PRESENT, 15)
        assert marks[world.student_ids["bruno"]].presence is ABSENT
        history = db.session.scalars(
            history_of(HistoryEntity.ATTENDANCE_MARK, marks[alice].id)
        ).all()
    assert [(row.old, row.new, row.actor_id) for row in history] == [
        (
            None,
            {"presence": "present", "late_minutes": 15, "early_minutes": 0},
            world.trainer_a,
        )
    ]


def test_a_change_needs_the_version_read(
    app: Flask, world: World, half_day: int
) -> None:
    alice = world.student_ids["alice"]
    with app.app_context():
        _take(world, half_day)
        # Written without reading Alice's mark: refused, nothing written.
        with pytest.raises(Problem) as unseen:
            _save(world, half_day, world.trainer_a, MarkEntry(alice, ABSENT))
        db.session.rollback()
        with pytest.raises(Problem) as stale:
            _save(world, half_day, world.trainer_a, MarkEntry(alice, ABSENT, 0, 0, 7))
        db.session.rollback()
        written = _save(
            world, half_day, world.trainer_a, MarkEntry(alice, ABSENT, 0, 0, 1)
        )
        mark = _marks(half_day)[alice]
        history = db.session.scalars(history_of(HistoryEntity.ATTENDANCE_MARK, mark.id))
        changes = [(row.old or {}).get("presence") for row in history]
    assert unseen.value.code == stale.value.code == HTTPStatus.PRECONDITION_FAILED
    assert "Modifié entre-temps" in str(stale.value.description)
    assert (written, mark.presence, mark.version) == (1, ABSENT, 2)
    assert changes == [None, "present"]


def test_an_unchanged_save_writes_nothing(
    app: Flask, world: World, half_day: int
) -> None:
    alice = world.student_ids["alice"]
    with app.app_context():
        _take(world, half_day)
        again = MarkEntry(alice, PRESENT, late_minutes=15, seen_version=1)
        assert _save(world, half_day, world.trainer_a, again) == 0
        assert _marks(half_day)[alice].version == 1


@pytest.mark.parametrize(
    ("wrong", "field", "words"),
    [
        (MarkEntry(0, PRESENT, late_minutes=-5), "late_minutes", "entre 0 et 210"),
        (MarkEntry(0, PRESENT, late_minutes=211), "late_minutes", "entre 0 et 210"),
        (MarkEntry(0, PRESENT, early_minutes=300), "early_minutes", "départ anticipé"),
        (MarkEntry(0, PRESENT, 150, 90), "early_minutes", "ensemble"),
        (MarkEntry(0, ABSENT, late_minutes=10), "late_minutes", "présent·e"),
    ],
)
def test_minutes_are_checked_by_field(
    app: Flask, world: World, half_day: int, wrong: MarkEntry, *, field: str, words: str
) -> None:
    bruno = world.student_ids["bruno"]
    good = MarkEntry(bruno, PRESENT)
    with app.app_context():
        alice = replace(wrong, student_id=world.student_ids["alice"])
        with pytest.raises(Problem) as refused:
            _save(world, half_day, world.trainer_a, good, alice)
        db.session.rollback()
        assert _marks(half_day) == {}  # not even Bruno's
    assert refused.value.code == HTTPStatus.UNPROCESSABLE_ENTITY
    errors = refused.value.errors or {}
    assert words in errors[f"marks.1.{field}"][0]


def test_only_the_cohort_s_apprentices_get_a_mark(
    app: Flask, world: World, half_day: int
) -> None:
    alice, chloe = world.student_ids["alice"], world.student_ids["chloe"]
    with app.app_context(), pytest.raises(Problem) as refused:
        _save(
            world,
            half_day,
            world.trainer_a,
            MarkEntry(chloe, PRESENT),
            MarkEntry(alice, PRESENT),
            MarkEntry(alice, ABSENT),
        )
    errors = refused.value.errors or {}
    assert "introuvable" in errors["marks.0.student_id"][0]
    assert errors["marks.2.student_id"] == ["Apprenti·e en double."]


def test_closing_needs_every_apprentice_marked(
    app: Flask, world: World, half_day: int
) -> None:
    with app.app_context():
        _save(
            world,
            half_day,
            world.trainer_a,
            MarkEntry(world.student_ids["alice"], PRESENT),
        )
        with pytest.raises(Problem) as refused:
            _close(half_day, world.trainer_a)
        assert _half_day(half_day).closed_at is None
    assert refused.value.code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert "NOM Bruno" not in str(refused.value.description)
    assert "Bruno" in str(refused.value.description)


def test_a_closed_sheet_refuses_the_trainer_and_audits_it(
    app: Flask, world: World, half_day: int
) -> None:
    alice = world.student_ids["alice"]
    with app.app_context():
        _take(world, half_day)
        _close(half_day, world.trainer_a)
        with pytest.raises(RefusedWrite) as refused:
            _save(world, half_day, world.trainer_a, MarkEntry(alice, ABSENT, 0, 0, 1))
        closing = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.target_id == half_day)
        ).all()
    assert refused.value.code == HTTPStatus.CONFLICT
    assert "seule la direction" in str(refused.value.description)
    assert refused.value.record.action == "attendance.write"
    assert closing == ["roll_call.lock"]


def test_the_director_changes_a_closed_sheet_in_the_history(
    app: Flask, world: World, half_day: int
) -> None:
    bruno = world.student_ids["bruno"]
    with app.app_context():
        _take(world, half_day)
        _close(half_day, world.trainer_a)
        change = MarkEntry(bruno, PRESENT, late_minutes=30, seen_version=1)
        assert _save(world, half_day, world.director, change) == 1
        mark = _marks(half_day)[bruno]
        history = db.session.scalars(
            history_of(HistoryEntity.ATTENDANCE_MARK, mark.id)
        ).all()
        events = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.target_id == half_day)
        ).all()
    assert [row.actor_id for row in history] == [world.trainer_a, world.director]
    assert history[-1].old == {
        "presence": "absent",
        "late_minutes": 0,
        "early_minutes": 0,
    }
    assert (mark.presence, mark.late_minutes, mark.updated_by_id) == (
        PRESENT,
        30,
        world.director,
    )
    assert events == ["roll_call.lock", "attendance.write_closed"]


def test_only_the_director_reopens(app: Flask, world: World, half_day: int) -> None:
    with app.app_context():
        _take(world, half_day)
        _close(half_day, world.trainer_a)
        row = _half_day(half_day)
        with pytest.raises(Problem) as refused:
            reopen_roll_call(row, _user(world.trainer_a))
        reopen_roll_call(row, _user(world.director))
        db.session.commit()
        # Open again: the trainer may change it.
        alice = world.student_ids["alice"]
        _save(world, half_day, world.trainer_a, MarkEntry(alice, ABSENT, 0, 0, 1))
        assert row.closed_at is None
    assert refused.value.code == HTTPStatus.FORBIDDEN


def test_verify_audit_replays_the_marks(
    app: Flask, runner: FlaskCliRunner, world: World, half_day: int
) -> None:
    with app.app_context():
        marks = _take(world, half_day)
        _close(half_day, world.trainer_a)
        bruno = marks[world.student_ids["bruno"]]
        change = MarkEntry(bruno.student_id, PRESENT, 0, 20, bruno.version)
        _save(world, half_day, world.director, change)
        bruno_id = bruno.id
    clean = runner.invoke(args=["carnet", "verify-audit"])
    with app.app_context():
        # A mark changed behind the history's back.
        db.session.execute(
            text(
                "UPDATE attendance_marks SET presence = 'absent', early_minutes = 0 "
                "WHERE id = :id"
            ),
            {"id": bruno_id},
        )
        db.session.commit()
    tampered = runner.invoke(args=["carnet", "verify-audit"])
    assert clean.exit_code == 0, clean.output
    assert "2 attendance_mark" in clean.output
    assert tampered.exit_code == 1
    assert f"attendance_mark {bruno_id}" in tampered.output
