"""The director's apprentices pages: the list by cohort, a new record, an edit.

Uniqueness (number, INE, linked account) and the INE's format are
``service.operations.students``' and the model's; the page reads the form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.wrappers import Response

from service.access.rules import DIRECTOR_ONLY
from service.extensions import db
from service.models import (
    CandidateCategory,
    ContractType,
    ExamForm,
    Role,
    Student,
    User,
    validate_ine,
)
from service.operations.contracts import CONTRACT_LABELS
from service.operations.students import (
    NewStudent,
    create_student,
    student_list,
    update_student,
)
from service.web.blueprint import blueprint
from service.web.exam_session_registration_form import FORM_LABELS
from service.web.exam_session_registrations import CATEGORY_LABELS
from service.web.people_forms import (
    INVALID,
    PageForm,
    cohort_choices,
    read_form,
    student_or_404,
)

RULES = {
    "web.admin_students": DIRECTOR_ONLY,
    "web.admin_new_student": DIRECTOR_ONLY,
    "web.admin_student": DIRECTOR_ONLY,
}

STUDENTS = "/administration/apprentis"
TEXTS = {
    "student_number": ("N° étudiant", 50, True),
    "last_name": ("Nom", 100, True),
    "first_name": ("Prénom", 100, True),
    "email": ("E-mail", 254, False),
    "employer": ("Employeur", 200, False),
    "tutor_name": ("Tuteur en entreprise", 200, False),
    "tutor_email": ("E-mail du tuteur", 254, False),
}
CHOICES: dict[str, tuple[str, type[Any], bool]] = {
    "candidate_category": ("Catégorie de candidat", CandidateCategory, True),
    "exam_form": ("Forme de l'examen", ExamForm, True),
    "contract": ("Contrat", ContractType, False),
}
FIELDS = (*TEXTS, *CHOICES, "cohort_id", "birth_date", "ine", "user_id")


@blueprint.get(STUDENTS)
def admin_students() -> ResponseReturnValue:
    """The apprentices of a cohort (or all), filtered by part of the name."""
    cohort = request.args.get("classe", "")
    query = request.args.get("q", "").strip()[:100]
    statement = student_list(
        select(Student),
        cohort_id=int(cohort) if cohort.isdigit() and len(cohort) < 10 else None,
        q=query or None,
    )
    return render_template(
        "web/director/people/students.html",
        students=db.session.scalars(statement).all(),
        cohorts=cohort_choices(),
        cohort=cohort,
        query=query,
    )


@blueprint.route(f"{STUDENTS}/nouveau", methods=["GET", "POST"])
def admin_new_student() -> ResponseReturnValue:
    """Enrol an apprentice in a cohort."""
    if request.method == "GET":
        blank = {
            "cohort_id": request.args.get("classe", ""),
            "candidate_category": CandidateCategory.CFA_HABILITE.value,
            "exam_form": ExamForm.GLOBALE.value,
            "contract": ContractType.APPRENTISSAGE.value,
        }
        return _form_page(PageForm(blank), None)
    form = read_form(*FIELDS)
    values = _read_student(form)
    if values is not None:
        saved = form.save(
            lambda: create_student(NewStudent(**values)),
            "student_number",
            lambda student: f"{student.full_name} inscrit·e.",
            _to_list,
        )
        if saved is not None:
            return saved
    return _form_page(form, None), INVALID


@blueprint.route(f"{STUDENTS}/<int:student_id>", methods=["GET", "POST"])
def admin_student(student_id: int) -> ResponseReturnValue:
    """Show and change an apprentice's record."""
    student = student_or_404(student_id)
    if request.method == "GET":
        return _form_page(PageForm(_typed(student)), student)
    form = read_form(*FIELDS)
    values = _read_student(form)
    if values is not None:
        saved = form.save(
            lambda: update_student(student, values),
            "student_number",
            lambda _: f"Dossier de {student.full_name} enregistré.",
            lambda _: _to_list(student),
        )
        if saved is not None:
            return saved
    return _form_page(form, student), INVALID


def _to_list(student: Student) -> Response:
    return redirect(url_for("web.admin_students", classe=student.cohort_id))


def _typed(student: Student) -> dict[str, str]:
    typed = {name: getattr(student, name) or "" for name in TEXTS}
    typed |= {
        name: (value.value if (value := getattr(student, name)) else "")
        for name in CHOICES
    }
    birth = student.birth_date
    return typed | {
        "cohort_id": str(student.cohort_id),
        "birth_date": birth.isoformat() if birth else "",
        "ine": student.ine or "",
        "user_id": str(student.user_id or ""),
    }


def _read_student(form: PageForm) -> dict[str, Any] | None:
    """The record's values, or None with each bad field's French error."""
    values: dict[str, Any] = {}
    for name, (label, longest, required) in TEXTS.items():
        text = form.require(name, label) if required else form.typed[name]
        if len(text) > longest:
            form.errors[name] = f"{label} : {longest} caractères au plus."
        values[name] = text or None
    for name, (label, kind, required) in CHOICES.items():
        typed = form.typed[name]
        choice = next((c for c in kind if c.value == typed), None)
        if choice is None and (typed or required):
            form.errors[name] = f"{label} : choisissez dans la liste."
        values[name] = choice
    if form.typed["cohort_id"] not in dict(cohort_choices()):
        form.errors["cohort_id"] = "Classe : choisissez dans la liste."
    else:
        values["cohort_id"] = int(form.typed["cohort_id"])
    values["birth_date"] = _birth_date(form)
    values["ine"] = _ine(form)
    values["user_id"] = _account(form)
    return None if form.errors else values


def _birth_date(form: PageForm) -> date | None:
    typed = form.typed["birth_date"]
    try:
        return date.fromisoformat(typed) if typed else None
    except ValueError:
        form.errors["birth_date"] = "Date de naissance : une date (jj/mm/aaaa)."
        return None


def _ine(form: PageForm) -> str | None:
    typed = form.typed["ine"]
    try:
        return validate_ine(typed) if typed else None
    except ValueError:
        form.errors["ine"] = (
            "INE : 11 caractères, 9 chiffres et 2 lettres ou 10 chiffres et 1 lettre."
        )
        return None


def _account(form: PageForm) -> int | None:
    typed = form.typed["user_id"]
    if not typed:
        return None
    if typed not in dict(_student_accounts()):
        form.errors["user_id"] = "Compte de connexion : choisissez dans la liste."
        return None
    return int(typed)


def _student_accounts() -> list[tuple[str, str]]:
    rows = db.session.execute(
        select(User.id, User.display_name, User.email)
        .where(User.role == Role.STUDENT)
        .order_by(User.display_name)
    )
    return [(str(i), f"{name} ({email})") for i, name, email in rows]


def _form_page(form: PageForm, student: Student | None) -> str:
    return render_template(
        "web/director/people/student.html",
        form=form,
        student=student,
        cohorts=cohort_choices(),
        accounts=_student_accounts(),
        texts=TEXTS,
        choices={
            "candidate_category": [(k.value, v) for k, v in CATEGORY_LABELS.items()],
            "exam_form": [(k.value, v) for k, v in FORM_LABELS.items()],
            "contract": [(k.value, v) for k, v in CONTRACT_LABELS.items()],
        },
        labels={name: spec[0] for name, spec in CHOICES.items()},
    )
