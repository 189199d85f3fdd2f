"""The director's cohorts page: the list with their sizes, and a new cohort.

The rules (unique name, a regulation the engine knows, the exam year after the
start year) are ``service.operations.cohorts``'; the page reads the form.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.extensions import db
from service.models import Cohort
from service.operations.classes import cohorts_with_sizes
from service.operations.cohorts import NewCohort, create_cohort, update_cohort
from service.web.blueprint import blueprint
from service.web.people_forms import INVALID, PageForm, read_form

RULES = {
    "web.admin_cohorts": DIRECTOR_ONLY,
    "web.admin_new_cohort": DIRECTOR_ONLY,
    "web.admin_cohort": DIRECTOR_ONLY,
}

COHORTS = "/administration/classes"
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIELDS = ("name", "start_year", "exam_session_year")


@blueprint.get(COHORTS)
def admin_cohorts() -> ResponseReturnValue:
    """The cohorts, newest session first, and the new cohort form."""
    return _page(PageForm())


@blueprint.post(COHORTS)
def admin_new_cohort() -> ResponseReturnValue:
    """Create a cohort under the centre's regulation."""
    form, values = _read()
    if values is not None:
        regulation = str(current_app.config.get("REGULATION_ID", "bts-ndrc"))
        saved = form.save(
            lambda: create_cohort(NewCohort(regulation_id=regulation, **values)),
            "name",
            lambda cohort: f"Classe « {cohort.name} » créée : donnez ses périodes.",
            lambda cohort: redirect(url_for("web.admin_periods", cohort_id=cohort.id)),
        )
        if saved is not None:
            return saved
    return _page(form), INVALID


@blueprint.route(f"{COHORTS}/<int:cohort_id>", methods=["GET", "POST"])
def admin_cohort(cohort_id: int) -> ResponseReturnValue:
    """Show and change a cohort's name and years."""
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        raise not_found("Classe")
    if request.method == "GET":
        typed = {name: str(getattr(cohort, name)) for name in FIELDS}
        return _edit_page(cohort, PageForm(typed))
    form, values = _read()
    if values is not None:
        saved = form.save(
            lambda: update_cohort(cohort, values),
            "name",
            lambda _: f"Classe « {cohort.name} » enregistrée.",
            lambda _: redirect(url_for("web.admin_cohorts")),
        )
        if saved is not None:
            return saved
    return _edit_page(cohort, form), INVALID


def _read() -> tuple[PageForm, dict[str, Any] | None]:
    """The cohort form's values, or None with each bad field's French error."""
    form = read_form(*FIELDS)
    name = form.require("name", "Nom")
    if len(name) > 100:
        form.errors["name"] = "Nom : 100 caractères au plus."
    start = _year(form, "start_year", "Année de début")
    exam = _year(form, "exam_session_year", "Année de la session d'examen")
    if form.errors:
        return form, None
    return form, {"name": name, "start_year": start, "exam_session_year": exam}


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


def _edit_page(cohort: Cohort, form: PageForm) -> str:
    return render_template("web/director/people/cohort.html", cohort=cohort, form=form)
