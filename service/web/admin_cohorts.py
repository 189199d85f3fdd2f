"""The director's cohorts page: the list with their sizes, and a new cohort.

The rules (unique name, a regulation the engine knows, the exam year after the
start year) are ``service.operations.cohorts``'; the page reads the form.
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from service.access.rules import DIRECTOR_ONLY
from service.extensions import db
from service.models import Cohort
from service.operations.classes import cohorts_with_sizes
from service.operations.cohorts import NewCohort, create_cohort
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.people_forms import INVALID, PageForm, read_form

RULES = {"web.admin_cohorts": DIRECTOR_ONLY, "web.admin_new_cohort": DIRECTOR_ONLY}

COHORTS = "/administration/classes"
FIRST_YEAR, LAST_YEAR = 2000, 2100


@blueprint.get(COHORTS)
def admin_cohorts() -> ResponseReturnValue:
    """The cohorts, newest session first, and the new cohort form."""
    return _page(PageForm())


@blueprint.post(COHORTS)
def admin_new_cohort() -> ResponseReturnValue:
    """Create a cohort under the centre's regulation."""
    form = read_form("name", "start_year", "exam_session_year")
    name = form.require("name", "Nom")
    if len(name) > 100:
        form.errors["name"] = "Nom : 100 caractères au plus."
    start = _year(form, "start_year", "Année de début")
    exam = _year(form, "exam_session_year", "Année de la session d'examen")
    if not form.errors and start is not None and exam is not None:
        regulation = str(current_app.config.get("REGULATION_ID", "bts-ndrc"))
        try:
            cohort = create_cohort(NewCohort(name, regulation, start, exam))
        except Problem as refused:
            form.refused(refused, "name")
        else:
            db.session.commit()
            flash(f"Classe « {cohort.name} » créée : donnez ses périodes.", "info")
            return redirect(url_for("web.admin_periods", cohort_id=cohort.id))
    return _page(form), INVALID


def _year(form: PageForm, name: str, label: str) -> int | None:
    year = form.whole(name, label)
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        form.errors[name] = f"{label} : une année de {FIRST_YEAR} à {LAST_YEAR}."
        return None
    return year


def _page(form: PageForm) -> str:
    return render_template(
        "web/director/people/cohorts.html",
        cohorts=cohorts_with_sizes(select(Cohort)),
        form=form,
    )
