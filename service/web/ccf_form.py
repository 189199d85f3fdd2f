"""Read the CCF situation forms: French numbers, the panel with its professional.

The rules themselves (CCF units, situation numbers, who may sit on a panel, versions)
stay in ``service.operations.ccf``; this module only turns form fields into values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from werkzeug.datastructures import MultiDict

from importers.cells import CellValueError, parse_date, parse_grade, parse_text
from importers.records import GradeCode
from service.models import EvaluatorRole
from service.operations.ccf import Proposal
from service.problems import Problem

#: Proposed CCF grades are out of 20 (R2).
TWENTY = Decimal(20)
#: The same bounds as the API's CCF schema.
COMMENT_LENGTH = 1000
NAME_LENGTH = 200


@dataclass
class FormErrors:
    """Messages by form field, in French."""

    by_field: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        """Keep the first message of a field."""
        self.by_field.setdefault(name, message)

    def __bool__(self) -> bool:
        return bool(self.by_field)


def read_proposal(form: MultiDict[str, str], errors: FormErrors) -> Proposal:
    """Read the proposed grade (« 12,5 » or « 12.5 », empty for none) and comment."""
    return Proposal(
        _grade(form.get("proposed_grade", ""), errors), _comment(form, errors)
    )


def read_version(form: MultiDict[str, str]) -> int:
    """The version the writer read (D6); 0 when missing, which is always stale."""
    text = form.get("version", "")
    return int(text) if text.isdigit() else 0


def read_new_situation(
    form: MultiDict[str, str], unit: str, number: int, errors: FormErrors
) -> dict[str, Any]:
    """Read a new situation as ``operations.ccf.create_situation`` takes it."""
    proposal = read_proposal(form, errors)
    return {
        "unit": unit,
        "situation_number": number,
        "held_on": _held_on(form.get("held_on", ""), errors),
        "proposed_grade": proposal.grade,
        "comment": proposal.comment,
        "evaluators": [*_trainers(form, errors), _professional(form, errors)],
    }


def _grade(text: str, errors: FormErrors) -> Decimal | None:
    try:
        value = parse_grade(text, TWENTY)
    except CellValueError as error:
        errors.add("proposed_grade", str(error))
        return None
    if isinstance(value, GradeCode):
        errors.add(
            "proposed_grade",
            "Une note sur 20 est attendue : les codes ABS, ABJ, DISP et NN ne "
            "s'appliquent pas à une proposition de CCF.",
        )
        return None
    return value


def _comment(form: MultiDict[str, str], errors: FormErrors) -> str | None:
    text = parse_text(form.get("comment", ""))
    if text is not None and len(text) > COMMENT_LENGTH:
        errors.add("comment", f"{COMMENT_LENGTH} caractères au plus.")
    return text


def _held_on(text: str, errors: FormErrors) -> date | None:
    if not text.strip():
        errors.add("held_on", "Indiquez la date de la situation.")
        return None
    try:
        return parse_date(text)
    except CellValueError as error:
        errors.add("held_on", str(error))
        return None


def _trainers(form: MultiDict[str, str], errors: FormErrors) -> list[dict[str, Any]]:
    """The panel's trainers: the first is required, the second optional."""
    ids: list[int] = []
    for name in ("trainer_1", "trainer_2"):
        text = form.get(name, "")
        if text.isdigit() and int(text) not in ids:
            ids.append(int(text))
    if not ids:
        errors.add("trainer_1", "Choisissez au moins un·e formateur·rice du jury.")
    return [
        {
            "role": EvaluatorRole.TRAINER,
            "user_id": user_id,
            "name": None,
            "organisation": None,
        }
        for user_id in ids
    ]


def _professional(form: MultiDict[str, str], errors: FormErrors) -> dict[str, Any]:
    """The professional of the panel: name and organisation are required."""
    values: dict[str, str | None] = {}
    for key, label in (("name", "le nom"), ("organisation", "l'entreprise")):
        text = parse_text(form.get(f"professional_{key}", ""))
        if text is None:
            errors.add(f"professional_{key}", f"Indiquez {label} du professionnel.")
        elif len(text) > NAME_LENGTH:
            errors.add(f"professional_{key}", f"{NAME_LENGTH} caractères au plus.")
        values[key] = text
    return {
        "role": EvaluatorRole.PROFESSIONAL,
        "user_id": None,
        "name": values["name"],
        "organisation": values["organisation"],
    }


def add_problem(errors: FormErrors, refused: Problem) -> None:
    """Put an operation's refusal on the form fields it names (the panel's trainers)."""
    if not refused.errors:
        errors.add("", str(refused.description))
    for key, messages in (refused.errors or {}).items():
        parts = key.split(".")
        name = f"trainer_{int(parts[1]) + 1}" if parts[0] == "evaluators" else key
        errors.add(name, messages[0])
