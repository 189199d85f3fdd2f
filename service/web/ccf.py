"""CCF situations of the units a trainer teaches (U4, U6): proposals to the jury.

R1: only the units a student takes in CCF, with their number of situations, come
from the regulation (``operations.ccf.ccf_situations_of``). R7: every proposal is
shown as hidden from students until the jury publishes the session's results.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.access.guard import Caller, current_caller
from service.access.rules import STAFF, Ownership
from service.access.scope import (
    cohort_in_reach,
    not_found,
    reachable_ccf,
    reachable_students,
    student_in_reach,
    teaches_unit,
)
from service.extensions import db
from service.models import (
    CcfEvaluator,
    CcfSituation,
    ChangeSource,
    Cohort,
    Student,
    Subject,
    TeachingAssignment,
    User,
)
from service.operations import ccf as operations
from service.operations.history import ChangeContext
from service.problems import Problem
from service.web import ccf_form
from service.web.blueprint import blueprint
from service.web.ccf_form import FormErrors

RULES = {"web.ccf": STAFF, "web.ccf_situation": STAFF}

SITUATION_URL = "/classes/<int:cohort_id>/ccf/<int:student_id>/<unit>/<int:number>"


@dataclass(frozen=True, slots=True)
class Slot:
    """One situation a student takes in a unit, created or still to enter."""

    student: Student
    number: int
    situation: CcfSituation | None


@dataclass(frozen=True, slots=True)
class Target:
    """The situation a form is about: a student's situation ``number`` of ``unit``."""

    student: Student
    unit: str
    number: int


@dataclass(frozen=True, slots=True)
class UnitBoard:
    """The situations of one CCF unit for a cohort."""

    unit: str
    subject: str
    slots: list[Slot]


@blueprint.get("/classes/<int:cohort_id>/ccf")
def ccf(cohort_id: int) -> ResponseReturnValue:
    """List each student's CCF situations in the units the caller teaches."""
    caller = current_caller()
    cohort = cohort_in_reach(caller, cohort_id)
    return render_template(
        "web/trainer/ccf.html", cohort=cohort, boards=_boards(caller, cohort)
    )


