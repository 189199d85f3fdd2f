"""Results: computed by the engine, adjusted by the jury, published, locked (R3, R7).

Each registration's input is built from its rows (``candidates``); the engine's
decision and JSON output are stored in ``registration_results``. The jury changes a
unit grade with a reason (R3.8): the old grade is kept in the adjustment, and the
result is computed again with the new one.
"""

from __future__ import annotations

from decimal import Decimal
from http import HTTPStatus
from typing import Any

from sqlalchemy import select, update

from grading import GradingError, evaluate, parse_candidate
from grading import result_to_json as engine_json
from service.extensions import db
from service.models import (
    CcfSituation,
    CcfState,
    ChangeSource,
    ControlGrade,
    Decision,
    ExamSession,
    ExamUnitGrade,
    HistoryEntity,
    JuryAdjustment,
    LivretAvis,
    Registration,
    RegistrationResult,
    Student,
    utc_now,
)
from service.operations.blocs import engine_decimal, write_ledger
from service.operations.candidates import ccf_units, document, session_units
from service.operations.history import ChangeContext, record_change
from service.operations.registrations import header_of, policy_settings
from service.operations.regulations import session_regulation
from service.operations.sessions import (
    DELIBERATED,
    LOCKED,
    OPEN,
    PUBLISHED,
    advance,
    ensure_state,
)
from service.problems import Problem

#: The engine's ``jury.<unit>.<field>`` → the adjustment's field.
JURY_FIELDS = {"grade": "grade", "reason": "reason"}
CCF_TABLE = CcfSituation.metadata.tables[CcfSituation.__tablename__]
#: Decisions that fail a candidate: their livret must have been examined (R3.8).
FAILING = (Decision.REFUSE, Decision.REFUSE_ABSENT)


def candidate_input(registration: Registration) -> dict[str, Any]:
    """Return the contract input the engine evaluates for a registration."""
    student = registration.student
    regulation = session_regulation(registration.session)
    ccf = ccf_units(regulation, student.candidate_category)
    situations = db.session.scalars(
        select(CcfSituation).where(
            CcfSituation.student_id == student.id, CcfSituation.unit.in_(list(ccf))
        )
    )
    entered = db.session.scalars(
        select(ExamUnitGrade).where(ExamUnitGrade.registration_id == registration.id)
    )
    units = session_units(
        ccf,
        entered,
        situations,
        [row.unit for row in registration.dispenses],
    )
    header = header_of(registration, policy_settings())
    return document(
        header,
        units,
        registration.benefits,
        adjustments_of(registration),
        controls_of(registration),
    )


def compute_registration(
    registration: Registration, actor_id: int
) -> RegistrationResult:
    """Evaluate one registration with the engine and store decision and output."""
    output = engine_json(evaluate(parse_candidate(candidate_input(registration))))
    result = result_of(registration)
    if result is None:
        result = RegistrationResult(registration_id=registration.id)
        db.session.add(result)
    result.decision = Decision(output["decision"])
    result.explanation = output
    result.decided_at = utc_now()
    result.decided_by_id = actor_id
    db.session.flush()
    return result


def compute_session(session: ExamSession, actor_id: int) -> list[RegistrationResult]:
    """Compute every registration's result; the session becomes deliberated."""
    ensure_state(session, (OPEN, DELIBERATED), actor_id, "session.compute")
    if session.jury_date is None:
        raise Problem(
            HTTPStatus.CONFLICT, "Renseignez la date du jury avant de calculer."
        )
    results = []
    for registration in registrations_of(session):
        try:
            results.append(compute_registration(registration, actor_id))
        except GradingError as error:
            field = f"registrations.{registration.id}.{error.field or '_schema'}"
            raise Problem(
                HTTPStatus.UNPROCESSABLE_ENTITY,
                f"{registration.student.full_name} : {error.message}",
                errors={field: [error.message]},
            ) from error
    advance(session, DELIBERATED, actor_id, "session.compute")
    return results


def adjust(
    registration: Registration, values: dict[str, Any], actor_id: int
) -> JuryAdjustment:
    """Record the jury's new grade for a unit, with its reason, and recompute (R3.8)."""
    ensure_state(registration.session, (DELIBERATED,), actor_id, "jury.adjust")
    reason = str(values.get("reason") or "").strip()
    if not reason:  # R3.8: the jury's change is motivated
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Ajustement refusé : la raison est obligatoire.",
            errors={"reason": ["Raison obligatoire : pourquoi cette note ?"]},
        )
    result = result_of(registration)
    if result is None:
        raise Problem(
            HTTPStatus.CONFLICT, "Calculez d'abord le résultat de ce candidat."
        )
    unit = values["unit"]
    counted = result.explanation["units"].get(unit) or {}
    adjustment = JuryAdjustment(
        registration_id=registration.id,
        unit=unit,
        old_grade=engine_grade(counted.get("grade")),
        new_grade=values["grade"],
        reason=reason,
        adjusted_by_id=actor_id,
    )
    db.session.add(adjustment)
    db.session.flush()
    try:
        compute_registration(registration, actor_id)
    except GradingError as error:
        # The engine says which grades a jury may change (R3.8).
        field = JURY_FIELDS.get((error.field or "").rsplit(".", 1)[-1], "unit")
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"Ajustement refusé : {error.message}",
            errors={field: [error.message]},
        ) from error
    return adjustment


