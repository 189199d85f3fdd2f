"""The director's « avis de l'équipe pédagogique » pages (R8, R3.8).

A session's candidates with their livret avis and the cotation de la classe;
one candidate's avis, comment and words on motivation and engagement; the jury
president's examination. Every rule is the operation's (``livret_avis``): the
pages read forms and show its refusals beside their field. Each request
commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from http import HTTPStatus

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from werkzeug.wrappers import Response

from importers.livret_records import AvisCount, cotation
from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.access.scope import not_found
from service.centre_time import PARIS
from service.extensions import db
from service.models import Cohort, ExamSession, LivretAvis, Registration, Student
from service.operations import livret_avis
from service.operations.exports.livret import load_avis
from service.operations.livret_avis import AVIS_TEXT_LENGTH
from service.operations.sessions import STATE_LABELS, session_or_404
from service.problems import Problem
from service.web.blueprint import blueprint
from service.web.exam_sessions import ONE, show_refusal

RULES = {
    "web.livret_avis_list": DIRECTOR_ONLY,
    "web.livret_avis_edit": DIRECTOR_ONLY,
    "web.livret_avis_examined": DIRECTOR_ONLY,
}

CANDIDATE = f"{ONE}/avis/<int:student_id>"
#: The API's length of the comment and of the words on engagement.
TEXTS = {"comment": "Commentaire", "engagement": "Motivation et engagement"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A candidate of the session, their cohort's name and their avis if written."""

    student: Student
    cohort: str
    avis: LivretAvis | None


@dataclass(frozen=True, slots=True)
class ClassCotation:
    """« Cotation de la classe » of one cohort's candidates (R8)."""

    cohort: str
    size: int
    counts: tuple[AvisCount, ...]


@dataclass
class AvisForm:
    """The avis form as typed, and each field's error."""

    typed: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)


@blueprint.get(f"{ONE}/avis")
def livret_avis_list(session_id: int) -> ResponseReturnValue:
    """Every candidate's avis, examined or not, and the cotation de la classe."""
    session = session_or_404(session_id)
    rows = candidates(session)
    return render_template(
        "web/sessions/avis_list.html",
        session=session,
        rows=rows,
        first_missing=next((row for row in rows if row.avis is None), None),
        cotations=cotations(rows, _choices()),
        closed=session.state in livret_avis.CLOSED,
        state_label=STATE_LABELS[session.state],
        paris=PARIS,
    )


@blueprint.route(CANDIDATE, methods=["GET", "POST"])
def livret_avis_edit(session_id: int, student_id: int) -> ResponseReturnValue:
    """One candidate's avis: the form, or read only once the session is closed."""
    session, student = _candidate(session_id, student_id)
    row = livret_avis.avis_of(session, student.id)
    if request.method == "GET":
        return _form_page(session, student, row, _typed(row))
    form = AvisForm(
        {name: request.form.get(name, "").strip() for name in ("avis", *TEXTS)}
    )
    form.errors = _length_errors(form.typed)
    if not form.errors:
        entry = livret_avis.AvisEntry(
            form.typed["avis"],
            form.typed["comment"] or None,
            form.typed["engagement"] or None,
        )
        user_id = current_caller().user.id
        try:
            livret_avis.save_avis(session, student.id, entry, user_id, _choices())
        except Problem as refused:
            form.errors = _field_errors(refused)
            if form.errors:
                db.session.rollback()
            else:
                show_refusal(refused)  # a closed session: said above the page
        else:
            db.session.commit()
            flash(f"Avis de {student.full_name} enregistré.", "info")
            return _after_save(session, student)
    row = livret_avis.avis_of(session, student.id)
    page = _form_page(session, student, row, form)
    status = HTTPStatus.CONFLICT if not form.errors else HTTPStatus.UNPROCESSABLE_ENTITY
    return page, status


@blueprint.post(f"{CANDIDATE}/examen")
def livret_avis_examined(session_id: int, student_id: int) -> ResponseReturnValue:
    """Record that the jury president examined the candidate's livret (R3.8)."""
    session, student = _candidate(session_id, student_id)
    row = livret_avis.avis_of(session, student.id)
    if row is None:
        raise not_found("Avis du livret")
    try:
        livret_avis.mark_examined(session, row, current_caller().user.id)
    except Problem as refused:
        show_refusal(refused)
    else:
        db.session.commit()
        flash(
            f"Livret de {student.full_name} examiné par le président du jury.", "info"
        )
    return _to_candidate(session.id, student.id)


