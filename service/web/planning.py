"""A cohort's planning of half-days (R8): the director generates a year from the
alternance rhythm, then edits it half-day by half-day; trainers read the planning
of the cohorts they teach. Each subject's planned hours stand against the
curriculum. Rules live in ``service.operations.attendance_planning`` and
``half_days``; the pages read the forms and put each refusal by its field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from grading.attendance import hours
from importers.french_dates import MONTHS
from service.access.attendance import half_day_in_reach
from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY, STAFF, Ownership
from service.access.scope import cohort_in_reach
from service.centre_time import centre_today
from service.extensions import db
from service.models import Cohort, HalfDay, HalfDaySlot, Lesson
from service.operations import attendance_planning as planning
from service.operations.half_days import add_half_day as add
from service.operations.half_days import change_lessons
from service.operations.half_days import delete_half_day as delete
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.people_forms import INVALID, PageForm
from service.web.planning_forms import (
    SLOTS,
    WORKDAYS,
    Generation,
    generate_defaults,
    lesson_rows,
    place_lesson_refusal,
    read_generation,
    read_lessons,
    short_day,
    subject_choices,
    trainer_choices,
    year_choices,
)

RULES = {
    "web.cohort_planning": STAFF,
    "web.generate_planning": DIRECTOR_ONLY,
    "web.add_half_day": DIRECTOR_ONLY,
    "web.edit_half_day": DIRECTOR_ONLY,
    "web.delete_half_day": DIRECTOR_ONLY,
}

blueprint.add_app_template_filter(short_day, "jour_court")
blueprint.add_app_template_filter(hours, "heures")


@dataclass(frozen=True, slots=True)
class Month:
    """A month of the planning and its half-days, in order."""

    label: str
    half_days: list[HalfDay]


def year_of(cohort: Cohort, day: date) -> int:
    """The year of study a day falls in (from September 1), within the cohort's."""
    year = day.year - cohort.start_year + (1 if day.month >= 9 else 0)
    return min(max(year, 1), planning.years_of_study(cohort))


@blueprint.get("/classes/<int:cohort_id>/planning")
def cohort_planning(cohort_id: int) -> ResponseReturnValue:
    """A year of the cohort's half-days month by month, and the hours per subject."""
    caller = current_caller()
    cohort = cohort_in_reach(caller, cohort_id)
    asked = request.args.get("annee", type=int)
    if asked is not None and 1 <= asked <= planning.years_of_study(cohort):
        year = asked
    else:
        year = year_of(cohort, centre_today())
    first, last = planning.year_dates(cohort, year)
    half_days = db.session.scalars(
        select(HalfDay)
        .where(HalfDay.cohort_id == cohort.id, HalfDay.day.between(first, last))
        .options(selectinload(HalfDay.lessons).selectinload(Lesson.subject))
        .options(selectinload(HalfDay.lessons).selectinload(Lesson.trainer))
    )
    ordered = sorted(half_days, key=lambda h: (h.day, h.slot is HalfDaySlot.AFTERNOON))
    months = [
        Month(f"{MONTHS[month - 1].capitalize()} {year_}", list(rows))
        for (year_, month), rows in groupby(
            ordered, lambda h: (h.day.year, h.day.month)
        )
    ]
    return render_template(
        "web/planning/planning.html",
        cohort=cohort,
        year=year,
        years=year_choices(planning.years_of_study(cohort)),
        months=months,
        slots=SLOTS,
        plans=planning.planned_against_curriculum(cohort, year),
        director=caller.ownership is Ownership.ALL,
    )


@blueprint.route("/classes/<int:cohort_id>/planning/generer", methods=["GET", "POST"])
def generate_planning(cohort_id: int) -> ResponseReturnValue:
    """The rhythm to generate a year from; then what it replaces, to confirm."""
    caller = current_caller()
    cohort = cohort_in_reach(caller, cohort_id)
    if request.method == "GET":
        year = year_of(cohort, centre_today())
        return _generate_page(cohort, generate_defaults(cohort.start_year, year))
    form, asked = read_generation(request.form, planning.years_of_study(cohort))
    if asked is None or "retour" in request.form:
        return _generate_page(cohort, form), INVALID if form.errors else 200
    try:
        if "confirmer" not in request.form:
            return _confirm_page(cohort, form, asked)
        made = planning.generate_planning(
            cohort, asked.year_of_study, asked.rhythm, actor=caller.user
        )
    except Problem as refused:
        form.refused(refused, "weeks")
        return _generate_page(cohort, form), INVALID
    db.session.commit()
    flash(
        f"Planning de l'année {asked.year_of_study} généré : {made} demi-journées.",
        "info",
    )
    return redirect(
        url_for("web.cohort_planning", cohort_id=cohort.id, annee=asked.year_of_study)
    )


