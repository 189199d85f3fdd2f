"""Formative assessments: create, edit, publish, lock and unlock (R8, T07)."""

from __future__ import annotations

from decimal import Decimal
from http import HTTPStatus
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from service.extensions import db
from service.models import Assessment, Grade, Period, utc_now
from service.operations.audit import (
    AuditOutcome,
    AuditRecord,
    RefusedWrite,
    record_event,
)
from service.problems import Problem

TARGET = "assessment"


def ensure_writable(
    assessment: Assessment,
    actor_id: int,
    action: str,
    detail: dict[str, Any] | None = None,
) -> None:
    """Refuse (409, audited) any write to a locked assessment (T07)."""
    if assessment.locked:
        raise RefusedWrite(
            f"L'évaluation « {assessment.title} » est verrouillée : "
            "seule la direction peut la rouvrir.",
            AuditRecord(
                actor_id,
                action,
                TARGET,
                assessment.id,
                AuditOutcome.REFUSED_LOCKED,
                detail or {},
            ),
        )


def create_assessment(actor_id: int, values: dict[str, Any]) -> Assessment:
    """Add an assessment (unpublished, unlocked) to its cohort."""
    _check_period(values["period_id"], values["cohort_id"])
    assessment = Assessment(**values, created_by_id=actor_id)
    db.session.add(assessment)
    db.session.flush()
    return assessment


def edit_assessment(
    assessment: Assessment, actor_id: int, changes: dict[str, Any]
) -> Assessment:
    """Change an assessment; its maximum never drops below a score already given."""
    ensure_writable(assessment, actor_id, "assessment.edit")
    if "period_id" in changes:
        _check_period(changes["period_id"], assessment.cohort_id)
    if "max_score" in changes:
        _check_new_maximum(assessment, changes["max_score"])
    for name, value in changes.items():
        setattr(assessment, name, value)
    try:
        db.session.flush()
    except IntegrityError as error:
        # A score saved meanwhile above the new maximum (CHECK score <= max_score).
        raise Problem(
            HTTPStatus.CONFLICT, "Une note dépasse le nouveau maximum."
        ) from error
    return assessment


def publish_assessment(assessment: Assessment, actor_id: int) -> Assessment:
    """Show the assessment and its grades to the cohort's students (R7)."""
    ensure_writable(assessment, actor_id, "assessment.publish")
    if assessment.published_at is None:
        assessment.published_at = utc_now()
    db.session.flush()
    return assessment


def lock_assessment(assessment: Assessment, actor_id: int) -> Assessment:
    """Lock an assessment: its grades refuse every write until it is reopened."""
    if not assessment.locked:
        assessment.locked = True
        record_event(_accepted(actor_id, "assessment.lock", assessment, {}))
    db.session.flush()
    return assessment


def unlock_assessment(assessment: Assessment, actor_id: int, reason: str) -> Assessment:
    """Reopen a locked assessment (director only); the reason is audited (T07)."""
    if assessment.locked:
        assessment.locked = False
        detail = {"reason": reason}
        record_event(_accepted(actor_id, "assessment.unlock", assessment, detail))
    db.session.flush()
    return assessment


def _accepted(
    actor_id: int, action: str, assessment: Assessment, detail: dict[str, Any]
) -> AuditRecord:
    return AuditRecord(
        actor_id, action, TARGET, assessment.id, AuditOutcome.ACCEPTED, detail
    )


def _check_period(period_id: int, cohort_id: int) -> None:
    period = db.session.get(Period, period_id)
    if period is None or period.cohort_id != cohort_id:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "La période n'appartient pas à cette cohorte.",
            errors={"period_id": ["Période inconnue pour cette cohorte."]},
        )


def _check_new_maximum(assessment: Assessment, maximum: Decimal) -> None:
    highest = db.session.scalar(
        select(func.max(Grade.score)).where(Grade.assessment_id == assessment.id)
    )
    if highest is not None and highest > maximum:
        raise Problem(
            HTTPStatus.CONFLICT,
            f"Impossible de ramener le maximum à {maximum} : une note de {highest} "
            "a déjà été saisie. Corrigez d'abord cette note.",
            errors={"max_score": [f"Inférieur à une note saisie ({highest})."]},
        )