def candidates(session: ExamSession) -> list[Candidate]:
    """The session's candidates by name, with their cohort and avis (two queries)."""
    rows = db.session.execute(
        select(Student, Cohort.name)
        .join(Registration, Registration.student_id == Student.id)
        .join(Cohort, Cohort.id == Student.cohort_id)
        .where(Registration.session_id == session.id)
        .order_by(Student.last_name, Student.first_name, Student.id)
    ).all()
    avis = load_avis(session, [student.id for student, _ in rows])
    return [Candidate(s, cohort, avis.get(s.id)) for s, cohort in rows]


def cotations(rows: Sequence[Candidate], choices: Sequence[str]) -> list[ClassCotation]:
    """The cotation de la classe of each cohort's candidates, as the livret counts
    it (``cotation``); an avis given before the choices changed is kept."""
    given: dict[str, list[str | None]] = {}
    for row in rows:
        given.setdefault(row.cohort, []).append(row.avis.avis if row.avis else None)
    listed = set(choices)
    extra = sorted({row.avis.avis for row in rows if row.avis} - listed)
    options = (*choices, *extra)
    return [
        ClassCotation(cohort, len(avis), cotation(avis, options))
        for cohort, avis in sorted(given.items())
    ]


def next_without_avis(session: ExamSession, student_id: int) -> Student | None:
    """The next candidate by name without an avis, from the top after the last."""
    rows = candidates(session)
    place = next(i for i, row in enumerate(rows) if row.student.id == student_id)
    after = rows[place + 1 :] + rows[:place]
    return next((row.student for row in after if row.avis is None), None)


def _candidate(session_id: int, student_id: int) -> tuple[ExamSession, Student]:
    session = session_or_404(session_id)
    student = db.session.get(Student, student_id)
    if student is None or not livret_avis.is_registered(session, student.id):
        raise not_found("Candidat")
    return session, student


def _choices() -> tuple[str, ...]:
    return tuple(current_app.config["LIVRET_AVIS_CHOICES"])


def _typed(row: LivretAvis | None) -> AvisForm:
    if row is None:
        return AvisForm({"avis": "", "comment": "", "engagement": ""})
    values = (row.avis, row.comment or "", row.engagement or "")
    return AvisForm(dict(zip(("avis", *TEXTS), values, strict=True)))


def _length_errors(typed: dict[str, str]) -> dict[str, str]:
    return {
        name: f"{label} : {AVIS_TEXT_LENGTH} caractères au plus."
        for name, label in TEXTS.items()
        if len(typed[name]) > AVIS_TEXT_LENGTH
    }


def _field_errors(refused: Problem) -> dict[str, str]:
    """The operation's refusal beside the field it names (none: a closed session)."""
    return {
        name: " ".join(map(str, messages))
        for name, messages in (refused.errors or {}).items()
    }


def _form_page(
    session: ExamSession, student: Student, row: LivretAvis | None, form: AvisForm
) -> str:
    return render_template(
        "web/sessions/avis_form.html",
        session=session,
        student=student,
        row=row,
        form=form,
        choices=_choices(),
        closed=session.state in livret_avis.CLOSED,
        state_label=STATE_LABELS[session.state],
        text_length=AVIS_TEXT_LENGTH,
        paris=PARIS,
    )


def _after_save(session: ExamSession, student: Student) -> Response:
    """« Enregistrer et suivant »: the next candidate without an avis; else the list."""
    if "suivant" in request.form:
        following = next_without_avis(session, student.id)
        if following is not None:
            return _to_candidate(session.id, following.id)
        flash("Tous les candidats ont un avis.", "info")
    return redirect(url_for("web.livret_avis_list", session_id=session.id))


def _to_candidate(session_id: int, student_id: int) -> Response:
    return redirect(
        url_for("web.livret_avis_edit", session_id=session_id, student_id=student_id)
    )
