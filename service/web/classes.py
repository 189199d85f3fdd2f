"""Classes: the cohorts list and one class's page (« Mes classes » is the home).

A class is a cohort × subject. A trainer reaches only the classes they teach; the
director every one (D11). Anything out of reach answers 404, like a missing row.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.routing import BuildError

from service.access.guard import current_caller
from service.access.rules import STAFF
from service.access.scope import (
    class_in_reach,
    reachable_assessments,
    reachable_cohorts,
)
from service.models import Assessment
from service.operations.classes import (
    assessment_lines,
    cohorts_with_sizes,
)
from service.web.blueprint import blueprint

RULES = {
    "web.cohorts": STAFF,
    "web.teaching_class": STAFF,
}

#: Colleague pages of a class, linked when they are installed: (label, endpoint).
CLASS_PAGES = (
    ("Saisir les notes", "web.grade_grid"),
    ("Feuilles de notes (tableur)", "web.sheets"),
    ("Appréciations", "web.appreciations"),
    ("Situations de CCF", "web.ccf"),
)


@dataclass(frozen=True, slots=True)
class Link:
    """A link of a page's action list."""

    label: str
    url: str


@blueprint.get("/classes")
def cohorts() -> ResponseReturnValue:
    """List the cohorts in reach with their sizes (the director: every one)."""
    reach = cohorts_with_sizes(reachable_cohorts(current_caller()))
    return render_template("web/cohorts.html", cohorts=reach)


@blueprint.get("/classes/<int:cohort_id>/matieres/<int:subject_id>")
def teaching_class(cohort_id: int, subject_id: int) -> ResponseReturnValue:
    """Show one class: its assessments (this subject only) and its pages."""
    caller = current_caller()
    cohort, subject = class_in_reach(caller, cohort_id, subject_id)
    statement = reachable_assessments(caller).where(
        Assessment.cohort_id == cohort.id, Assessment.subject_id == subject.id
    )
    return render_template(
        "web/trainer/class.html",
        cohort=cohort,
        subject=subject,
        lines=assessment_lines(statement),
        links=class_links(cohort.id, subject.id),
    )


def class_links(cohort_id: int, subject_id: int) -> list[Link]:
    """Links to the class's other pages that this installation has."""
    links = []
    for label, endpoint in CLASS_PAGES:
        if endpoint not in current_app.view_functions:
            continue
        try:
            url = url_for(endpoint, cohort_id=cohort_id, subject_id=subject_id)
        except BuildError:
            url = url_for(endpoint, cohort_id=cohort_id)
        links.append(Link(label, url))
    return links
