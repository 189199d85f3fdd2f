"""The main menu of every page: one list of links per role, in French."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, request, url_for

from service.models import Role, User
from service.web.blueprint import blueprint

#: No page of its own: this module only lends ``main_menu`` to the templates.
RULES: dict[str, Any] = {}

MENUS: dict[Role, tuple[tuple[str, str], ...]] = {
    Role.DIRECTOR: (
        ("Accueil", "web.home"),
        ("Classes", "web.cohorts"),
        ("Assiduité", "web.attendance"),
        ("Sessions d'examen", "web.exam_sessions"),
        ("Administration", "web.admin_users"),
        ("Exports", "web.exports"),
        ("Journal", "web.audit_log"),
    ),
    Role.TRAINER: (
        ("Mes classes", "web.home"),
        ("Émargement", "web.roll_calls"),
        ("Assiduité", "web.attendance"),
    ),
    Role.STUDENT: (("Mes notes", "web.home"),),
    Role.TUTOR: (("Mes apprentis", "web.home"),),
}


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One link of the main menu; ``current`` marks the page being shown."""

    label: str
    url: str
    current: bool


def main_menu() -> list[MenuItem]:
    """Return the logged-in user's menu (pages not installed are left out)."""
    user = g.get("user")
    if not isinstance(user, User):
        return []
    return [
        MenuItem(label, url_for(endpoint), request.endpoint == endpoint)
        for label, endpoint in MENUS[user.role]
        if endpoint in current_app.view_functions
    ]


@blueprint.app_context_processor
def menu_helpers() -> dict[str, Any]:
    """Give every template the ``main_menu`` helper."""
    return {"main_menu": main_menu}
