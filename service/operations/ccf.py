"""CCF situations (U4, U6): create them, propose their grade (R1, R7, D6, D8).

A proposed grade is a proposal to the jury: it changes only with the version the
writer read, adds a history row, and freezes once the session's results are
published (the situation's state becomes ``published``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from http import HTTPStatus
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from grading import Mode
from service.extensions import db
from service.models import (
    CcfEvaluator,
    CcfSituation,
    CcfState,
    HistoryEntity,
    Role,
    Student,
    User,
)
from service.operations.audit import AuditOutcome, AuditRecord, RefusedWrite
from service.operations.history import ChangeContext
from service.operations.regulations import cohort_regulation
from service.operations.versioned import Kind, Target, record_created, write_versioned
from service.problems import Problem

SITUATIONS = CcfSituation.metadata.tables[CcfSituation.__tablename__]
SITUATION_ROWS = Kind(SITUATIONS, HistoryEntity.CCF_SITUATION)
PANEL_ROLES = (Role.TRAINER, Role.DIRECTOR)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed CCF grade (out of 20, or None) and its comment."""

    grade: Decimal | None
    comment: str | None

    def columns(self) -> dict[str, Any]:
        """Return the proposal by column name."""
        return {"proposed_grade": self.grade, "comment": self.comment}

    def as_history(self) -> dict[str, Any]:
        """Return the proposal as a history record (numbers as strings)."""
        grade = None if self.grade is None else f"{self.grade:.2f}"
        return {"proposed_grade": grade, "comment": self.comment}


def ccf_situations_of(student: Student) -> dict[str, int]:
    """Return the units the student takes in CCF and their number of situations.

    R1: only candidates of a CFA habilité take U4 and U6 in CCF; the regulation
    of the cohort says which units, and how many situations each has.
    """
    regulation = cohort_regulation(student.cohort)
    category = regulation.categories.get(str(student.candidate_category))
    if category is None:
        return {}
    return {
        code: unit.situations
        for code, unit in regulation.units.items()
        if (form := category.forms.get(code)) is not None
        and form.mode is Mode.CCF
        and unit.situations > 0
    }


def check_ccf_unit(student: Student, unit: str, number: int) -> None:
    """Answer 422 unless ``unit`` is a CCF unit of the student with that situation."""
    units = ccf_situations_of(student)
    if unit not in units:
        choices = ", ".join(sorted(units)) or "aucune"
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"{unit} n'est pas une unité de CCF pour cet étudiant.",
            errors={"unit": [f"Unités de CCF possibles : {choices}."]},
        )
    if number > units[unit]:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"{unit} compte {units[unit]} situations.",
            errors={"situation_number": [f"Entre 1 et {units[unit]}."]},
        )


def create_situation(
    context: ChangeContext, student: Student, data: dict[str, Any]
) -> CcfSituation:
    """Add a CCF situation with its panel (and its first proposal, if any)."""
    check_ccf_unit(student, data["unit"], data["situation_number"])
    _check_panel(data["evaluators"])
    situation = CcfSituation(
        student_id=student.id,
        unit=data["unit"],
        situation_number=data["situation_number"],
        held_on=data["held_on"],
        proposed_grade=data["proposed_grade"],
        comment=data["comment"],
        updated_by_id=context.actor_id,
        evaluators=[CcfEvaluator(**evaluator) for evaluator in data["evaluators"]],
    )
    db.session.add(situation)
    try:
        db.session.flush()
    except IntegrityError as error:
        raise Problem(
            HTTPStatus.CONFLICT,
            f"La situation {data['situation_number']} de {data['unit']} existe déjà "
            "pour cet étudiant.",
        ) from error
    if situation.proposed_grade is not None:
        first = Proposal(situation.proposed_grade, situation.comment)
        record_created(SITUATION_ROWS, situation.id, context, first)
    return situation


def propose_grade(
    situation: CcfSituation, context: ChangeContext, seen: int, proposal: Proposal
) -> int:
    """Change the proposed grade if still at version ``seen``; return the new one.

    Once the session's results are published the grade is frozen (409, audited).
    """
    target = Target(
        SITUATION_ROWS,
        situation,
        Proposal(situation.proposed_grade, situation.comment),
        refuse=partial(_refuse_published, situation, context.actor_id),
    )
    return write_versioned(target, context, seen, proposal)


def _refuse_published(situation: CcfSituation, actor_id: int | None) -> None:
    if situation.state is CcfState.PUBLISHED:
        raise RefusedWrite(
            "Les résultats de la session sont publiés : la note de CCF est figée.",
            AuditRecord(
                actor_id,
                "ccf.write",
                "ccf_situation",
                situation.id,
                AuditOutcome.REFUSED_PUBLISHED,
            ),
        )


def _check_panel(evaluators: list[dict[str, Any]]) -> None:
    ids = {e["user_id"] for e in evaluators if e["user_id"] is not None}
    staff = set(
        db.session.scalars(
            select(User.id).where(User.id.in_(ids), User.role.in_(PANEL_ROLES))
        )
    )
    errors = {
        f"evaluators.{index}.user_id": ["Formateur inconnu."]
        for index, evaluator in enumerate(evaluators)
        if evaluator["user_id"] is not None and evaluator["user_id"] not in staff
    }
    if errors:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, "Jury incomplet ou inconnu.", errors=errors
        )
