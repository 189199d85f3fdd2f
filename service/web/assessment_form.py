"""The assessment form: what the trainer typed, read into values or French errors.

Numbers are typed the French way or not (« 12,5 » and « 12.5 ») and shown « 12,5 ».
Rules on the values themselves (the period of the cohort, a maximum above every
score given) are the operations' (``service.operations.assessments``); this module
only reads the fields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from importers.cells import CellValueError, format_points, parse_date, parse_decimal
from service.models import Assessment, AssessmentKind, Period
from service.models.assessments import POINTS_MAX, POINTS_MIN

TITLE_LENGTH = 200

KIND_LABELS = {
    AssessmentKind.WRITTEN: "Écrit",
    AssessmentKind.ORAL: "Oral",
    AssessmentKind.CASE_STUDY: "Étude de cas",
    AssessmentKind.PRACTICAL: "Mise en situation pratique",
    AssessmentKind.PROJECT: "Projet",
}

FIELDS = ("title", "held_on", "kind", "period_id", "max_score", "coefficient")


@dataclass(slots=True)
class AssessmentForm:
    """The fields as typed (shown back), the values read and the errors by field."""

    typed: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def add_errors(self, errors: Mapping[str, Any] | None) -> None:
        """Attach an operation's errors (``{"max_score": ["…"]}``) to their fields."""
        for name, messages in (errors or {}).items():
            if name in FIELDS:
                first = messages[0] if isinstance(messages, list) else messages
                self.errors.setdefault(name, str(first))


def blank_form(periods: Sequence[Period], today: date) -> AssessmentForm:
    """A new assessment: today, out of 20, coefficient 1, the current period."""
    current = next((p for p in periods if p.starts_on <= today <= p.ends_on), None)
    period = current or (periods[0] if periods else None)
    typed = {
        "title": "",
        "held_on": today.isoformat(),
        "kind": AssessmentKind.WRITTEN.value,
        "period_id": str(period.id) if period else "",
        "max_score": "20",
        "coefficient": "1",
    }
    return AssessmentForm(typed)


def stored_form(assessment: Assessment) -> AssessmentForm:
    """An existing assessment as the form shows it (« 12,5 »)."""
    typed = {
        "title": assessment.title,
        "held_on": assessment.held_on.isoformat(),
        "kind": assessment.kind.value,
        "period_id": str(assessment.period_id),
        "max_score": format_points(assessment.max_score),
        "coefficient": format_points(assessment.coefficient),
    }
    return AssessmentForm(typed)


def read_form(form: Mapping[str, str], periods: Sequence[Period]) -> AssessmentForm:
    """Read the posted fields; every field gets its own French error."""
    typed = {name: form.get(name, "").strip() for name in FIELDS}
    result = AssessmentForm(typed)
    for name, reader in _READERS.items():
        try:
            result.values[name] = reader(typed[name], periods)
        except ValueError as error:
            result.errors[name] = str(error)
    return result


def _title(text: str, _periods: Sequence[Period]) -> str:
    if not text:
        raise ValueError("Donnez un intitulé.")
    if len(text) > TITLE_LENGTH:
        raise ValueError(f"{TITLE_LENGTH} caractères au plus.")
    return text


def _held_on(text: str, _periods: Sequence[Period]) -> date:
    if not text:
        raise ValueError("Indiquez la date (jj/mm/aaaa).")
    try:
        return parse_date(text)
    except CellValueError as error:
        raise ValueError(str(error)) from None


def _kind(text: str, _periods: Sequence[Period]) -> AssessmentKind:
    try:
        return AssessmentKind(text)
    except ValueError:
        raise ValueError("Choisissez un type d'évaluation.") from None


def _period(text: str, periods: Sequence[Period]) -> int:
    known = {str(p.id): p.id for p in periods}
    if text not in known:
        raise ValueError("Choisissez une période de cette classe.")
    return known[text]


def _points(text: str, _periods: Sequence[Period]) -> Decimal:
    if not text:
        raise ValueError("Indiquez un nombre, par exemple 20 ou 12,5.")
    try:
        number = parse_decimal(text)
    except CellValueError as error:
        raise ValueError(str(error)) from None
    if not POINTS_MIN <= number <= POINTS_MAX:
        raise ValueError(
            f"Entre {format_points(POINTS_MIN)} et {format_points(POINTS_MAX)}, "
            "s'il vous plaît."
        )
    return number


_READERS = {
    "title": _title,
    "held_on": _held_on,
    "kind": _kind,
    "period_id": _period,
    "max_score": _points,
    "coefficient": _points,
}
