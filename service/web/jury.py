"""The jury's pages: the results, one candidate's explanation, adjustments, contrôle.

What the pages show is what the engine stored (``registration_results``): the
decision, each unit's grade and the step-by-step explanation. The jury changes a
unit grade with a reason (R3.8) and enters the épreuves de contrôle of the
candidates allowed to take them (R3.5, R3.6); ``results`` and ``control`` hold
the rules, the engine decides again. Each request commits once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from http import HTTPStatus
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from grading import UnitKind
from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.extensions import db
from service.models import (
    Decision,
    Registration,
    RegistrationResult,
    SessionState,
    Student,
)
from service.operations import control, results
from service.operations.regulations import session_regulation
from service.operations.results import engine_grade
from service.operations.sessions import registration_or_404, session_or_404
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.exam_session_registration_form import read_grade
from service.web.exam_sessions import DECISION_LABELS, ONE, show_refusal

RULES = {
    "web.jury_results": DIRECTOR_ONLY,
    "web.jury_candidate": DIRECTOR_ONLY,
    "web.jury_adjust": DIRECTOR_ONLY,
    "web.jury_control": DIRECTOR_ONLY,
}

CANDIDATE = "/sessions/inscriptions/<int:registration_id>/resultat"
SOURCE_LABELS = {
    "session": "cette session",
    "benefit": "bénéfice conservé",
    "dispensed": "dispensée",
    "control": "épreuve de contrôle",
}
REASON_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class UnitLine:
    """One unit of a result as the engine counted it."""

    unit: str
    grade: Decimal | None
    coefficient: Any
    points: Decimal | None
    source: str
    acquired: bool


@blueprint.get(f"{ONE}/resultats")
def jury_results(session_id: int) -> ResponseReturnValue:
    """Every candidate's decision, average and unit grades."""
    session = session_or_404(session_id)
    rows = db.session.execute(
        select(Registration, RegistrationResult)
        .join(Student)
        .outerjoin(RegistrationResult)
        .where(Registration.session_id == session.id)
        .order_by(Student.last_name, Student.first_name)
    ).all()
    units = list(session_regulation(session).units)
    return render_template(
        "web/sessions/results.html",
        session=session,
        units=units,
        rows=[(reg, result, _units(result)) for reg, result in rows],
        decisions=DECISION_LABELS,
        allowed=[reg for reg, result in rows if _may_take_control(reg, result)],
        average=_average,
    )


@blueprint.get(CANDIDATE)
def jury_candidate(registration_id: int) -> ResponseReturnValue:
    """One candidate's result: decision, unit grades, explanation, adjustments."""
    return _candidate_page(registration_or_404(registration_id), {}, {})


@blueprint.post(f"{CANDIDATE}/ajustement")
def jury_adjust(registration_id: int) -> ResponseReturnValue:
    """Change a unit grade by the jury, with its reason (R3.8); recompute."""
    registration = registration_or_404(registration_id)
    typed = {
        name: request.form.get(name, "").strip() for name in ("unit", "grade", "reason")
    }
    errors = _adjustment_errors(typed)
    if not errors:
        values = {"unit": typed["unit"], "grade": read_grade(typed["grade"])}
        values["reason"] = typed["reason"]
        try:
            results.adjust(registration, values, current_caller().user.id)
        except Problem as refused:
            show_refusal(refused)
            errors = _named(refused, "adjust", ("unit", "grade", "reason"))
        else:
            db.session.commit()
            flash(f"{typed['unit']} ajustée par le jury : résultat recalculé.", "info")
            return _to_candidate(registration_id)
    page = _candidate_page(registration_or_404(registration_id), typed, errors)
    return page, HTTPStatus.UNPROCESSABLE_ENTITY


