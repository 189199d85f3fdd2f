"""Cohorts and their periods, set up by the director."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from http import HTTPStatus
from typing import Any

from sqlalchemy import exists, select

from grading import RegulationError, load_regulation
from service.extensions import db
from service.models import Appreciation, Assessment, Cohort, Period, PeriodCode
from service.operations.conflicts import conflict, flush_unique
from service.problems import Problem

NAME_TAKEN = "Une classe porte déjà ce nom."
PERIOD_IN_USE = "Une période utilisée ne peut pas être retirée."
COHORT_FIELDS = ("name", "regulation_id", "start_year", "exam_session_year")


@dataclass(frozen=True, slots=True)
class NewCohort:
    """A cohort to create."""

    name: str
    regulation_id: str
    start_year: int
    exam_session_year: int


@dataclass(frozen=True, slots=True)
class PeriodDates:
    """The dates of one period, both included."""

    code: PeriodCode
    starts_on: date
    ends_on: date


def create_cohort(new: NewCohort) -> Cohort:
    """Add a cohort; its name is unique and its regulation known to the engine."""
    _check_cohort(new, None)
    cohort = Cohort(
        name=new.name,
        regulation_id=new.regulation_id,
        start_year=new.start_year,
        exam_session_year=new.exam_session_year,
    )
    db.session.add(cohort)
    flush_unique("name", NAME_TAKEN)
    return cohort


def update_cohort(cohort: Cohort, changes: Mapping[str, Any]) -> None:
    """Change a cohort's fields, checked together with those it keeps."""
    merged = NewCohort(**{f: changes.get(f, getattr(cohort, f)) for f in COHORT_FIELDS})
    _check_cohort(merged, cohort.id)
    for name in COHORT_FIELDS:
        setattr(cohort, name, getattr(merged, name))
    flush_unique("name", NAME_TAKEN)


def _check_cohort(cohort: NewCohort, cohort_id: int | None) -> None:
    try:
        load_regulation(cohort.regulation_id)
    except RegulationError as error:
        message = "Règlement inconnu du moteur de calcul."
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            message,
            errors={"regulation_id": [message]},
        ) from error
    if cohort.exam_session_year <= cohort.start_year:
        message = "L'année de session doit suivre l'année de début."
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            message,
            errors={"exam_session_year": [message]},
        )
    same_name = Cohort.name == cohort.name
    if cohort_id is not None:
        same_name &= Cohort.id != cohort_id
    if db.session.scalar(select(exists().where(same_name))):
        raise conflict("name", NAME_TAKEN)


def cohort_periods(cohort: Cohort) -> list[Period]:
    """Return the cohort's periods, S1 first."""
    return list(
        db.session.scalars(
            select(Period).where(Period.cohort_id == cohort.id).order_by(Period.code)
        )
    )


def check_periods(wanted: Sequence[PeriodDates]) -> None:
    """Codes once each; dates in order; S1 < S2 < S3 < S4 without overlap (422,
    each error under ``periods.<index>.<field>``)."""
    errors: dict[str, list[str]] = {}
    seen: set[PeriodCode] = set()
    for index, dates in enumerate(wanted):
        if dates.code in seen:
            errors[f"periods.{index}.code"] = ["Période donnée deux fois."]
        seen.add(dates.code)
        if dates.starts_on > dates.ends_on:
            errors[f"periods.{index}.ends_on"] = ["La fin précède le début."]
    if not errors:
        errors = _overlaps(wanted)
    if errors:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, "Périodes incohérentes.", errors=errors
        )


def _overlaps(wanted: Sequence[PeriodDates]) -> dict[str, list[str]]:
    """Name the start of every period that begins before the previous one ends."""
    codes = list(PeriodCode)
    order = sorted(range(len(wanted)), key=lambda i: codes.index(wanted[i].code))
    errors: dict[str, list[str]] = {}
    for before, after in itertools.pairwise(order):
        if wanted[after].starts_on <= wanted[before].ends_on:
            errors[f"periods.{after}.starts_on"] = [
                f"Doit commencer après la fin de {wanted[before].code}."
            ]
    return errors


def replace_periods(cohort: Cohort, wanted: list[PeriodDates]) -> list[Period]:
    """Set the cohort's periods, checked together (422); one still holding
    assessments cannot go (409)."""
    check_periods(wanted)
    current = {period.code: period for period in cohort_periods(cohort)}
    kept = {dates.code for dates in wanted}
    for code, period in current.items():
        if code not in kept:
            _check_unused(period)
            db.session.delete(period)
    for dates in wanted:
        period = current.get(dates.code) or Period(cohort_id=cohort.id, code=dates.code)
        period.starts_on, period.ends_on = dates.starts_on, dates.ends_on
        db.session.add(period)
    flush_unique("periods", PERIOD_IN_USE)
    db.session.expire(cohort, ["periods"])
    return cohort_periods(cohort)


def _check_unused(period: Period) -> None:
    """A period graded or appreciated stays (its assessments and livret need it)."""
    for model in (Assessment, Appreciation):
        if db.session.scalar(select(exists().where(model.period_id == period.id))):
            raise conflict(
                "periods",
                f"La période {period.code} a des évaluations ou appréciations : "
                "elle reste.",
            )
