"""Registrations: a student's candidacy for a session, kept benefits and dispenses.

The engine checks every registration (R5: no grade below 10 carried in forme
globale; R6: U4, U5, U6 never dispensed) and warns of benefits that expire before
the session's jury (R4); nothing here re-states those rules.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any, NamedTuple

from flask import current_app
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from grading import (
    GradingError,
    Notice,
    Session,
    Validity,
    WarningCode,
    evaluate,
    expiring_benefits,
    parse_candidate,
)
from service.extensions import db
from service.models import (
    Dispense,
    ExamSession,
    ExamUnitGrade,
    KeptBenefit,
    Registration,
    RegistrationResult,
    Student,
)
from service.operations.blocs import ledger_history
from service.operations.candidates import Header, PolicySettings, dispensed, document
from service.operations.regulations import session_regulation
from service.operations.sessions import OPEN, ensure_state
from service.problems import Problem

#: The engine's warnings about kept benefits shown at registration (R4, R5).
BENEFIT_WARNINGS = frozenset(
    {
        WarningCode.BENEFIT_EXPIRED,
        WarningCode.BENEFIT_EXPIRES,
        WarningCode.BENEFIT_RENOUNCED,
    }
)
#: Contract names of a benefit's fields → the API's names.
BENEFIT_FIELDS = {"session_year": "origin_session_year", "obtained": "obtained_on"}
BENEFIT_PATH = re.compile(r"benefits\[(\d+)\](?:\.(\w+))?")
UNIT_PATH = re.compile(r"units\.(\w+)(?:\..*)?")


class Registered(NamedTuple):
    """A registration and the engine's warnings about it."""

    registration: Registration
    warnings: tuple[Notice, ...]


def policy_settings() -> PolicySettings:
    """Return the policies configured for this application (R2, R4)."""
    return PolicySettings.from_config(current_app.config)


def register(
    session: ExamSession, student: Student, data: dict[str, Any], actor_id: int
) -> Registered:
    """Register a student for an open session; the engine checks it (R5, R6)."""
    ensure_state(session, (OPEN,), actor_id, "registration.create")
    if student.cohort.regulation_id != session.regulation_id:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Cet étudiant prépare un autre diplôme.",
            errors={"student_id": ["Réglementation différente de la session."]},
        )
    registration = Registration(
        student=student, session=session, form=data.get("form") or student.exam_form
    )
    db.session.add(registration)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise Problem(HTTPStatus.CONFLICT, "Cet étudiant est déjà inscrit.") from error
    _replace_lists(registration, data)
    return Registered(registration, check(registration))


def update_registration(
    registration: Registration, data: dict[str, Any], actor_id: int
) -> Registered:
    """Change the form, benefits or dispenses of a registration (open session)."""
    ensure_state(registration.session, (OPEN,), actor_id, "registration.edit")
    if data.get("form") is not None:
        registration.form = data["form"]
    _replace_lists(registration, data)
    return Registered(registration, check(registration))


def delete_registration(registration: Registration, actor_id: int) -> None:
    """Withdraw a candidate who has no exam grade and no result yet."""
    ensure_state(registration.session, (OPEN,), actor_id, "registration.delete")
    used = db.session.scalar(
        select(
            exists().where(ExamUnitGrade.registration_id == registration.id)
            | exists().where(RegistrationResult.registration_id == registration.id)
        )
    )
    if used:
        raise Problem(
            HTTPStatus.CONFLICT, "Des notes ou un résultat existent pour ce candidat."
        )
    db.session.delete(registration)
    db.session.flush()


def check(registration: Registration) -> tuple[Notice, ...]:
    """Run the engine on the registration: 422 naming the field, or its warnings."""
    try:
        return warnings_of(registration)
    except GradingError as error:
        field = api_field(error.field, registration)
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"La réglementation refuse cette inscription : {error.message}",
            errors={field: [error.message]},
        ) from error


def warnings_of(registration: Registration) -> tuple[Notice, ...]:
    """Return the engine's warnings: benefits expired or expiring (R4, R5)."""
    session = registration.session
    policy = policy_settings()
    units = {row.unit: dispensed() for row in registration.dispenses}
    header = header_of(registration, policy)
    candidate = parse_candidate(document(header, units, registration.benefits))
    kept = [n for n in evaluate(candidate).warnings if n.code in BENEFIT_WARNINGS]
    regulation = session_regulation(session)
    held = expiring_benefits(
        ledger_history(registration.student_id),
        Session(session.year, session.jury_date),
        regulation,
        Validity(policy.validity),
    )
    warned = {notice.unit for notice in kept}
    return tuple(kept) + tuple(n for n in held if n.unit not in warned)


def header_of(registration: Registration, policy: PolicySettings) -> Header:
    """Return the contract's header (session, form, category) of a registration."""
    session = registration.session
    return Header(
        session.regulation_id,
        session.year,
        session.jury_date,
        str(registration.form),
        registration.student.candidate_category,
        policy,
    )


def api_field(path: str | None, registration: Registration) -> str:
    """Name, in the API's terms, the field an engine error points at."""
    if path is None:
        return "_schema"
    if match := BENEFIT_PATH.fullmatch(path):
        name = match.group(2) or "unit"
        return f"benefits.{match.group(1)}.{BENEFIT_FIELDS.get(name, name)}"
    if match := UNIT_PATH.fullmatch(path):
        codes = [row.unit for row in registration.dispenses]
        if match.group(1) in codes:
            return f"dispenses.{codes.index(match.group(1))}.unit"
    if path == "session.jury_date":
        return "jury_date"
    return path


def _replace_lists(registration: Registration, data: dict[str, Any]) -> None:
    if data.get("benefits") is not None:
        registration.benefits.clear()
        db.session.flush()
        _check_distinct([item["unit"] for item in data["benefits"]], "benefits")
        registration.benefits.extend(KeptBenefit(**item) for item in data["benefits"])
    if data.get("dispenses") is not None:
        registration.dispenses.clear()
        db.session.flush()
        _check_distinct([item["unit"] for item in data["dispenses"]], "dispenses")
        registration.dispenses.extend(Dispense(**item) for item in data["dispenses"])
    kept = {row.unit for row in registration.benefits}
    for index, row in enumerate(registration.dispenses):
        if row.unit in kept:
            raise Problem(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                f"{row.unit} ne peut être à la fois dispensée et conservée.",
                errors={f"dispenses.{index}.unit": ["Unité déjà conservée."]},
            )
    db.session.flush()


def _check_distinct(units: list[str], name: str) -> None:
    for index, unit in enumerate(units):
        if unit in units[:index]:
            raise Problem(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                f"{unit} apparaît deux fois.",
                errors={f"{name}.{index}.unit": ["Unité en double."]},
            )
