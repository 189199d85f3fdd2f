"""What the people pages share: a form as typed with each field's error, and the
operations' refusals put back next to the field they name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, TypeVar

from flask import current_app, flash, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from service.access.scope import not_found
from service.extensions import db
from service.models import Cohort, Student, User
from service.problems import Problem
from service.web.blueprint import blueprint

#: The people pages' tabs, in order (endpoint, French label).
TABS = (
    ("web.admin_users", "Comptes"),
    ("web.admin_cohorts", "Classes"),
    ("web.admin_students", "Apprentis"),
    ("web.admin_assignments", "Affectations"),
    ("web.admin_tutors", "Tuteurs"),
    ("web.admin_contracts", "Contrats"),
    ("web.admin_roster", "Import de liste"),
)
#: The pages' HTTP answer when a form is sent back with its errors.
INVALID = HTTPStatus.UNPROCESSABLE_ENTITY

T = TypeVar("T")


@dataclass
class PageForm:
    """A form's fields as typed (stripped) and the French error of each field."""

    typed: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    #: The fields' id prefix, distinct for two forms on one page.
    prefix: str = "f"

    def require(self, name: str, label: str) -> str:
        """The typed value; an empty one is an error naming the field."""
        value = self.typed.get(name, "")
        if not value:
            self.errors[name] = f"{label} : à remplir."
        return value

    def whole(self, name: str, label: str) -> int | None:
        """A typed whole number, or an error naming the field."""
        value = self.typed.get(name, "")
        if value.isdigit() and len(value) <= 9:
            return int(value)
        self.errors[name] = f"{label} : un nombre entier."
        return None

    def refused(self, error: Problem, fallback: str) -> None:
        """Put a refusal next to the fields it names (else next to ``fallback``)."""
        db.session.rollback()
        for name, messages in (error.errors or {}).items():
            self.errors[name] = " ".join(map(str, messages))
        if not self.errors:
            self.errors[fallback] = error.description or "Opération refusée."

    def save(
        self,
        write: Callable[[], T],
        fallback: str,
        said: Callable[[T], str],
        then: Callable[[T], Response],
    ) -> Response | None:
        """Run an operation: refused, put why on the form and answer None;
        done, commit once, flash ``said`` and answer ``then`` (a redirect)."""
        try:
            done = write()
        except Problem as refused:
            self.refused(refused, fallback)
            return None
        db.session.commit()
        flash(said(done), "info")
        return then(done)


def read_form(*names: str) -> PageForm:
    """The posted fields ``names``, stripped."""
    return PageForm({name: request.form.get(name, "").strip() for name in names})


def user_or_404(user_id: int) -> User:
    """An account, or the French 404 page."""
    user = db.session.get(User, user_id)
    if user is None:
        raise not_found("Compte")
    return user


def student_or_404(student_id: int) -> Student:
    """A student record, or the French 404 page."""
    student = db.session.get(Student, student_id)
    if student is None:
        raise not_found("Apprenti")
    return student


def cohort_choices() -> list[tuple[str, str]]:
    """Every cohort as (id, name), for a select."""
    rows = db.session.execute(select(Cohort.id, Cohort.name).order_by(Cohort.name))
    return [(str(cohort_id), name) for cohort_id, name in rows]


def admin_tabs() -> list[tuple[str, str, bool]]:
    """The people pages' tabs installed: (url, label, is the current page)."""
    return [
        (url_for(endpoint), label, request.endpoint == endpoint)
        for endpoint, label in TABS
        if endpoint in current_app.view_functions
    ]


@blueprint.app_context_processor
def people_helpers() -> dict[str, Any]:
    """Give the templates the people pages' tabs."""
    return {"admin_tabs": admin_tabs}
