"""A cohort's planning (R8): generated from the rhythm, stored, edited, audited;
each subject's planned hours against the curriculum."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from http import HTTPStatus

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from grading.planning import BROCHURE_WEEKS
from service.extensions import db
from service.models import (
    AuditEvent,
    Cohort,
    Contract,
    HalfDay,
    HalfDaySlot,
    Lesson,
    Student,
    User,
)
from service.operations.attendance_planning import (
    generate_planning,
    make_rhythm,
    planned_against_curriculum,
    replaced_half_days,
)
from service.operations.half_days import (
    LessonFacts,
    add_half_day,
    change_lessons,
    delete_half_day,
)
from service.problems import Problem
from tests.service.factories import make_mark
from tests.service.world import World

#: Year 1 of cohort A (NDRC 2025–2027) starts on Monday 8 September 2025.
YEAR_1 = make_rhythm(date(2025, 9, 8), BROCHURE_WEEKS)


@pytest.fixture
def ctx(app: Flask, world: World) -> Iterator[World]:
    """An app context on the small centre."""
    with app.app_context():
        yield world


def _cohort(world: World) -> Cohort:
    cohort = db.session.get(Cohort, world.cohort_a)
    assert cohort is not None
    return cohort


def _director(world: World) -> User:
    user = db.session.get(User, world.director)
    assert user is not None
    return user


def _half_days(cohort: Cohort) -> list[HalfDay]:
    statement = select(HalfDay).where(HalfDay.cohort_id == cohort.id)
    return list(db.session.scalars(statement.order_by(HalfDay.day, HalfDay.slot)))


def _refusal(call: object) -> Problem:
    assert callable(call)
    with pytest.raises(Problem) as refused:
        call()
    return refused.value


def test_the_brochure_year_is_stored_with_each_subject_its_hours(ctx: World) -> None:
    cohort = _cohort(ctx)
    made = generate_planning(cohort, 1, YEAR_1, actor=_director(ctx))
    assert made == 16 * 4 + 14 * 6 + 12
    plans = planned_against_curriculum(cohort, 1)
    assert {p.subject.code: p.planned // 60 for p in plans} == {
        "CEF": 36,
        "LV1": 54,
        "CEJM": 89,
        "RCNV": 107,
        "RCDD": 89,
        "RCAR": 72,
        "ATP": 71,
        "EVP": 42,
    }
    assert all(p.difference == 0 for p in plans)
    assert sum(p.planned for p in plans) == 560 * 60


def test_lessons_go_to_the_subject_s_trainer_or_nobody(ctx: World) -> None:
    generate_planning(_cohort(ctx), 1, YEAR_1)
    trainers = dict(
        db.session.execute(
            select(Lesson.subject_id, func.min(Lesson.trainer_id)).group_by(
                Lesson.subject_id
            )
        ).all()
    )
    assert trainers[ctx.subjects["RCNV"]] == ctx.trainer_a
    assert trainers[ctx.subjects["CEF"]] == ctx.trainer_a
    assert trainers[ctx.subjects["CEJM"]] is None


def test_generation_is_audited(ctx: World) -> None:
    generate_planning(_cohort(ctx), 1, YEAR_1, actor=_director(ctx))
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "planning.generate")
    )
    assert event is not None
    assert event.actor_id == ctx.director
    assert event.target_id == ctx.cohort_a
    assert event.detail == {"year_of_study": 1, "half_days": 160, "replaced": 0}


def test_generating_again_replaces_the_unmarked_year_only(ctx: World) -> None:
    cohort = _cohort(ctx)
    generate_planning(cohort, 1, YEAR_1)
    generate_planning(cohort, 2, make_rhythm(date(2026, 9, 7), BROCHURE_WEEKS))
    assert replaced_half_days(cohort, 1) == 160
    generate_planning(cohort, 1, make_rhythm(date(2025, 9, 8), "CLCL"))
    assert len(_half_days(cohort)) == 160 + 2 * 4 + 2 * 6 + 12
    assert planned_against_curriculum(cohort)[0].curriculum == 2 * 36 * 60


def test_a_year_with_a_roll_call_taken_is_not_generated_again(ctx: World) -> None:
    cohort = _cohort(ctx)
    generate_planning(cohort, 1, YEAR_1)
    make_mark(_half_days(cohort)[3], ctx.student_ids["alice"])
    refused = _refusal(lambda: generate_planning(cohort, 1, YEAR_1))
    assert refused.code == HTTPStatus.CONFLICT
    assert "Appel déjà fait pour 1 demi-journée" in str(refused.description)
    assert _refusal(lambda: replaced_half_days(cohort, 1)).code == HTTPStatus.CONFLICT
    assert len(_half_days(cohort)) == 160


@pytest.mark.parametrize(
    ("year", "monday", "field"),
    [
        (3, date(2025, 9, 8), "year_of_study"),
        (1, date(2026, 9, 7), "first_monday"),
        (2, date(2026, 8, 24), "first_monday"),
    ],
)
def test_a_plan_outside_the_year_of_study_is_refused(
    ctx: World, year: int, monday: date, field: str
) -> None:
    rhythm = make_rhythm(monday, BROCHURE_WEEKS)
    refused = _refusal(lambda: generate_planning(_cohort(ctx), year, rhythm))
    assert refused.code == HTTPStatus.UNPROCESSABLE_ENTITY
    assert refused.errors is not None
    assert field in refused.errors


def test_a_bad_rhythm_is_a_422_naming_the_field() -> None:
    refused = _refusal(lambda: make_rhythm(date(2025, 9, 8), "CCZ"))
    assert refused.errors == {
        "weeks": ["Lettre inconnue « Z » en semaine 3 : C, L ou E attendue."]
    }


def _lesson(world: World, code: str = "RCNV", minutes: int = 210) -> LessonFacts:
    return LessonFacts(world.subjects[code], world.trainer_a, minutes)


def test_the_director_adds_changes_and_deletes_a_half_day(ctx: World) -> None:
    cohort, director = _cohort(ctx), _director(ctx)
    half_day = add_half_day(
        cohort, date(2025, 10, 8), HalfDaySlot.MORNING, [_lesson(ctx)], director
    )
    change_lessons(
        half_day, [_lesson(ctx, "CEF", 90), _lesson(ctx, "LV1", 120)], director
    )
    assert [(lesson.subject.code, lesson.position) for lesson in half_day.lessons] == [
        ("CEF", 1),
        ("LV1", 2),
    ]
    assert half_day.planned_minutes == 210
    delete_half_day(half_day, director)
    assert _half_days(cohort) == []
    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))
    assert list(actions) == ["half_day.add", "half_day.change", "half_day.delete"]


@pytest.mark.parametrize(
    ("day", "slot", "field", "words"),
    [
        (date(2025, 11, 11), HalfDaySlot.MORNING, "day", "férié (Armistice 1918)"),
        (date(2025, 10, 11), HalfDaySlot.MORNING, "day", "du lundi au vendredi"),
        (date(2025, 8, 29), HalfDaySlot.MORNING, "day", "entre le 01/09/2025"),
        (date(2025, 10, 6), HalfDaySlot.AFTERNOON, "slot", "déjà au planning"),
    ],
)
def test_a_half_day_on_a_bad_day_is_refused(
    ctx: World, day: date, slot: HalfDaySlot, field: str, words: str
) -> None:
    cohort, director = _cohort(ctx), _director(ctx)
    add_half_day(
        cohort, date(2025, 10, 6), HalfDaySlot.AFTERNOON, [_lesson(ctx)], director
    )
    refused = _refusal(
        lambda: add_half_day(cohort, day, slot, [_lesson(ctx)], director)
    )
    assert refused.errors is not None
    assert words in refused.errors[field][0]


@pytest.mark.parametrize(
    ("lessons", "field", "words"),
    [
        ([], "lessons", "Au moins une matière"),
        ([LessonFacts(None, None, 60)], "lessons.0.subject_id", "Matière"),
        ([LessonFacts(0, None, 0)], "lessons.0.subject_id", "Matière"),
        (["RCNV", LessonFacts(None, None, 0)], "lessons.1.subject_id", "Matière"),
        (["RCNV:0"], "lessons.0.minutes", "de 1 à 360 minutes"),
        (["RCNV:200", "CEF:200"], "lessons.1.minutes", "dépasse 6 h"),
    ],
)
def test_bad_lessons_are_refused_naming_the_field(
    ctx: World, lessons: list[object], field: str, words: str
) -> None:
    facts = [
        item if isinstance(item, LessonFacts) else _typed(ctx, str(item))
        for item in lessons
    ]
    cohort, director = _cohort(ctx), _director(ctx)
    refused = _refusal(
        lambda: add_half_day(
            cohort, date(2025, 10, 6), HalfDaySlot.MORNING, facts, director
        )
    )
    assert refused.errors is not None
    assert words in refused.errors[field][0]
    assert _half_days(cohort) == []


def _typed(world: World, item: str) -> LessonFacts:
    code, _, minutes = item.partition(":")
    return _lesson(world, code, int(minutes or 210))


def test_a_student_is_not_a_trainer_of_a_lesson(ctx: World) -> None:
    facts = [LessonFacts(ctx.subjects["CEF"], ctx.alice, 60)]
    refused = _refusal(
        lambda: add_half_day(
            _cohort(ctx), date(2025, 10, 6), HalfDaySlot.MORNING, facts, _director(ctx)
        )
    )
    assert refused.errors is not None
    assert "lessons.0.trainer_id" in refused.errors


def test_a_half_day_with_marks_is_not_deleted(ctx: World) -> None:
    cohort, director = _cohort(ctx), _director(ctx)
    half_day = add_half_day(
        cohort, date(2025, 10, 8), HalfDaySlot.MORNING, [_lesson(ctx)], director
    )
    make_mark(half_day, ctx.student_ids["alice"])
    refused = _refusal(lambda: delete_half_day(half_day, director))
    assert refused.code == HTTPStatus.CONFLICT
    assert len(_half_days(cohort)) == 1


def test_evaluations_with_no_room_left_are_refused_on_the_weeks(ctx: World) -> None:
    full_week = make_rhythm(date(2025, 9, 8), "C", c_days=range(5))
    refused = _refusal(lambda: generate_planning(_cohort(ctx), 1, full_week))
    assert refused.errors is not None
    assert "Pas assez de demi-journées libres" in refused.errors["weeks"][0]


def test_the_demo_plans_each_current_year_and_gives_every_apprentice_a_contract(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(args=["carnet", "demo", "--students", "4"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        cohorts = {c.name: c for c in db.session.scalars(select(Cohort))}
        for name, year in (
            ("NDRC 2025–2027", 1),
            ("NDRC 2025–2027", 2),
            ("NDRC 2026–2028", 1),
        ):
            plans = planned_against_curriculum(cohorts[name], year)
            assert all(p.difference == 0 for p in plans), (name, year)
        contracts = db.session.scalars(select(Contract)).all()
        students = db.session.scalar(select(func.count(Student.id)))
        assert len(contracts) == len({c.student_id for c in contracts}) == students
        assert {c.funder for c in contracts} <= {"OPCO Commerce", "AKTO", "OPCO EP"}
