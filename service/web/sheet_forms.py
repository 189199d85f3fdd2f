"""The mapping step of the sheets pages: Moodle items or generic columns → assessments.

A form offers, for each assessment of the class, a select of the file's columns;
it starts from the mapping remembered for the same columns (the operations keep
it), else from a column named like the assessment. What the trainer submits is
turned into the JSON the import operations take (``items`` / ``mapping``);
every rule stays in ``service.operations.imports``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from http import HTTPStatus
from typing import Any

from sqlalchemy import select

from importers.cells import format_points
from importers.headers import header_key
from importers.records import IdentityKind, MoodleGradebook, SheetPreview
from service.access.guard import Caller
from service.access.scope import class_in_reach, reachable_assessments
from service.extensions import db
from service.models import Assessment, Cohort, ImportMapping, Period, Subject
from service.operations.imports.moodle_plan import remembered_plan
from service.problems import Problem

IDENTITIES = {
    IdentityKind.INE.value: "INE",
    IdentityKind.EMAIL.value: "Adresse de courriel",
    IdentityKind.CARNET_ID.value: "Identifiant Carnet",
    IdentityKind.NAME.value: "Nom et prénom",
}
TWICE = "La colonne « {column} » est choisie pour deux évaluations."
NO_COLUMN = "Choisissez la colonne d'au moins une évaluation."
NO_IDENTITY = "Choisissez la colonne qui identifie l'apprenti·e."


@dataclass(frozen=True)
class Place:
    """A class (cohort × subject) and its assessments in the caller's reach."""

    cohort: Cohort
    subject: Subject
    assessments: tuple[Assessment, ...]

    def periods(self) -> list[tuple[Period, list[Assessment]]]:
        """The periods having assessments, each with its assessments."""
        grouped: dict[int, tuple[Period, list[Assessment]]] = {}
        for assessment in self.assessments:
            grouped.setdefault(assessment.period_id, (assessment.period, []))
            grouped[assessment.period_id][1].append(assessment)
        return sorted(grouped.values(), key=lambda pair: pair[0].starts_on)


def place_of(caller: Caller, cohort_id: int, subject_id: int) -> Place:
    """The class if the caller teaches it (the director: any), else 404."""
    cohort, subject = class_in_reach(caller, cohort_id, subject_id)
    assessments = db.session.scalars(
        reachable_assessments(caller)
        .join(Assessment.period)
        .where(Assessment.cohort_id == cohort.id, Assessment.subject_id == subject.id)
        .order_by(Period.starts_on, Assessment.held_on, Assessment.id)
    )
    return Place(cohort, subject, tuple(assessments))


@dataclass
class MappingForm:
    """What a mapping form shows: the file's columns and each select's choice."""

    columns: list[tuple[str, str]]
    chosen: dict[int, str]
    fields: dict[str, str] = field(default_factory=dict)


def moodle_form(
    caller: Caller, place: Place, result: MoodleGradebook, sent: Mapping[str, str]
) -> MappingForm:
    """Moodle's items as choices, from what was sent, remembered or named alike."""
    columns = [
        (
            item.name,
            f"{item.name} ({item.display_type})" if item.display_type else item.name,
        )
        for item in result.items
    ]
    if sent:
        return MappingForm(columns, _sent_choices(place, sent), dict(sent))
    plan = remembered_plan(caller, result.items)
    if plan is not None:
        chosen = {a_id: name for name, a_id in plan.items.items()}
        maximum = "" if plan.source_max is None else format_points(plan.source_max)
        return MappingForm(columns, chosen, {"moodle_max": maximum})
    return MappingForm(columns, _alike(place, [c[0] for c in columns]))


def moodle_fields(form: Mapping[str, str], place: Place) -> tuple[str, str]:
    """The ``items`` JSON and Moodle's maximum from a submitted Moodle form."""
    items = {name: a_id for a_id, name in _choices(form, place).items()}
    return json.dumps(items), form.get("moodle_max", "").strip()


def largest_grade(result: MoodleGradebook) -> Decimal | None:
    """The highest grade of the export (a hint at Moodle's maximum)."""
    values = [g.value for r in result.rows for g in r.grades]
    return max((v for v in values if isinstance(v, Decimal)), default=None)


def generic_form(
    caller: Caller, place: Place, sheet: SheetPreview, sent: Mapping[str, str]
) -> MappingForm:
    """A generic sheet's headers as choices, from what was sent or remembered."""
    columns = [(h, h) for h in sheet.headers if h]
    if sent:
        return MappingForm(columns, _sent_choices(place, sent), dict(sent))
    remembered = _remembered_generic(caller, list(sheet.headers))
    if remembered is None:
        return MappingForm(columns, _alike(place, [c[0] for c in columns]))
    chosen = {int(a_id): h for h, a_id in dict(remembered.get("grades", {})).items()}
    fields = {
        "identity": str(remembered.get("identity", "")),
        "identity_header": str(remembered.get("identity_header", "")),
        "last_name_header": str(remembered.get("last_name_header") or ""),
        "first_name_header": str(remembered.get("first_name_header") or ""),
    }
    return MappingForm(columns, chosen, fields)


def generic_fields(form: Mapping[str, str], place: Place) -> str:
    """The ``mapping`` JSON from a submitted generic form."""
    grades = {header: a_id for a_id, header in _choices(form, place).items()}
    if not form.get("identity") or not form.get("identity_header"):
        raise Problem(HTTPStatus.UNPROCESSABLE_ENTITY, NO_IDENTITY)
    mapping: dict[str, Any] = {
        "identity": form["identity"],
        "identity_header": form["identity_header"],
        "grades": grades,
    }
    for name in ("last_name_header", "first_name_header"):
        if form.get(name):
            mapping[name] = form[name]
    return json.dumps(mapping)


def _choices(form: Mapping[str, str], place: Place) -> dict[int, str]:
    chosen = _sent_choices(place, form)
    seen: set[str] = set()
    for column in chosen.values():
        if column in seen:
            raise Problem(HTTPStatus.UNPROCESSABLE_ENTITY, TWICE.format(column=column))
        seen.add(column)
    if not chosen:
        raise Problem(HTTPStatus.UNPROCESSABLE_ENTITY, NO_COLUMN)
    return chosen


def _sent_choices(place: Place, form: Mapping[str, str]) -> dict[int, str]:
    return {
        a.id: form[f"column_{a.id}"]
        for a in place.assessments
        if form.get(f"column_{a.id}")
    }


def _alike(place: Place, columns: list[str]) -> dict[int, str]:
    """Preselect a column named like an assessment (« Devoir : Prospection »)."""
    keys = {header_key(c.rsplit(":", 1)[-1]): c for c in columns}
    return {
        a.id: keys[header_key(a.title)]
        for a in place.assessments
        if header_key(a.title) in keys
    }


def _remembered_generic(caller: Caller, headers: list[str]) -> dict[str, Any] | None:
    stored = db.session.scalars(
        select(ImportMapping)
        .where(ImportMapping.user_id == caller.user.id)
        .order_by(ImportMapping.updated_at.desc())
    )
    return next((m.mapping for m in stored if m.headers == headers), None)
