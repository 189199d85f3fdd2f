"""A cohort's planning of half-days (R8): generated from the alternance rhythm
(``grading.planning``), then edited half-day by half-day (``half_days``); each
subject's planned hours against the curriculum."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus
from typing import Any

from sqlalchemy import delete, exists, func, select

from grading.errors import GradingError
from grading.planning import PlannedHalfDay, Rhythm, plan_year, rhythm_holidays
from service.extensions import db
from service.models import (
    AttendanceMark,
    Cohort,
    HalfDay,
    HalfDaySlot,
    Lesson,
    Subject,
    TeachingAssignment,
    User,
)
from service.operations.audit import AuditOutcome, AuditRecord, record_event
from service.problems import Problem

#: The curriculum's subject whose half-days are the évaluations pédagogiques.
EVALUATION_SUBJECT = "EVP"


@dataclass(frozen=True, slots=True)
class SubjectPlan:
    """One subject's planned minutes against its curriculum minutes."""

    subject: Subject
    planned: int
    curriculum: int

    @property
    def difference(self) -> int:
        """Planned minus curriculum minutes (negative: hours missing)."""
        return self.planned - self.curriculum


def invalid(field: str, message: str) -> Problem:
    """A 422 refusal naming its field."""
    return Problem(HTTPStatus.UNPROCESSABLE_ENTITY, message, errors={field: [message]})


def make_rhythm(
    first_monday: date,
    weeks: str,
    c_days: Sequence[int] = (0, 1),
    l_days: Sequence[int] = (0, 1, 2),
) -> Rhythm:
    """The rhythm, or a 422 naming the faulty field."""
    try:
        return Rhythm(first_monday, weeks, tuple(c_days), tuple(l_days))
    except GradingError as refused:
        raise invalid(refused.field or "weeks", refused.message) from refused


def years_of_study(cohort: Cohort) -> int:
    """How many years the cohort trains (2 for a BTS)."""
    return cohort.exam_session_year - cohort.start_year


def year_dates(cohort: Cohort, year_of_study: int) -> tuple[date, date]:
    """A year of study's first and last day: year 1 runs from September 1 of the
    cohort's start year to August 31, year 2 the next."""
    if not 1 <= year_of_study <= years_of_study(cohort):
        raise invalid(
            "year_of_study",
            f"Année de formation : 1 à {years_of_study(cohort)} pour {cohort.name}.",
        )
    start = cohort.start_year + year_of_study - 1
    return date(start, 9, 1), date(start + 1, 8, 31)


def _year_half_days(cohort: Cohort, first: date, last: date) -> list[int]:
    return list(
        db.session.scalars(
            select(HalfDay.id).where(
                HalfDay.cohort_id == cohort.id, HalfDay.day.between(first, last)
            )
        )
    )


def marked_count(half_day_ids: Collection[int]) -> int:
    """How many of the half-days hold roll-call marks."""
    return (
        db.session.scalar(
            select(func.count(HalfDay.id)).where(
                HalfDay.id.in_(half_day_ids),
                exists().where(AttendanceMark.half_day_id == HalfDay.id),
            )
        )
        or 0
    )


def replaced_half_days(cohort: Cohort, year_of_study: int) -> int:
    """How many half-days a generation of the year would replace; refused (409)
    once a roll call of that year holds marks."""
    ids = _year_half_days(cohort, *year_dates(cohort, year_of_study))
    if marked := marked_count(ids):
        plural = "s" if marked > 1 else ""
        message = (
            f"Appel déjà fait pour {marked} demi-journée{plural} de cette année : "
            "le planning ne peut plus être régénéré, modifiez-le demi-journée "
            "par demi-journée."
        )
        raise Problem(HTTPStatus.CONFLICT, message, errors={"year_of_study": [message]})
    return len(ids)


