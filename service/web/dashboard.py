"""The director's dashboard, her home page: per current cohort, the heatmap of
projected grades, the students at risk, missing grades and unpublished assessments.

The figures are ``service.operations.director_dashboard``'s; the page only shows them.
"""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from service.access.guard import Caller, current_caller
from service.access.rules import DIRECTOR_ONLY
from service.centre_time import centre_today
from service.operations.director_dashboard import current_cohorts, director_dashboard
from service.web.blueprint import blueprint

RULES = {"web.dashboard": DIRECTOR_ONLY}

#: Each heatmap band: its mark (readable without colour) and its French name.
BANDS = {
    "low": ("!!", "moins de 8"),
    "fragile": ("!", "de 8 à moins de 10"),
    "fair": ("", "de 10 à moins de 12"),
    "good": ("+", "12 et plus"),
    "none": ("", "pas encore de note"),
}


@blueprint.get("/tableau-de-bord")
def dashboard() -> ResponseReturnValue:
    """The director's dashboard (also her home page, ``/``)."""
    return render_dashboard(current_caller())


def render_dashboard(caller: Caller) -> str:
    """Render the dashboard of the cohorts whose exam session is not over."""
    boards = director_dashboard(caller, current_cohorts(centre_today()))
    return render_template("web/home_director.html", boards=boards, bands=BANDS)
