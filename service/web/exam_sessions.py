"""The director's exam sessions: the list, a new session, and a session's page.

A session's page gives its state and the next step (register, enter the grades,
compute, adjust, publish, lock). Every rule is the operations' (``sessions``,
``results``): the pages only read forms and show refusals in French. Each request
commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from http import HTTPStatus

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from service.access.rules import DIRECTOR_ONLY
from service.centre_time import centre_today
from service.extensions import db
from service.models import Decision
from service.operations import sessions as operations
from service.operations.audit import RefusedWrite, persist_refusal
from service.operations.session_overview import session_counts
from service.operations.sessions import (
    FIRST_YEAR,
    LAST_YEAR,
    STATE_LABELS,
    session_or_404,
)
from service.problems import Problem
from service.web.blueprint import blueprint

RULES = {
    "web.exam_sessions": DIRECTOR_ONLY,
    "web.new_exam_session": DIRECTOR_ONLY,
    "web.exam_session": DIRECTOR_ONLY,
}

ONE = "/sessions/<int:session_id>"
#: The length of ``ExamSession.jury_president``.
PRESIDENT_MAX = 200

#: The jury's decisions as the pages name them (R3).
DECISION_LABELS = {
    Decision.ADMIS: "Admis·e",
    Decision.AUTORISE_CONTROLE: "Autorisé·e au contrôle",
    Decision.ADMIS_APRES_CONTROLE: "Admis·e après contrôle",
    Decision.REFUSE: "Refusé·e",
    Decision.REFUSE_ABSENT: "Refusé·e (absence)",
    Decision.INCOMPLET: "Incomplet",
}


@dataclass
class SessionForm:
    """The new session's fields as typed, and each field's error."""

    typed: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)


def show_refusal(error: Problem) -> None:
    """Flash an operation's refusal; a locked session's is audited first (T07)."""
    if isinstance(error, RefusedWrite):
        persist_refusal(error.record)
    else:
        db.session.rollback()
    flash(error.description or "Opération refusée.", "error")


def to_session(session_id: int) -> Response:
    """Back to the session's page."""
    return redirect(url_for("web.exam_session", session_id=session_id))


@blueprint.get("/sessions")
def exam_sessions() -> ResponseReturnValue:
    """List the sessions, latest year first, with the form of a new one."""
    return _list_page(_blank_form())


@blueprint.post("/sessions")
def new_exam_session() -> ResponseReturnValue:
    """Open a session for a year (one per regulation and year)."""
    form = _read_form()
    if not form.errors:
        try:
            values = {
                "regulation_id": form.typed["regulation_id"],
                "year": int(form.typed["year"]),
                "jury_date": _date(form.typed["jury_date"]),
                "jury_president": form.typed["jury_president"] or None,
            }
            created = operations.create_session(values)
        except Problem as refused:
            db.session.rollback()
            form.errors.update(_field_errors(refused))
        else:
            db.session.commit()
            flash(f"Session {created.year} ouverte.", "info")
            return to_session(created.id)
    return _list_page(form), HTTPStatus.UNPROCESSABLE_ENTITY


@blueprint.get(ONE)
def exam_session(session_id: int) -> ResponseReturnValue:
    """A session's state, its figures and the next step."""
    session = session_or_404(session_id)
    return render_template(
        "web/sessions/session.html",
        session=session,
        counts=session_counts(session),
        state_label=STATE_LABELS[session.state],
        decision_labels=DECISION_LABELS,
    )


def _list_page(form: SessionForm) -> str:
    rows = operations.latest_first()
    return render_template(
        "web/sessions/list.html",
        sessions=[(row, STATE_LABELS[row.state]) for row in rows],
        form=form,
        first_year=FIRST_YEAR,
        last_year=LAST_YEAR,
    )


def _regulation() -> str:
    return str(current_app.config.get("REGULATION_ID", "bts-ndrc"))


def _blank_form() -> SessionForm:
    year = str(centre_today().year + 1)
    return SessionForm(
        {
            "year": year,
            "jury_date": "",
            "jury_president": "",
            "regulation_id": _regulation(),
        }
    )


def _read_form() -> SessionForm:
    typed = {
        name: request.form.get(name, "").strip()
        for name in ("year", "jury_date", "jury_president", "regulation_id")
    }
    form = SessionForm(typed)
    year = typed["year"]
    if not (year.isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
        form.errors["year"] = f"Année : un nombre de {FIRST_YEAR} à {LAST_YEAR}."
    try:
        _date(typed["jury_date"])
    except ValueError:
        form.errors["jury_date"] = "Date du jury : une date (jj/mm/aaaa) ou rien."
    if len(typed["jury_president"]) > PRESIDENT_MAX:
        form.errors["jury_president"] = (
            f"Président(e) du jury : {PRESIDENT_MAX} caractères au plus."
        )
    if not typed["regulation_id"]:
        form.errors["regulation_id"] = "Réglementation : choisissez-en une."
    return form


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _field_errors(refused: Problem) -> dict[str, str]:
    """An operation's refusal next to its field (the year when none is named)."""
    named = {
        key: " ".join(map(str, value)) for key, value in (refused.errors or {}).items()
    }
    return named or {"year": refused.description or "Session refusée."}