def _generate_page(cohort: Cohort, form: PageForm) -> str:
    return render_template(
        "web/planning/generate.html",
        cohort=cohort,
        form=form,
        years=year_choices(planning.years_of_study(cohort)),
        weekdays=WORKDAYS,
    )


def _confirm_page(cohort: Cohort, form: PageForm, asked: Generation) -> str:
    plan = planning.plan_for(cohort, asked.year_of_study, asked.rhythm)
    return render_template(
        "web/planning/confirm.html",
        cohort=cohort,
        form=form,
        year=asked.year_of_study,
        plan=plan,
        minutes=sum(half_day.minutes for half_day in plan),
        replaced=planning.replaced_half_days(cohort, asked.year_of_study),
    )


@blueprint.route("/classes/<int:cohort_id>/planning/ajouter", methods=["GET", "POST"])
def add_half_day(cohort_id: int) -> ResponseReturnValue:
    """Add a half-day to the planning: its day, morning or afternoon, its lessons."""
    caller = current_caller()
    cohort = cohort_in_reach(caller, cohort_id)
    if request.method == "GET":
        form = lesson_rows(None)
        form.typed["slot"] = HalfDaySlot.MORNING.value
        return _half_day_page(cohort, None, form)
    form = PageForm({"slot": request.form.get("slot", "")})
    day = _day(form, request.form.get("day", "").strip())
    lessons, rows = read_lessons(request.form, form)
    slot = HalfDaySlot(form.typed["slot"]) if form.typed["slot"] in SLOTS else None
    if slot is None:
        form.errors["slot"] = "Demi-journée : matin ou après-midi."
    if day is None or slot is None:
        return _half_day_page(cohort, None, form), INVALID
    try:
        half_day = add(cohort, day, slot, lessons, caller.user)
    except Problem as refused:
        place_lesson_refusal(form, refused, rows)
        return _half_day_page(cohort, None, form), INVALID
    db.session.commit()
    flash(f"Demi-journée du {short_day(day)} ajoutée.", "info")
    return _back_to_planning(half_day.cohort, half_day.day)


def _day(form: PageForm, typed: str) -> date | None:
    form.typed["day"] = typed
    try:
        return date.fromisoformat(typed)
    except ValueError:
        form.errors["day"] = "Jour : une date (jj/mm/aaaa)."
        return None


@blueprint.route("/demi-journees/<int:half_day_id>/modifier", methods=["GET", "POST"])
def edit_half_day(half_day_id: int) -> ResponseReturnValue:
    """Change a half-day's lessons: subject, trainer, minutes and order."""
    caller = current_caller()
    half_day = half_day_in_reach(caller, half_day_id, write=True)
    if request.method == "GET":
        return _half_day_page(half_day.cohort, half_day, lesson_rows(half_day))
    form = PageForm()
    lessons, rows = read_lessons(request.form, form)
    try:
        change_lessons(half_day, lessons, caller.user)
    except Problem as refused:
        place_lesson_refusal(form, refused, rows)
        return _half_day_page(half_day.cohort, half_day, form), INVALID
    db.session.commit()
    flash(f"Demi-journée du {short_day(half_day.day)} modifiée.", "info")
    return _back_to_planning(half_day.cohort, half_day.day)


@blueprint.post("/demi-journees/<int:half_day_id>/supprimer")
def delete_half_day(half_day_id: int) -> ResponseReturnValue:
    """Delete a half-day whose roll call is empty."""
    caller = current_caller()
    half_day = half_day_in_reach(caller, half_day_id, write=True)
    cohort, day = half_day.cohort, half_day.day
    try:
        delete(half_day, caller.user)
    except Problem as refused:
        db.session.rollback()
        flash(refused.description or "Suppression refusée.", "error")
        return redirect(url_for("web.edit_half_day", half_day_id=half_day_id))
    db.session.commit()
    flash(f"Demi-journée du {short_day(day)} supprimée.", "info")
    return _back_to_planning(cohort, day)


def _back_to_planning(cohort: Cohort, day: date) -> ResponseReturnValue:
    year = year_of(cohort, day)
    return redirect(url_for("web.cohort_planning", cohort_id=cohort.id, annee=year))


def _half_day_page(cohort: Cohort, half_day: HalfDay | None, form: PageForm) -> str:
    return render_template(
        "web/planning/half_day.html",
        cohort=cohort,
        half_day=half_day,
        form=form,
        rows=int(form.typed.get("rows", "0")),
        subjects=subject_choices(),
        trainers=trainer_choices(),
        slots=SLOTS,
        slot_choices=[(slot.value, label) for slot, label in SLOTS.items()],
    )
