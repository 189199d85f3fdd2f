"""A cohort's periods (S1–S4), set by the director: each period's first and last day.

Their coherence (dates in order, S1 < S2 < S3 < S4 without overlap) and the rule
that a period in use stays are ``service.operations.cohorts``'; the page reads
the dates and puts each refusal under its field.
"""

from __future__ import annotations

import re
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.extensions import db
from service.models import Cohort, PeriodCode
from service.operations.cohorts import PeriodDates, cohort_periods, replace_periods
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.people_forms import INVALID, PageForm

RULES = {"web.admin_periods": DIRECTOR_ONLY}

ENDS = {"starts_on": "début", "ends_on": "fin"}
PATH = re.compile(r"periods\.(\d+)\.(\w+)")


@blueprint.route(
    "/administration/classes/<int:cohort_id>/periodes", methods=["GET", "POST"]
)
def admin_periods(cohort_id: int) -> ResponseReturnValue:
    """Show and set the cohort's periods; a period left empty is removed."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise not_found("Classe")
    if request.method == "GET":
        typed = {}
        for period in cohort_periods(cohort):
            typed[f"{period.code}-starts_on"] = period.starts_on.isoformat()
            typed[f"{period.code}-ends_on"] = period.ends_on.isoformat()
        return _page(cohort, PageForm(typed))
    form = PageForm(
        {
            f"{code}-{end}": request.form.get(f"{code}-{end}", "").strip()
            for code in PeriodCode
            for end in ENDS
        }
    )
    wanted = _read(form)
    if not form.errors:
        try:
            replace_periods(cohort, wanted)
        except Problem as refused:
            db.session.rollback()
            _place_refusal(form, refused, wanted)
        else:
            db.session.commit()
            flash(f"Périodes de {cohort.name} enregistrées.", "info")
            return redirect(url_for("web.admin_cohorts"))
    return _page(cohort, form), INVALID


def _read(form: PageForm) -> list[PeriodDates]:
    wanted = []
    for code in PeriodCode:
        days: dict[str, date] = {}
        for end, word in ENDS.items():
            name, typed = f"{code}-{end}", form.typed[f"{code}-{end}"]
            try:
                if typed:
                    days[end] = date.fromisoformat(typed)
            except ValueError:
                form.errors[name] = f"{code}, {word} : une date (jj/mm/aaaa)."
        if len(days) == 1:
            missing = next(end for end in ENDS if end not in days)
            form.errors[f"{code}-{missing}"] = f"{code} : les deux dates, ou aucune."
        elif len(days) == len(ENDS):
            wanted.append(PeriodDates(code, days["starts_on"], days["ends_on"]))
    if not wanted and not form.errors:
        form.errors["S1-starts_on"] = "Au moins une période, s'il vous plaît."
    return wanted


def _place_refusal(form: PageForm, refused: Problem, wanted: list[PeriodDates]) -> None:
    for path, messages in (refused.errors or {}).items():
        found = PATH.fullmatch(path)
        index = int(found[1]) if found else 0
        end = found[2] if found and found[2] in ENDS else "starts_on"
        code = wanted[index].code if index < len(wanted) else PeriodCode.S1
        form.errors[f"{code}-{end}"] = f"{code} : " + " ".join(map(str, messages))
    if not form.errors:
        code = wanted[0].code if wanted else PeriodCode.S1
        form.errors[f"{code}-starts_on"] = refused.description or "Périodes refusées."


def _page(cohort: Cohort, form: PageForm) -> str:
    return render_template(
        "web/director/people/periods.html",
        cohort=cohort,
        form=form,
        codes=[code.value for code in PeriodCode],
    )
