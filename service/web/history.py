"""The history of one formative grade: who changed it, when, from what to what (D8).

A trainer reaches the grades of what they teach, a student their own published
ones (R7), the director every grade: ``service.access.scope.grade_in_reach``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import selectinload

from importers.french_dates import french_date
from service.access.guard import current_caller
from service.access.rules import EVERYONE_SCOPED
from service.access.scope import grade_in_reach
from service.centre_time import PARIS
from service.extensions import db
from service.models import ChangeSource, GradeHistory, GradeStatus, HistoryEntity
from service.operations.grades import history_of
from service.web.blueprint import blueprint

RULES = {"web.grade_history": EVERYONE_SCOPED}

SOURCES = {
    ChangeSource.WEB: "Carnet (pages)",
    ChangeSource.API: "API",
    ChangeSource.IMPORT: "Import de fichier",
    ChangeSource.CLI: "Ligne de commande",
}


@dataclass(frozen=True, slots=True)
class Value:
    """A grade's values as a history row keeps them: score or status, comment."""

    score: Decimal | None
    status: GradeStatus | None
    comment: str | None

    @classmethod
    def of(cls, record: dict[str, Any] | None) -> Value | None:
        """Read a history record (numbers as strings); None before creation."""
        if record is None:
            return None
        score, status = record.get("score"), record.get("status")
        return cls(
            None if score is None else Decimal(score),
            None if status is None else GradeStatus(status),
            record.get("comment"),
        )


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the history page."""

    at: datetime
    when: str
    who: str
    source: str
    old: Value | None
    new: Value | None


@blueprint.get("/notes/<int:grade_id>/historique")
def grade_history(grade_id: int) -> ResponseReturnValue:
    """List the changes of a grade, oldest first, with names and Paris times."""
    grade = grade_in_reach(current_caller(), grade_id)
    rows = db.session.scalars(
        history_of(HistoryEntity.GRADE, grade.id).options(
            selectinload(GradeHistory.actor)
        )
    )
    changes = [_change(row) for row in rows]
    return render_template(
        "web/trainer/grade_history.html", grade=grade, changes=changes
    )


def _change(row: GradeHistory) -> Change:
    local = row.at.astimezone(PARIS)
    return Change(
        at=local,
        when=french_datetime(local),
        who=row.actor.display_name if row.actor else _nobody(row.source),
        source=SOURCES.get(row.source, str(row.source)),
        old=Value.of(row.old),
        new=Value.of(row.new),
    )


def french_datetime(moment: datetime) -> str:
    """« 5 mars 2026 à 14 h 05 », in the moment's own time zone."""
    return f"{french_date(moment)} à {moment.hour} h {moment.minute:02d}"


def _nobody(source: ChangeSource) -> str:
    """Who changed a grade when no account is recorded (a script, the demo)."""
    return "Import automatique" if source is ChangeSource.IMPORT else "Système"