def plan_for(
    cohort: Cohort, year_of_study: int, rhythm: Rhythm
) -> list[PlannedHalfDay]:
    """The half-days the rhythm plans for the curriculum's subjects (``EVP``: the
    evaluations); 422 when the plan leaves the year of study or does not fit."""
    first, last = year_dates(cohort, year_of_study)
    subjects = db.session.scalars(select(Subject).order_by(Subject.position))
    curriculum = {s.code: s.hours_per_year for s in subjects if s.hours_per_year > 0}
    evaluation = EVALUATION_SUBJECT if EVALUATION_SUBJECT in curriculum else None
    try:
        plan = plan_year(rhythm, curriculum, evaluation, rhythm_holidays(rhythm))
    except GradingError as refused:  # the curriculum does not fit the weeks
        raise invalid("weeks", refused.message) from refused
    if plan and not first <= plan[0].day <= plan[-1].day <= last:
        raise invalid(
            "first_monday",
            f"Le planning doit tenir entre le {first:%d/%m/%Y} et le {last:%d/%m/%Y} "
            f"(année {year_of_study}).",
        )
    return plan


def generate_planning(
    cohort: Cohort, year_of_study: int, rhythm: Rhythm, *, actor: User | None = None
) -> int:
    """Replace a year's half-days by the rhythm's plan; return how many were made.

    Refused (409) once a roll call of that year holds marks, 422 as ``plan_for``.
    Flushes; audited when an ``actor`` is given.
    """
    plan = plan_for(cohort, year_of_study, rhythm)
    replaced = _replace_year(cohort, year_of_study)
    by_code = {s.code: s.id for s in db.session.scalars(select(Subject))}
    trainers = _trainers(cohort)
    db.session.add_all(
        HalfDay(
            cohort_id=cohort.id,
            day=planned.day,
            slot=HalfDaySlot(planned.slot.value),
            lessons=[
                Lesson(
                    subject_id=by_code[lesson.subject],
                    trainer_id=trainers.get(by_code[lesson.subject]),
                    minutes=lesson.minutes,
                    position=position,
                )
                for position, lesson in enumerate(planned.lessons, start=1)
            ],
        )
        for planned in plan
    )
    db.session.flush()
    if actor is not None:  # a person's action, not the demo's loading
        detail = {"year_of_study": year_of_study, "half_days": len(plan)}
        audit(
            actor,
            "planning.generate",
            "cohort",
            cohort.id,
            detail | {"replaced": replaced},
        )
    return len(plan)


def _replace_year(cohort: Cohort, year_of_study: int) -> int:
    """Delete the year's half-days (none may hold marks); return how many."""
    replaced = replaced_half_days(cohort, year_of_study)
    if replaced:
        ids = _year_half_days(cohort, *year_dates(cohort, year_of_study))
        db.session.execute(delete(Lesson).where(Lesson.half_day_id.in_(ids)))
        db.session.execute(delete(HalfDay).where(HalfDay.id.in_(ids)))
    return replaced


def _trainers(cohort: Cohort) -> dict[int, int]:
    """Each subject's trainer in the cohort: the first assignment by id."""
    trainers: dict[int, int] = {}
    for subject_id, trainer_id in db.session.execute(
        select(TeachingAssignment.subject_id, TeachingAssignment.trainer_id)
        .where(TeachingAssignment.cohort_id == cohort.id)
        .order_by(TeachingAssignment.id)
    ):
        trainers.setdefault(subject_id, trainer_id)
    return trainers


def audit(
    actor: User, action: str, kind: str, target: int, detail: Mapping[str, Any]
) -> None:
    """Record an accepted planning change in the audit trail."""
    record_event(
        AuditRecord(
            actor.id,
            action,
            kind,
            target,
            AuditOutcome.ACCEPTED,
            dict(detail),
        )
    )


def planned_against_curriculum(
    cohort: Cohort, year_of_study: int | None = None
) -> list[SubjectPlan]:
    """Each subject's planned minutes (a year, or the whole training) against its
    curriculum hours; subjects in curriculum order."""
    condition = HalfDay.cohort_id == cohort.id
    years = years_of_study(cohort)
    if year_of_study is not None:
        condition &= HalfDay.day.between(*year_dates(cohort, year_of_study))
        years = 1
    planned = dict(
        db.session.execute(
            select(Lesson.subject_id, func.sum(Lesson.minutes))
            .join(Lesson.half_day)
            .where(condition)
            .group_by(Lesson.subject_id)
        ).all()
    )
    return [
        SubjectPlan(
            subject, planned.get(subject.id, 0), subject.hours_per_year * 60 * years
        )
        for subject in db.session.scalars(select(Subject).order_by(Subject.position))
        if subject.hours_per_year or subject.id in planned
    ]
