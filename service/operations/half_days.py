"""The director's edits of a cohort's planning, one half-day at a time (R8):
add a half-day, change its lessons (subject, trainer, minutes, order), delete it
while its roll call is empty. Refusals are French and name their field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus

from sqlalchemy import exists, select

from grading.planning import MAX_HALF_DAY_MINUTES, french_public_holidays
from service.extensions import db
from service.models import (
    AttendanceMark,
    Cohort,
    HalfDay,
    HalfDaySlot,
    Lesson,
    Role,
    Subject,
    User,
)
from service.operations.attendance_planning import (
    audit,
    invalid,
    year_dates,
    years_of_study,
)
from service.problems import Problem

TARGET = "half_day"


@dataclass(frozen=True, slots=True)
class LessonFacts:
    """One lesson of a half-day as the director types it, in order."""

    subject_id: int | None
    trainer_id: int | None
    minutes: int | None


def add_half_day(
    cohort: Cohort,
    day: date,
    slot: HalfDaySlot,
    lessons: Sequence[LessonFacts],
    actor: User,
) -> HalfDay:
    """Add a half-day to the cohort's planning; flushes, audited."""
    _check_day(cohort, day, slot)
    half_day = HalfDay(cohort_id=cohort.id, day=day, slot=slot)
    half_day.lessons = _lessons(lessons)
    db.session.add(half_day)
    db.session.flush()
    audit(actor, "half_day.add", TARGET, half_day.id, _detail(half_day))
    return half_day


def change_lessons(
    half_day: HalfDay, lessons: Sequence[LessonFacts], actor: User
) -> None:
    """Replace the half-day's lessons (a roll call taken keeps its marks; the
    figures follow the new lessons); flushes, audited."""
    new = _lessons(lessons)
    half_day.lessons.clear()
    db.session.flush()
    half_day.lessons.extend(new)
    db.session.flush()
    audit(actor, "half_day.change", TARGET, half_day.id, _detail(half_day))


def delete_half_day(half_day: HalfDay, actor: User) -> None:
    """Delete a half-day whose roll call holds no mark (409 otherwise); audited."""
    if has_marks(half_day):
        raise Problem(
            HTTPStatus.CONFLICT,
            "L'appel de cette demi-journée est commencé : "
            "elle ne peut plus être supprimée.",
        )
    audit(actor, "half_day.delete", TARGET, half_day.id, _detail(half_day))
    db.session.delete(half_day)
    db.session.flush()


def has_marks(half_day: HalfDay) -> bool:
    """Tell whether the half-day's roll call holds a mark."""
    return bool(
        db.session.scalar(
            select(exists().where(AttendanceMark.half_day_id == half_day.id))
        )
    )


def _check_day(cohort: Cohort, day: date, slot: HalfDaySlot) -> None:
    first = year_dates(cohort, 1)[0]
    last = year_dates(cohort, years_of_study(cohort))[1]
    if not first <= day <= last:
        raise invalid(
            "day",
            f"Jour : entre le {first:%d/%m/%Y} et le {last:%d/%m/%Y} "
            "pour cette classe.",
        )
    if day.weekday() >= 5:
        raise invalid("day", "Jour : un jour de semaine, du lundi au vendredi.")
    if holiday := french_public_holidays(day.year).get(day):
        raise invalid("day", f"Jour : le {day:%d/%m/%Y} est férié ({holiday}).")
    taken = select(
        exists().where(
            HalfDay.cohort_id == cohort.id, HalfDay.day == day, HalfDay.slot == slot
        )
    )
    if db.session.scalar(taken):
        raise invalid("slot", "Demi-journée : elle est déjà au planning.")


def _lessons(lessons: Sequence[LessonFacts]) -> list[Lesson]:
    """Check the lessons (field ``lessons.<n>.<name>``, n from 0) and build them."""
    if not lessons:
        raise invalid("lessons", "Au moins une matière, s'il vous plaît.")
    built = [_lesson(index, facts) for index, facts in enumerate(lessons)]
    if sum(lesson.minutes for lesson in built) > MAX_HALF_DAY_MINUTES:
        raise invalid(
            f"lessons.{len(built) - 1}.minutes",
            f"Durée : la demi-journée dépasse {MAX_HALF_DAY_MINUTES // 60} h en tout.",
        )
    return built


def _lesson(index: int, facts: LessonFacts) -> Lesson:
    where = f"lessons.{index}"
    if facts.subject_id is None or not db.session.get(Subject, facts.subject_id):
        raise invalid(f"{where}.subject_id", "Matière : à choisir dans la liste.")
    if facts.trainer_id is not None:
        trainer = db.session.get(User, facts.trainer_id)
        if trainer is None or trainer.role is not Role.TRAINER:
            raise invalid(f"{where}.trainer_id", "Formateur : à choisir dans la liste.")
    if facts.minutes is None or not 0 < facts.minutes <= MAX_HALF_DAY_MINUTES:
        raise invalid(
            f"{where}.minutes", f"Durée : de 1 à {MAX_HALF_DAY_MINUTES} minutes."
        )
    return Lesson(
        subject_id=facts.subject_id,
        trainer_id=facts.trainer_id,
        minutes=facts.minutes,
        position=index + 1,
    )


def _detail(half_day: HalfDay) -> dict[str, object]:
    return {
        "day": half_day.day.isoformat(),
        "slot": str(half_day.slot),
        "lessons": [
            {"subject_id": lesson.subject_id, "minutes": lesson.minutes}
            for lesson in half_day.lessons
        ],
    }
