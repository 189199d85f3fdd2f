"""Appreciations of a subject for one period: a textarea per student (R8, livret).

Appreciations carry no version: the form sends back when each one was last
written, and one changed meanwhile by someone else is shown beside the typed text
instead of being overwritten (D6's rule, applied to the time of the last write).
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from importers.cells import parse_text
from service.access.guard import Caller, current_caller
from service.access.rules import STAFF
from service.access.scope import (
    class_in_reach,
    not_found,
    reachable_students,
)
from service.centre_time import PARIS, centre_today
from service.extensions import db
from service.models import Appreciation, Cohort, Period, Student, Subject
from service.operations.appreciations import (
    APPRECIATION_LENGTH,
    AppreciationEntry,
    appreciations_of,
    save_appreciation,
)
from service.web.blueprint import blueprint
from service.web.history import french_datetime

RULES = {"web.appreciations": STAFF}

#: The livret's appreciation box: the same bound as the API's schema.


@dataclass
class Line:
    """One student's row of the grid: the stored appreciation and what was typed."""

    student: Student
    stored: Appreciation | None
    typed: str | None = None
    error: str | None = None
    conflict: bool = False

    @property
    def seen(self) -> str:
        """When the stored appreciation was last written, as the form sends it back."""
        return "" if self.stored is None else self.stored.updated_at.isoformat()

    @property
    def written(self) -> str:
        """Who wrote the stored appreciation, and when (Paris time)."""
        if self.stored is None:
            return ""
        when = french_datetime(self.stored.updated_at.astimezone(PARIS))
        return f"{self.stored.author.display_name}, le {when}"

    @property
    def text(self) -> str:
        """What the textarea shows: the typed text when refused, else the stored one."""
        if self.typed is not None and (self.error or self.conflict):
            return self.typed
        return "" if self.stored is None else self.stored.text


@blueprint.route(
    "/classes/<int:cohort_id>/matieres/<int:subject_id>/appreciations",
    methods=["GET", "POST"],
)
def appreciations(cohort_id: int, subject_id: int) -> ResponseReturnValue:
    """Show or save the appreciations of a subject for a period (``?periode=S1``)."""
    caller = current_caller()
    cohort, subject = class_in_reach(caller, cohort_id, subject_id)
    period = _period(cohort, request.args.get("periode"))
    lines = _lines(caller, cohort, subject, period)
    if request.method == "GET":
        return _page(cohort, subject, period, lines)
    saved = _save(caller, subject, period, lines)
    db.session.commit()
    if any(line.error or line.conflict for line in lines):
        status = (
            HTTPStatus.CONFLICT
            if any(line.conflict for line in lines)
            else HTTPStatus.UNPROCESSABLE_ENTITY
        )
        return _page(cohort, subject, period, lines, saved), status
    flash(f"{_count(saved)} pour {period.code.value}.", "info")
    return redirect(
        url_for(
            "web.appreciations",
            cohort_id=cohort.id,
            subject_id=subject.id,
            periode=period.code.value,
        )
    )


def _period(cohort: Cohort, code: str | None) -> Period:
    """The period asked for, else the latest one already started (else the first)."""
    periods = sorted(cohort.periods, key=lambda p: p.starts_on)
    if not periods:
        abort(HTTPStatus.NOT_FOUND, "Cette classe n'a pas encore de périodes.")
    if code:
        found = [p for p in periods if p.code.value == code.upper()]
        if not found:
            raise not_found("Période")
        return found[0]
    today = centre_today()
    started = [p for p in periods if p.starts_on <= today]
    return started[-1] if started else periods[0]


def _lines(
    caller: Caller, cohort: Cohort, subject: Subject, period: Period
) -> list[Line]:
    students = db.session.scalars(
        reachable_students(caller)
        .where(Student.cohort_id == cohort.id)
        .order_by(Student.last_name, Student.first_name, Student.id)
    )
    lines = []
    for student in students:
        stored = next(
            (
                a
                for a in appreciations_of(student)
                if a.subject_id == subject.id and a.period_id == period.id
            ),
            None,
        )
        lines.append(Line(student, stored))
    return lines


def _save(caller: Caller, subject: Subject, period: Period, lines: list[Line]) -> int:
    """Save every changed appreciation that is valid and unchanged meanwhile."""
    saved = 0
    for line in lines:
        raw = request.form.get(f"text_{line.student.id}")
        if raw is None:
            continue  # not on the submitted page
        line.typed = parse_text(raw)
        if line.typed == (line.stored.text if line.stored else None):
            continue
        if request.form.get(f"seen_{line.student.id}", "") != line.seen:
            line.conflict = True  # written meanwhile: show both, overwrite nothing
        elif line.typed is None:
            line.error = (
                "Une appréciation enregistrée ne peut pas être vidée : "
                "corrigez son texte."
            )
        elif len(line.typed) > APPRECIATION_LENGTH:
            line.error = f"{APPRECIATION_LENGTH} caractères au plus."
        else:
            entry = AppreciationEntry(subject.id, period.id, None, line.typed)
            line.stored = save_appreciation(line.student, entry, caller.user.id)
            saved += 1
    return saved


def _page(
    cohort: Cohort,
    subject: Subject,
    period: Period,
    lines: list[Line],
    saved: int = 0,
) -> str:
    return render_template(
        "web/trainer/appreciations.html",
        cohort=cohort,
        subject=subject,
        period=period,
        periods=sorted(cohort.periods, key=lambda p: p.starts_on),
        lines=lines,
        saved=_count(saved) if saved else None,
        limit=APPRECIATION_LENGTH,
    )


def _count(saved: int) -> str:
    if saved == 0:
        return "Aucune appréciation modifiée"
    if saved == 1:
        return "1 appréciation enregistrée"
    return f"{saved} appréciations enregistrées"