@blueprint.post(f"{CANDIDATE}/controle")
def jury_control(registration_id: int) -> ResponseReturnValue:
    """Enter the épreuves de contrôle of an allowed candidate (R3.6); recompute."""
    registration = registration_or_404(registration_id)
    units = _control_units(registration)
    typed = {
        f"control-{unit}": request.form.get(f"control-{unit}", "").strip()
        for unit in units
    }
    grades: dict[str, Decimal] = {}
    errors: dict[str, str] = {}
    for unit in units:
        text = typed[f"control-{unit}"]
        if text:
            try:
                grades[unit] = read_grade(text)
            except ValueError as error:
                errors[f"control-{unit}"] = f"{unit}, note de contrôle : {error}"
    if not grades and not errors:
        errors[f"control-{units[0]}"] = (
            "Notes de contrôle : saisissez au moins une note."
        )
    if not errors:
        try:
            control.set_control_grades(registration, grades, current_caller().user.id)
        except Problem as refused:
            show_refusal(refused)
            errors = _control_errors(refused, units)
        else:
            db.session.commit()
            flash("Épreuves de contrôle enregistrées : résultat recalculé.", "info")
            return _to_candidate(registration_id)
    page = _candidate_page(registration_or_404(registration_id), typed, errors)
    return page, HTTPStatus.UNPROCESSABLE_ENTITY


def _adjustment_errors(typed: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not typed["unit"]:
        errors["adjust-unit"] = "Unité : choisissez l'unité ajustée."
    try:
        read_grade(typed["grade"])
    except ValueError as error:
        errors["adjust-grade"] = f"Nouvelle note : {error}"
    if len(typed["reason"]) > REASON_LENGTH:
        errors["adjust-reason"] = f"Raison : {REASON_LENGTH} caractères au plus."
    return errors


def _control_errors(refused: Problem, units: list[str]) -> dict[str, str]:
    """The engine's refusal next to the unit's field it names, else above them."""
    errors = {}
    for key, value in (refused.errors or {}).items():
        unit = key.rsplit(".", 1)[-1]
        name = f"control-{unit}" if unit in units else "control"
        errors[name] = " ".join(map(str, value))
    return errors or {"control": refused.description or "Refusé."}


def _named(refused: Problem, prefix: str, fields: tuple[str, ...]) -> dict[str, str]:
    """An operation's refusal under the field it names (the unit's by default)."""
    named = {
        f"{prefix}-{key if key in fields else 'unit'}": " ".join(map(str, value))
        for key, value in (refused.errors or {}).items()
    }
    return named or {f"{prefix}-unit": refused.description or "Refusé."}


def _candidate_page(
    registration: Registration, typed: dict[str, str], errors: dict[str, str]
) -> str:
    result = results.result_of(registration)
    session = registration.session
    deliberated = session.state is SessionState.DELIBERATED
    return render_template(
        "web/sessions/candidate.html",
        registration=registration,
        session=session,
        student=registration.student,
        result=result,
        decisions=DECISION_LABELS,
        lines=_units(result),
        sources=SOURCE_LABELS,
        adjustments=results.adjustments_of(registration),
        controls=results.controls_of(registration),
        may_adjust=deliberated and result is not None,
        control_units=_control_units(registration)
        if deliberated and _may_take_control(registration, result)
        else [],
        units=list(session_regulation(session).units),
        typed=typed,
        errors=errors,
        average=_average,
    )


def _may_take_control(
    registration: Registration, result: RegistrationResult | None
) -> bool:
    """Allowed to the contrôle (R3.5), or taken it already (its grades correctable)."""
    if result is None:
        return False
    if result.decision is Decision.AUTORISE_CONTROLE:
        return True
    return bool(results.controls_of(registration))


def _control_units(registration: Registration) -> list[str]:
    """The general units: those the épreuves de contrôle may be taken in (R3.6)."""
    regulation = session_regulation(registration.session)
    return [
        code for code, unit in regulation.units.items() if unit.kind is UnitKind.GENERAL
    ]


def _units(result: RegistrationResult | None) -> dict[str, UnitLine]:
    if result is None:
        return {}
    return {
        code: UnitLine(
            code,
            engine_grade(unit.get("grade")),
            unit.get("coefficient"),
            engine_grade(unit.get("points")),
            str(unit.get("source") or ""),
            bool(unit.get("acquired")),
        )
        for code, unit in result.explanation.get("units", {}).items()
    }


def _average(result: RegistrationResult | None) -> Decimal | None:
    if result is None:
        return None
    return engine_grade(result.explanation.get("average"))


def _to_candidate(registration_id: int) -> ResponseReturnValue:
    return redirect(url_for("web.jury_candidate", registration_id=registration_id))
