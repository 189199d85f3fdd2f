"""Attendance figures (R8): each current cohort's apprentices (hours planned so
far, attended, absences by status, lateness, rate, the alert flag), a cohort's
hours per subject against the curriculum, and one apprentice's attendance.

The director reaches every cohort; a trainer the cohorts of the half-days where
they teach (``service.access.attendance``); the apprentice and their tutor only
the apprentice's own page. Out of reach answers 404. The figures are
``service.operations.attendance_figures``' (the current year of training, up to
today); the pages only show them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue

from grading.attendance import hours, percent
from service.access.attendance import (
    attendance_cohort_in_reach,
    attendance_cohorts,
    attendance_student_in_reach,
)
from service.access.guard import Caller, current_caller
from service.access.rules import APPRENTICE_READERS, STAFF
from service.centre_time import centre_today
from service.extensions import db
from service.models import Cohort
from service.operations.attendance_figures import (
    HalfDayLine,
    cohort_attendance,
    student_lines,
    summaries,
    under_alert,
)
from service.operations.attendance_planning import planned_against_curriculum
from service.operations.attendance_rows import (
    day_range,
    planned_half_days,
    year_of_training,
    year_start,
)
from service.operations.director_dashboard import current_cohorts
from service.operations.justifications import STATUS_LABELS
from service.operations.progress import load_subjects
from service.operations.roll_call import SLOT_NAMES
from service.web.blueprint import blueprint
from service.web.roll_call import french_day

RULES = {
    "web.attendance": STAFF,
    "web.cohort_attendance": STAFF,
    "web.apprentice_attendance": APPRENTICE_READERS,
}


def what_happened(line: HalfDayLine) -> str:
    """« Absent·e », « Retard de 30 min », « Départ anticipé de 20 min », or both."""
    if line.absent:
        return "Absent·e"
    parts = [
        f"{name} de {minutes} min"
        for name, minutes in (
            ("retard", line.late_minutes),
            ("départ anticipé", line.early_minutes),
        )
        if minutes
    ]
    return ", ".join(parts).capitalize()


#: What every attendance template uses to show minutes, rates and days.
FORMATS: dict[str, Any] = {
    "hours": hours,
    "percent": percent,
    "french_day": french_day,
    "slot_names": SLOT_NAMES,
    "status_labels": STATUS_LABELS,
    "what": what_happened,
}


@blueprint.get("/assiduite")
def attendance() -> ResponseReturnValue:
    """Each current cohort the caller follows: its apprentices' figures."""
    today = centre_today()
    cohorts = _followed(current_caller(), current_cohorts(today))
    return render_template(
        "web/attendance/overview.html",
        figures=[cohort_attendance(cohort, today) for cohort in cohorts],
        **FORMATS,
    )


@blueprint.get("/classes/<int:cohort_id>/assiduite", endpoint="cohort_attendance")
def cohort_page(cohort_id: int) -> ResponseReturnValue:
    """A cohort's hours per subject against the curriculum, per apprentice."""
    cohort = attendance_cohort_in_reach(current_caller(), cohort_id)
    today = centre_today()
    figures = cohort_attendance(cohort, today)
    year = year_of_training(cohort, today)
    return render_template(
        "web/attendance/cohort.html",
        figures=figures,
        year=year,
        plans=planned_against_curriculum(cohort, year),
        so_far=_planned_so_far(cohort, figures.since, today),
        cells={
            student_id: {line.subject: line for line in summary.per_subject}
            for student_id, summary in figures.summaries.items()
        },
        **FORMATS,
    )


@blueprint.get("/apprentis/<int:student_id>/assiduite")
def apprentice_attendance(student_id: int) -> ResponseReturnValue:
    """One apprentice's totals, hours per subject, and each half-day missed in
    part or in whole with its justification."""
    student = attendance_student_in_reach(current_caller(), student_id)
    today = centre_today()
    since = year_start(student.cohort, today)
    summary = summaries([student.id], since, today)[student.id]
    lines = student_lines([student.id], since, today)[student.id]
    return render_template(
        "web/attendance/apprentice.html",
        student=student,
        staff=not current_caller().ownership.read_only,
        since=since,
        summary=summary,
        flagged=under_alert(summary),
        events=[line for line in lines if _missed(line)],
        names={row.code: row.name for row in load_subjects()},
        **FORMATS,
    )


def _followed(caller: Caller, cohorts: Sequence[Cohort]) -> list[Cohort]:
    """The cohorts among ``cohorts`` whose attendance the caller follows."""
    followed = attendance_cohorts(caller).with_only_columns(Cohort.id)
    ids = set(db.session.scalars(followed))
    return [cohort for cohort in cohorts if cohort.id in ids]


def _planned_so_far(cohort: Cohort, since: date, today: date) -> Counter[str]:
    """The minutes planned per subject code from ``since`` to ``today``."""
    so_far: Counter[str] = Counter()
    planned = planned_half_days([cohort.id], day_range(since, today))
    for half_day in planned.get(cohort.id, ()):
        for span in half_day.lessons:
            so_far[span.subject] += span.minutes
    return so_far


def _missed(line: HalfDayLine) -> bool:
    """Tell whether the apprentice missed the half-day in whole or in part."""
    return line.absent or line.late_minutes > 0 or line.early_minutes > 0
