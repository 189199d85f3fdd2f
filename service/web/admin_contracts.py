"""The director's contracts register (people tab « Contrats »): each cohort's
apprentices and their work-study contracts; a new contract, a change.

The checks (dates in order, the employer, lengths) are
``service.operations.contracts``'; the page reads the form.
"""

from __future__ import annotations

from datetime import date

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.wrappers import Response

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.extensions import db
from service.models import Contract, ContractType, Student
from service.operations.contracts import (
    CONTRACT_LABELS,
    ContractFacts,
    cohort_contracts,
    create_contract,
    update_contract,
)
from service.web.blueprint import blueprint
from service.web.people_forms import (
    INVALID,
    PageForm,
    cohort_choices,
    read_form,
    student_or_404,
)

RULES = {
    "web.admin_contracts": DIRECTOR_ONLY,
    "web.admin_new_contract": DIRECTOR_ONLY,
    "web.admin_contract": DIRECTOR_ONLY,
}

CONTRACTS = "/administration/contrats"
DATES = {"starts_on": "Début du contrat", "ends_on": "Fin du contrat"}
TEXTS = ("employer", "tutor_name", "funder", "tutor_appreciation")
FIELDS = ("kind", *DATES, *TEXTS)


@blueprint.get(CONTRACTS)
def admin_contracts() -> ResponseReturnValue:
    """A cohort's apprentices (the first cohort by default) and their contracts."""
    cohorts = cohort_choices()
    chosen = request.args.get("classe", "")
    if chosen not in {value for value, _ in cohorts}:
        chosen = cohorts[0][0] if cohorts else ""
    students: list[Student] = []
    contracts: dict[int, list[Contract]] = {}
    if chosen:
        students = list(
            db.session.scalars(
                select(Student)
                .where(Student.cohort_id == int(chosen), Student.erased_at.is_(None))
                .order_by(Student.last_name, Student.first_name)
            )
        )
        for contract in db.session.scalars(cohort_contracts(int(chosen))):
            contracts.setdefault(contract.student_id, []).append(contract)
    return render_template(
        "web/director/people/contracts.html",
        cohorts=cohorts,
        cohort=chosen,
        students=students,
        contracts=contracts,
        labels=CONTRACT_LABELS,
    )


@blueprint.route(f"{CONTRACTS}/nouveau/<int:student_id>", methods=["GET", "POST"])
def admin_new_contract(student_id: int) -> ResponseReturnValue:
    """Record a contract of an apprentice."""
    student = student_or_404(student_id)
    if request.method == "GET":
        typed = {
            "kind": (student.contract or ContractType.APPRENTISSAGE).value,
            "employer": student.employer or "",
            "tutor_name": student.tutor_name or "",
        }
        return _form_page(student, PageForm(typed), None)
    form = read_form(*FIELDS)
    facts = _facts(form)
    if facts is not None:
        saved = form.save(
            lambda: create_contract(student, facts, current_caller().user),
            "employer",
            lambda _: f"Contrat de {student.full_name} enregistré.",
            _to_list,
        )
        if saved is not None:
            return saved
    return _form_page(student, form, None), INVALID


@blueprint.route(f"{CONTRACTS}/<int:contract_id>", methods=["GET", "POST"])
def admin_contract(contract_id: int) -> ResponseReturnValue:
    """Show and change a contract."""
    contract = db.session.get(Contract, contract_id)
    if contract is None:
        raise not_found("Contrat")
    if request.method == "GET":
        typed = {name: getattr(contract, name) or "" for name in TEXTS}
        typed |= {name: getattr(contract, name).isoformat() for name in DATES}
        typed["kind"] = contract.kind.value
        return _form_page(contract.student, PageForm(typed), contract)
    form = read_form(*FIELDS)
    facts = _facts(form)
    if facts is not None:
        saved = form.save(
            lambda: update_contract(contract, facts, current_caller().user),
            "employer",
            lambda done: f"Contrat de {done.student.full_name} modifié.",
            _to_list,
        )
        if saved is not None:
            return saved
    return _form_page(contract.student, form, contract), INVALID


def _to_list(contract: Contract) -> Response:
    return redirect(url_for("web.admin_contracts", classe=contract.student.cohort_id))


def _facts(form: PageForm) -> ContractFacts | None:
    """The typed contract, or None with each wrong field's error."""
    kind = form.typed["kind"]
    if kind not in set(ContractType):
        form.errors["kind"] = "Type de contrat : choisissez dans la liste."
    days: dict[str, date] = {}
    for name, label in DATES.items():
        typed = form.require(name, label)
        try:
            if typed:
                days[name] = date.fromisoformat(typed)
        except ValueError:
            form.errors[name] = f"{label} : une date (jj/mm/aaaa)."
    employer = form.require("employer", "Employeur")
    if form.errors:
        return None
    return ContractFacts(
        ContractType(kind),
        days["starts_on"],
        days["ends_on"],
        employer,
        tutor_name=form.typed["tutor_name"] or None,
        funder=form.typed["funder"] or None,
        tutor_appreciation=form.typed["tutor_appreciation"] or None,
    )


def _form_page(student: Student, form: PageForm, contract: Contract | None) -> str:
    return render_template(
        "web/director/people/contract.html",
        student=student,
        form=form,
        contract=contract,
        kinds=[(kind.value, label) for kind, label in CONTRACT_LABELS.items()],
    )
