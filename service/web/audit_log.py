"""The director's audit log (« Journal »): the audit rows, filtered and paginated.

It reads what the API's ``/audit`` reads (``operations.audit.audit_events``),
narrowed by person, kind of operation and dates (Paris days).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from http import HTTPStatus
from typing import Any

from flask import render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import ColumnElement, Select, func, or_, select

from service.access.rules import DIRECTOR_ONLY
from service.centre_time import PARIS
from service.extensions import db
from service.models import AuditEvent, User
from service.operations.audit import audit_events
from service.operations.exports.files import EXPORT_LABELS
from service.web.blueprint import blueprint

RULES = {"web.audit_log": DIRECTOR_ONLY}

PAGE_SIZE = 50
#: The kinds the log filters on: (label, condition on the audit row).
KINDS: dict[str, tuple[str, ColumnElement[bool]]] = {
    "refus": ("Écritures refusées", AuditEvent.outcome.like("refused%")),
    "imports": ("Imports", AuditEvent.action.like("grade.import%")),
    "publications": ("Publications", AuditEvent.action.like("%.publish")),
    "verrous": (
        "Verrouillages et réouvertures",
        or_(
            AuditEvent.action.like("%.lock"),
            AuditEvent.action.like("%.unlock"),
            AuditEvent.action.like("%.reopen"),
        ),
    ),
    "effacements": ("Effacements", AuditEvent.action.like("%.erase")),
    "jury": ("Jury", AuditEvent.action.like("jury.%")),
    "exports": ("Exports", AuditEvent.action.in_(EXPORT_LABELS)),
}
ACTIONS = {
    "grade.write": "Saisie d'une note",
    "grade.bulk_write": "Saisie de notes (grille)",
    "grade.import": "Import de notes",
    "grade.import_undo": "Annulation d'un import de notes",
    "exam_grade.write": "Note d'examen",
    "ccf.write": "Situation de CCF",
    "assessment.edit": "Modification d'une évaluation",
    "assessment.publish": "Publication d'une évaluation",
    "assessment.lock": "Verrouillage d'une évaluation",
    "assessment.unlock": "Réouverture d'une évaluation",
    "session.edit": "Modification d'une session",
    "session.delete": "Suppression d'une session",
    "session.compute": "Calcul des résultats",
    "session.publish": "Publication des résultats",
    "session.lock": "Verrouillage d'une session",
    "session.reopen": "Réouverture d'une session",
    "registration.create": "Inscription à une session",
    "registration.edit": "Modification d'une inscription",
    "registration.delete": "Suppression d'une inscription",
    "jury.adjust": "Ajustement du jury",
    "jury.control": "Note d'épreuve de contrôle",
    "livret.avis": "Avis de l'équipe pédagogique (livret)",
    "jury.examine_livret": "Livret examiné par le président du jury",
    "student.erase": "Effacement des données d'un·e apprenti·e",
    "planning.generate": "Génération du planning",
    "half_day.add": "Ajout d'une demi-journée",
    "half_day.change": "Modification d'une demi-journée",
    "half_day.delete": "Suppression d'une demi-journée",
    "justification.create": "Saisie d'un justificatif d'absence",
    "justification.update": "Modification d'un justificatif d'absence",
    "justification.delete": "Suppression d'un justificatif d'absence",
    "contract.create": "Saisie d'un contrat",
    "contract.update": "Modification d'un contrat",
    "attendance.write": "Saisie de l'appel",
    "attendance.write_closed": "Modification d'une feuille d'appel close",
    "roll_call.lock": "Clôture d'une feuille d'appel",
    "roll_call.reopen": "Réouverture d'une feuille d'appel",
    **EXPORT_LABELS,
}
OUTCOMES = {
    "accepted": "Acceptée",
    "refused_locked": "Refusée : verrouillé",
    "refused_published": "Refusée : déjà publié",
}
#: Names of the details' keys; others are shown as stored.
DETAILS = {
    "file": "fichier",
    "reason": "raison",
    "rows": "lignes",
    "from": "avant",
    "to": "après",
    "import_batch_id": "import n°",
    "day": "jour",
    "slot": "créneau",
    "marks": "marques",
}
TARGETS = {
    "assessment": "évaluation",
    "exam_session": "session",
    "student": "apprenti·e",
    "cohort": "classe",
    "registration": "inscription",
    "ccf_situation": "situation de CCF",
    "half_day": "demi-journée",
    "justification": "justificatif",
    "contract": "contrat",
    "centre": "centre",
}


@dataclass
class Filters:
    """The log's filters as read from the query string, and their errors."""

    person: int | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None
    page: int = 1
    errors: list[str] = field(default_factory=list)

    def query(self, **changes: Any) -> dict[str, Any]:
        """The query string of these filters (for the page links)."""
        values = {
            "personne": self.person,
            "type": self.kind,
            "du": self.since.isoformat() if self.since else None,
            "au": self.until.isoformat() if self.until else None,
        } | changes
        return {name: value for name, value in values.items() if value is not None}


def read_filters(args: Mapping[str, str]) -> Filters:
    """Read personne, type, du, au and page; a bad value is named and ignored."""
    filters = Filters()
    person = args.get("personne", "")
    if person.isdigit():
        filters.person = int(person)
    elif person:
        filters.errors.append("« Personne » : choisissez une personne de la liste.")
    kind = args.get("type", "")
    if kind in KINDS:
        filters.kind = kind
    elif kind:
        filters.errors.append("« Type » : choisissez un type de la liste.")
    filters.since = _day(args.get("du", ""), "Du", filters.errors)
    filters.until = _day(args.get("au", ""), "Au", filters.errors)
    page = args.get("page", "1")
    filters.page = int(page) if page.isdigit() and int(page) >= 1 else 1
    return filters


def _day(text: str, name: str, errors: list[str]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.append(f"« {name} » : une date comme 31/12/2026 est attendue.")
        return None


def filtered(filters: Filters) -> Select[AuditEvent]:
    """The audit rows the filters keep, newest first."""
    statement = audit_events(None, filters.person)
    if filters.kind:
        statement = statement.where(KINDS[filters.kind][1])
    if filters.since:
        statement = statement.where(AuditEvent.at >= _paris_midnight(filters.since))
    if filters.until:
        end = _paris_midnight(filters.until + timedelta(days=1))
        statement = statement.where(AuditEvent.at < end)
    return statement


def _paris_midnight(day: date) -> datetime:
    """The start of a Paris day, as an aware UTC time."""
    return datetime.combine(day, time(), tzinfo=PARIS).astimezone(UTC)


@blueprint.get("/journal")
def audit_log() -> ResponseReturnValue:
    """The audit log, filtered and paginated."""
    filters = read_filters(request.args)
    statement = filtered(filters)
    count = (
        db.session.scalar(
            select(func.count()).select_from(statement.order_by(None).subquery())
        )
        or 0
    )
    pages = max(1, -(-count // PAGE_SIZE))
    page = min(filters.page, pages)
    events = db.session.scalars(
        statement.offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    people = db.session.scalars(select(User).order_by(User.display_name)).all()
    status = HTTPStatus.BAD_REQUEST if filters.errors else HTTPStatus.OK
    return render_template(
        "web/exports/journal.html",
        events=events,
        count=count,
        page=page,
        pages=pages,
        filters=filters,
        people=people,
        kinds={key: label for key, (label, _) in KINDS.items()},
        actions=ACTIONS,
        outcomes=OUTCOMES,
        targets=TARGETS,
        details=DETAILS,
        paris=PARIS,
    ), status