@blueprint.route(SITUATION_URL, methods=["GET", "POST"])
def ccf_situation(
    cohort_id: int, student_id: int, unit: str, number: int
) -> ResponseReturnValue:
    """Create a situation, or change its proposed grade at the version read (D6)."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    if student.cohort_id != cohort_id or not _teaches(caller, student, unit):
        raise not_found("Situation de CCF")
    operations.check_ccf_unit(student, unit, number)  # R1
    target = Target(student, unit, number)
    situation = _situation(caller, target)
    if request.method == "GET":
        return _form(target, situation)
    if situation is None:
        return _create(caller, target)
    return _propose(caller, target, situation)


def _create(caller: Caller, target: Target) -> ResponseReturnValue:
    errors = FormErrors()
    data = ccf_form.read_new_situation(request.form, target.unit, target.number, errors)
    if errors:
        return _form(target, None, errors, HTTPStatus.UNPROCESSABLE_ENTITY)
    context = ChangeContext(caller.user.id, ChangeSource.WEB)
    try:
        operations.create_situation(context, target.student, data)
    except Problem as refused:
        db.session.rollback()
        ccf_form.add_problem(errors, refused)
        return _form(target, None, errors, refused.code or HTTPStatus.CONFLICT)
    db.session.commit()
    return _done(target, f"Situation {target.number} de {target.unit} enregistrée")


def _propose(
    caller: Caller, target: Target, situation: CcfSituation
) -> ResponseReturnValue:
    errors = FormErrors()
    proposal = ccf_form.read_proposal(request.form, errors)
    if errors:
        return _form(target, situation, errors, HTTPStatus.UNPROCESSABLE_ENTITY)
    context = ChangeContext(caller.user.id, ChangeSource.WEB)
    seen = ccf_form.read_version(request.form)
    try:
        operations.propose_grade(situation, context, seen, proposal)
    except Problem as refused:
        if refused.code != HTTPStatus.PRECONDITION_FAILED:
            raise  # a published situation: refused and audited (409)
        db.session.rollback()  # D6: show both values, overwrite nothing
        return _form(
            target, situation, errors, HTTPStatus.PRECONDITION_FAILED, proposal
        )
    db.session.commit()
    return _done(target, f"Proposition de {target.unit} enregistrée")


def _done(target: Target, message: str) -> ResponseReturnValue:
    flash(f"{message} pour {target.student.full_name}.", "info")
    return redirect(url_for("web.ccf", cohort_id=target.student.cohort_id))


def _form(
    target: Target,
    situation: CcfSituation | None,
    errors: FormErrors | None = None,
    status: int = HTTPStatus.OK,
    conflict: operations.Proposal | None = None,
) -> ResponseReturnValue:
    page = render_template(
        "web/trainer/ccf_situation.html",
        target=target,
        subject=_subject_names().get(target.unit, target.unit),
        situation=situation,
        staff=_panel_staff() if situation is None else [],
        errors=(errors or FormErrors()).by_field,
        form=request.form if request.method == "POST" else {},
        conflict=conflict,
        comment_length=ccf_form.COMMENT_LENGTH,
        author=_author(situation) if conflict else None,
    )
    return page, status


def _teaches(caller: Caller, student: Student, unit: str) -> bool:
    """A trainer reaches the units of the subjects they teach the cohort."""
    if caller.ownership is Ownership.ALL:
        return True
    return teaches_unit(caller.user, student.cohort_id, unit)


def _situation(caller: Caller, target: Target) -> CcfSituation | None:
    return db.session.scalar(
        reachable_ccf(caller).where(
            CcfSituation.student_id == target.student.id,
            CcfSituation.unit == target.unit,
            CcfSituation.situation_number == target.number,
        )
    )


def _boards(caller: Caller, cohort: Cohort) -> list[UnitBoard]:
    """One board per CCF unit the caller reaches, every student's situations in it."""
    units = _taught_units(caller, cohort)
    students = db.session.scalars(
        reachable_students(caller)
        .where(Student.cohort_id == cohort.id)
        .order_by(Student.last_name, Student.first_name, Student.id)
    ).all()
    found = {
        (s.student_id, s.unit, s.situation_number): s
        for s in db.session.scalars(
            reachable_ccf(caller)
            .where(Student.cohort_id == cohort.id)
            .options(
                selectinload(CcfSituation.evaluators).selectinload(CcfEvaluator.user)
            )
        )
    }
    boards: dict[str, list[Slot]] = {unit: [] for unit in units}
    for student in students:
        for unit, count in operations.ccf_situations_of(student).items():  # R1
            if unit in boards:
                boards[unit] += [
                    Slot(student, n, found.get((student.id, unit, n)))
                    for n in range(1, count + 1)
                ]
    return [
        UnitBoard(unit, units[unit], slots) for unit, slots in boards.items() if slots
    ]


def _taught_units(caller: Caller, cohort: Cohort) -> dict[str, str]:
    """Units the caller teaches the cohort (all for the director), by subject name."""
    query = select(Subject.unit, Subject.name).where(Subject.unit.is_not(None))
    if caller.ownership is Ownership.ASSIGNMENTS:
        query = query.join(
            TeachingAssignment, TeachingAssignment.subject_id == Subject.id
        ).where(
            TeachingAssignment.trainer_id == caller.user.id,
            TeachingAssignment.cohort_id == cohort.id,
        )
    rows = db.session.execute(query.order_by(Subject.position))
    return {unit: name for unit, name in rows if unit is not None}


def _subject_names() -> dict[str, str]:
    rows = db.session.execute(select(Subject.unit, Subject.name))
    return {unit: name for unit, name in rows if unit is not None}


def _panel_staff() -> list[User]:
    """Accounts that may sit on a panel, as the operation checks them."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_(operations.PANEL_ROLES), User.active)
            .order_by(User.display_name)
        )
    )


def _author(situation: CcfSituation | None) -> str | None:
    """Who wrote the situation's current proposal (for a conflict message)."""
    if situation is None or situation.updated_by_id is None:
        return None
    user = db.session.get(User, situation.updated_by_id)
    return None if user is None else user.display_name
