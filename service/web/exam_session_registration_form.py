"""A registration's form read unit by unit: a kept benefit or a dispense (R4–R6).

Each unit of the regulation has one line: a benefit kept from an earlier session
(grade, session, date obtained, origin) or a dispense with its justification.
This module only reads what was typed; the operations and the engine decide what
is allowed, and their errors come back here to the field they name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from importers.cells import CellValueError, parse_decimal
from service.models import BlocSource, ExamForm, Registration
from service.web.cell_forms import shown

FORM_LABELS = {
    ExamForm.GLOBALE: "Forme globale",
    ExamForm.PROGRESSIVE: "Forme progressive",
}
ORIGIN_LABELS = {
    BlocSource.SESSION: "Session antérieure",
    BlocSource.BENEFIT: "Bénéfice reporté",
    BlocSource.PREVIOUS_SCHOOL: "Autre établissement",
    BlocSource.VAE: "VAE",
}
ZERO, TWENTY = Decimal(0), Decimal(20)
BENEFIT_FIELDS = ("grade", "year", "obtained", "origin")
#: The operations' field names → this form's.
API_FIELDS = {
    "grade": "grade",
    "origin_session_year": "year",
    "obtained_on": "obtained",
    "origin": "origin",
    "unit": "grade",
}
LIST_PATH = re.compile(r"(benefits|dispenses)\.(\d+)\.(\w+)")


@dataclass
class RegistrationForm:
    """What was typed for each unit, the values read and each field's error."""

    units: list[str]
    typed: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    benefits: list[dict[str, Any]] = field(default_factory=list)
    dispenses: list[dict[str, Any]] = field(default_factory=list)

    def values(self) -> dict[str, Any]:
        """The operation's input: the form and both lists (which replace the old)."""
        return {
            "form": ExamForm(self.typed["form"]),
            "benefits": self.benefits,
            "dispenses": self.dispenses,
        }

    def add_refusal(self, errors: dict[str, Any] | None, detail: str) -> None:
        """Put an operation's refusal next to the unit's field it names."""
        for path, messages in (errors or {}).items():
            self.errors[self._name(path)] = " ".join(map(str, messages))
        if not self.errors:
            self.errors["form"] = detail

    def _name(self, path: str) -> str:
        found = LIST_PATH.fullmatch(path)
        if found is None:
            return "form"
        kind, index, name = found[1], int(found[2]), found[3]
        if kind == "dispenses" and index < len(self.dispenses):
            return f"dispense-{self.dispenses[index]['unit']}"
        if kind == "benefits" and index < len(self.benefits):
            unit = self.benefits[index]["unit"]
            return f"benefit-{unit}-{API_FIELDS.get(name, 'grade')}"
        return "form"


def stored_form(registration: Registration, units: list[str]) -> RegistrationForm:
    """The form as the registration stands."""
    typed = {"form": registration.form.value}
    for row in registration.benefits:
        typed |= {
            f"benefit-{row.unit}-grade": shown(row.grade),
            f"benefit-{row.unit}-year": str(row.origin_session_year or ""),
            f"benefit-{row.unit}-obtained": row.obtained_on.isoformat(),
            f"benefit-{row.unit}-origin": row.origin.value,
        }
    for dispense in registration.dispenses:
        typed[f"dispense-{dispense.unit}"] = dispense.justification
    return RegistrationForm(units, typed)


def read_form(form: dict[str, str], units: list[str]) -> RegistrationForm:
    """Read the typed form; each field's own error (format) names it."""
    names = ["form"] + [
        f"benefit-{unit}-{name}" for unit in units for name in BENEFIT_FIELDS
    ]
    names += [f"dispense-{unit}" for unit in units]
    typed = {name: form.get(name, "").strip() for name in names}
    read = RegistrationForm(units, typed)
    if typed["form"] not in {choice.value for choice in ExamForm}:
        read.errors["form"] = "Forme de l'examen : choisissez globale ou progressive."
    for unit in units:
        _read_benefit(read, unit)
        justification = typed[f"dispense-{unit}"]
        if justification:
            read.dispenses.append({"unit": unit, "justification": justification})
    return read


def read_grade(text: str) -> Decimal:
    """A grade out of 20 typed « 12,5 » or « 12.5 » (ValueError in French)."""
    try:
        grade = parse_decimal(text)
    except CellValueError as error:
        raise ValueError(str(error)) from None
    if not ZERO <= grade <= TWENTY:
        raise ValueError("une note entre 0 et 20.")
    return grade


def _read_benefit(read: RegistrationForm, unit: str) -> None:
    typed = {name: read.typed[f"benefit-{unit}-{name}"] for name in BENEFIT_FIELDS}
    if not typed["grade"]:
        return
    errors: dict[str, str] = {}
    benefit: dict[str, Any] = {"unit": unit}
    try:
        benefit["grade"] = read_grade(typed["grade"])
    except ValueError as error:
        errors["grade"] = f"{unit}, note conservée : {error}"
    if typed["year"].isdigit() and len(typed["year"]) == 4:
        benefit["origin_session_year"] = int(typed["year"])
    else:
        errors["year"] = f"{unit}, session d'origine : une année (2025)."
    try:
        benefit["obtained_on"] = date.fromisoformat(typed["obtained"])
    except ValueError:
        errors["obtained"] = f"{unit}, obtenue le : une date (jj/mm/aaaa)."
    try:
        benefit["origin"] = BlocSource(typed["origin"] or BlocSource.SESSION.value)
    except ValueError:
        errors["origin"] = f"{unit}, origine : choisissez dans la liste."
    read.errors |= {f"benefit-{unit}-{name}": text for name, text in errors.items()}
    if not errors:
        read.benefits.append(benefit)
