"""The apprentice's pages: the record, one unit, the exam results, the news.

Read by the apprentice (their own record), their company tutor (the apprentices
linked to them), the trainers of the apprentice's cohort and the director. Reach
is ``scope.student_in_reach`` (404 otherwise); what each reader sees of the
grades is ``visibility_for`` (R7: a student or tutor sees published grades only,
no CCF proposal, no unpublished result). The only write is « Marquer comme lu »,
a POST that records when the reader last read the apprentice's news.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from service.access.guard import Caller, current_caller
from service.access.rules import APPRENTICE_READERS
from service.access.scope import not_found, reachable_students, student_in_reach
from service.access.visibility import visibility_for
from service.centre_time import PARIS
from service.extensions import db
from service.models import BlocSource, Student
from service.operations.apprentice_record import (
    ApprenticeRecord,
    apprentice_record,
    mark_news_read,
    news_since,
    published_grades,
    regulation_for,
)
from service.operations.progress import load_results
from service.web.apprentice_view import (
    evolution_chart,
    result_views,
    unit_page,
    unit_rows,
    units_chart,
)
from service.web.blueprint import blueprint
from service.web.exam_sessions import DECISION_LABELS

RULES = {
    "web.apprentice": APPRENTICE_READERS,
    "web.apprentice_unit": APPRENTICE_READERS,
    "web.apprentice_results": APPRENTICE_READERS,
    "web.apprentice_news_read": APPRENTICE_READERS,
}

ONE = "/apprentis/<int:student_id>"
#: How many news items the record lists (the rest are counted).
NEWS_SHOWN = 5
#: How many of the last published grades the record lists.
LATEST_SHOWN = 6
#: How a bloc was obtained, when no session of Carnet gave it (R4, R5).
BLOC_SOURCES = {
    BlocSource.SESSION: "Session",
    BlocSource.BENEFIT: "Bénéfice conservé",
    BlocSource.PREVIOUS_SCHOOL: "Scolarité antérieure",
    BlocSource.VAE: "VAE",
}


@blueprint.get(ONE)
def apprentice(student_id: int) -> ResponseReturnValue:
    """The apprentice's record: units, charts, what is still needed, blocs, news."""
    caller = current_caller()
    return render_record(caller, student_in_reach(caller, student_id))


def render_record(caller: Caller, student: Student) -> ResponseReturnValue:
    """Render ``student``'s record for ``caller`` (also the apprentice's home)."""
    record = _record(caller, student)
    rows = unit_rows(record)
    # News are the reader's: a student's or tutor's, not staff's (R7 rows only).
    news = (
        news_since(student, caller.user.news_seen_at)
        if caller.ownership.read_only
        else None
    )
    return render_template(
        "web/apprentice/record.html",
        record=record,
        progress=record.progress,
        rows=rows,
        bars=units_chart(rows),
        line=evolution_chart(record),
        news=None if news is None else news[:NEWS_SHOWN],
        news_more=0 if news is None else max(len(news) - NEWS_SHOWN, 0),
        latest=published_grades(student.id, limit=LATEST_SHOWN),
        ranks=_ranks_shown(),
        decisions=DECISION_LABELS,
        bloc_sources=BLOC_SOURCES,
        paris=PARIS,
    )


@blueprint.get(f"{ONE}/unites/<code>")
def apprentice_unit(student_id: int, code: str) -> ResponseReturnValue:
    """One unit: averages per semester and year beside the class, and its grades."""
    caller = current_caller()
    statement = reachable_students(caller).where(Student.id == student_id)
    student = db.session.scalar(statement)
    # One answer for an apprentice out of reach and a unit that does not exist.
    if student is None or code not in regulation_for(student).units:
        raise not_found("Unité")
    record = _record(caller, student)
    return render_template(
        "web/apprentice/unit.html",
        record=record,
        page=unit_page(record, code),
        ranks=_ranks_shown(),
    )


@blueprint.get(f"{ONE}/resultats")
def apprentice_results(student_id: int) -> ResponseReturnValue:
    """The published exam results: decision, unit grades, step-by-step explanation."""
    student = student_in_reach(current_caller(), student_id)
    return render_template(
        "web/apprentice/results.html",
        student=student,
        # Published sessions only, for every reader (R7).
        results=result_views(load_results(student.id)),
        decisions=DECISION_LABELS,
    )


@blueprint.post(f"{ONE}/nouveautes/lu")
def apprentice_news_read(student_id: int) -> ResponseReturnValue:
    """« Marquer comme lu »: the reader's news start again from now."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    mark_news_read(caller.user)
    db.session.commit()
    return redirect(url_for("web.apprentice", student_id=student.id) + "#nouveautes")


def _record(caller: Caller, student: Student) -> ApprenticeRecord:
    return apprentice_record(student, visibility_for(caller, student.cohort))


def _ranks_shown() -> bool:
    return bool(current_app.config["APPRENTICE_RANKS_SHOWN"])
