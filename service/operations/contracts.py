"""Work-study contracts (the funder's proof is made per contract): kind, dates,
employer, tutor, funder (OPCO) and the tutor's appreciation for the livret.

Entered by the director; the checks here refuse with French errors naming
the field (422).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from http import HTTPStatus

from sqlalchemy import Select, select

from service.extensions import db
from service.models import Contract, ContractType, Student, User
from service.operations.audit import AuditOutcome, AuditRecord, record_event
from service.problems import Problem

#: Longest text of each field (the columns' sizes) and its French label.
#: How the pages and the exports name each kind of contract.
CONTRACT_LABELS = {
    ContractType.APPRENTISSAGE: "Contrat d'apprentissage",
    ContractType.PROFESSIONNALISATION: "Contrat de professionnalisation",
}
TEXT_LIMITS = {
    "employer": ("Employeur", 200),
    "tutor_name": ("Tuteur en entreprise", 200),
    "funder": ("Financeur (OPCO)", 200),
    "tutor_appreciation": ("Appréciation du tuteur", 4000),
}


@dataclass(frozen=True, slots=True)
class ContractFacts:
    """A contract as entered; empty optional texts are None."""

    kind: ContractType
    starts_on: date
    ends_on: date
    employer: str
    tutor_name: str | None = None
    funder: str | None = None
    tutor_appreciation: str | None = None


def check_contract(facts: ContractFacts) -> None:
    """Refuse (422, naming the field) dates out of order, a missing employer or
    a text too long."""
    errors: dict[str, list[str]] = {}
    if facts.starts_on > facts.ends_on:
        errors["ends_on"] = ["Fin du contrat : au plus tôt le jour de son début."]
    if not facts.employer.strip():
        errors["employer"] = ["Employeur : à remplir."]
    for name, (label, limit) in TEXT_LIMITS.items():
        value = getattr(facts, name)
        if value is not None and len(value) > limit:
            errors[name] = [f"{label} : {limit} caractères au plus."]
    if errors:
        first = next(iter(errors.values()))[0]
        raise Problem(HTTPStatus.UNPROCESSABLE_ENTITY, first, errors=errors)


def cohort_contracts(cohort_id: int) -> Select[Contract]:
    """The contracts of a cohort's apprentices, by name then start."""
    return (
        select(Contract)
        .join(Contract.student)
        .where(Student.cohort_id == cohort_id)
        .order_by(Student.last_name, Student.first_name, Contract.starts_on)
    )


def create_contract(student: Student, facts: ContractFacts, actor: User) -> Contract:
    """Record an apprentice's contract; flushes, audited."""
    check_contract(facts)
    contract = Contract(student_id=student.id, **_values(facts))
    db.session.add(contract)
    db.session.flush()
    _audit(actor, "contract.create", contract)
    return contract


def update_contract(contract: Contract, facts: ContractFacts, actor: User) -> Contract:
    """Change a contract's facts; flushes, audited."""
    check_contract(facts)
    for name, value in _values(facts).items():
        setattr(contract, name, value)
    db.session.flush()
    _audit(actor, "contract.update", contract)
    return contract


def _values(facts: ContractFacts) -> dict[str, object]:
    return {
        "kind": facts.kind,
        "starts_on": facts.starts_on,
        "ends_on": facts.ends_on,
        "employer": facts.employer.strip(),
        "tutor_name": facts.tutor_name or None,
        "funder": facts.funder or None,
        "tutor_appreciation": facts.tutor_appreciation or None,
    }


def _audit(actor: User, action: str, contract: Contract) -> None:
    record_event(
        AuditRecord(
            actor.id,
            action,
            "contract",
            contract.id,
            AuditOutcome.ACCEPTED,
            {"student_id": contract.student_id},
        )
    )