def publish(session: ExamSession, actor_id: int) -> None:
    """Publish the results: CCF grades shown (R7), blocs written to the ledger (R4).

    Refused while a refused candidate's livret has not been examined (R3.8).
    """
    ensure_state(session, (DELIBERATED,), actor_id, "session.publish")
    ensure_livrets_examined(session)  # R3.8
    context = ChangeContext(actor_id, ChangeSource.API)
    for registration in registrations_of(session):
        result = result_of(registration)
        if result is None:
            raise Problem(
                HTTPStatus.CONFLICT,
                f"{registration.student.full_name} n'a pas de résultat.",
            )
        write_ledger(registration, result.explanation)
        publish_ccf(registration.student_id, context)
    advance(session, PUBLISHED, actor_id, "session.publish")


def unexamined_refusals(session: ExamSession) -> list[str]:
    """Name the refused candidates whose livret the jury has not examined (R3.8)."""
    rows = db.session.execute(
        select(Student.last_name, Student.first_name)
        .join(Registration, Registration.student_id == Student.id)
        .join(RegistrationResult, RegistrationResult.registration_id == Registration.id)
        .join(
            LivretAvis,
            (LivretAvis.student_id == Student.id)
            & (LivretAvis.session_id == session.id),
        )
        .where(
            Registration.session_id == session.id,
            RegistrationResult.decision.in_(FAILING),
            LivretAvis.examined_at.is_(None),
        )
        .order_by(Student.last_name, Student.first_name)
    )
    return [f"{last.upper()} {first}" for last, first in rows]


def ensure_livrets_examined(session: ExamSession) -> None:
    """Refuse publication while a refused candidate's livret is unexamined (R3.8)."""
    names = unexamined_refusals(session)
    if names:
        raise Problem(
            HTTPStatus.CONFLICT,
            "Le jury doit examiner le livret scolaire des candidats refusés avant "
            f"la publication : {', '.join(names)}.",
            errors={"livrets": names},
        )


def publish_ccf(student_id: int, context: ChangeContext) -> None:
    """Make a student's CCF proposals visible to them (R7), with history rows."""
    proposed = list(
        db.session.scalars(
            select(CcfSituation.id).where(
                CcfSituation.student_id == student_id,
                CcfSituation.state == CcfState.PROPOSED,
            )
        )
    )
    if not proposed:
        return
    db.session.execute(
        update(CCF_TABLE)
        .where(CCF_TABLE.c.id.in_(proposed))
        .values(state=CcfState.PUBLISHED, version=CCF_TABLE.c.version + 1)
    )
    for situation_id in proposed:
        record_change(
            context,
            HistoryEntity.CCF_SITUATION,
            situation_id,
            {"state": str(CcfState.PROPOSED)},
            {"state": str(CcfState.PUBLISHED)},
        )
    db.session.expire_all()


def lock(session: ExamSession, actor_id: int) -> None:
    """Lock a published session: every later write is refused (409, audited)."""
    advance(session, LOCKED, actor_id, "session.lock")


def reopen(session: ExamSession, actor_id: int) -> None:
    """Go back from deliberated to open, e.g. to correct an exam grade."""
    advance(session, OPEN, actor_id, "session.reopen")


def registrations_of(session: ExamSession) -> list[Registration]:
    """Return a session's registrations in a stable order."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(Registration.session_id == session.id)
            .order_by(Registration.id)
        )
    )


def result_of(registration: Registration) -> RegistrationResult | None:
    """Return the stored result of a registration, if computed."""
    return db.session.scalar(
        select(RegistrationResult).where(
            RegistrationResult.registration_id == registration.id
        )
    )


def adjustments_of(registration: Registration) -> list[JuryAdjustment]:
    """Return the jury's adjustments of a registration, oldest first."""
    return list(
        db.session.scalars(
            select(JuryAdjustment)
            .where(JuryAdjustment.registration_id == registration.id)
            .order_by(JuryAdjustment.id)
        )
    )


def controls_of(registration: Registration) -> list[ControlGrade]:
    """Return the grades of the épreuves de contrôle of a registration (R3.6)."""
    return list(
        db.session.scalars(
            select(ControlGrade)
            .where(ControlGrade.registration_id == registration.id)
            .order_by(ControlGrade.unit)
        )
    )


def engine_grade(value: Any) -> Decimal | None:
    """Return a grade of the engine's JSON output as a Decimal (exact text)."""
    return None if value is None else engine_decimal(value)
