"""The épreuves de contrôle: two orals on general units, then a recomputed result.

R3.5–R3.6: a candidate the jury allowed to the contrôle (``autorise_controle``)
takes two orals among the general units; the engine keeps the better of each
original and control grade and decides ``admis_apres_controle`` or ``refuse``.
Which units may be taken and how many is the regulation's business: the engine
checks it, and its refusal is returned naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from http import HTTPStatus

from sqlalchemy import delete

from grading import GradingError
from service.extensions import db
from service.models import ControlGrade, Decision, Registration, RegistrationResult
from service.operations.results import (
    compute_registration,
    controls_of,
    result_of,
)
from service.operations.sessions import DELIBERATED, ensure_state
from service.problems import Problem

#: Decisions after which control grades may be entered (or corrected).
CONTROL_DECISIONS = (
    Decision.AUTORISE_CONTROLE,
    Decision.ADMIS_APRES_CONTROLE,
    Decision.REFUSE,
)


def set_control_grades(
    registration: Registration, grades: Mapping[str, Decimal], actor_id: int
) -> RegistrationResult:
    """Replace the control grades of a registration and recompute its result."""
    ensure_state(registration.session, (DELIBERATED,), actor_id, "jury.control")
    _ensure_allowed(registration)
    db.session.execute(
        delete(ControlGrade).where(ControlGrade.registration_id == registration.id)
    )
    db.session.add_all(
        ControlGrade(
            registration_id=registration.id,
            unit=unit,
            grade=grade,
            entered_by_id=actor_id,
        )
        for unit, grade in grades.items()
    )
    db.session.flush()
    try:
        return compute_registration(registration, actor_id)
    except GradingError as error:
        field = "grades." + (error.field or "").rsplit(".", 1)[-1]
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"Épreuves de contrôle refusées : {error.message}",
            errors={field: [error.message]},
        ) from error


def _ensure_allowed(registration: Registration) -> None:
    """Allowed to the contrôle, or correcting control grades already entered."""
    result = result_of(registration)
    allowed = result is not None and (
        result.decision is Decision.AUTORISE_CONTROLE or bool(controls_of(registration))
    )
    if not allowed:
        raise Problem(
            HTTPStatus.CONFLICT,
            "Ce candidat n'est pas autorisé aux épreuves de contrôle (R3.5).",
        )
