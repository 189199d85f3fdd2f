"""The planning pages' forms: the rhythm to generate from, a half-day's lessons as
rows (subject, trainer, minutes, order); French dates as the pages show them."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from grading.planning import BROCHURE_WEEKS, Rhythm
from importers.french_dates import SHORT_MONTHS, SHORT_WEEKDAYS, WEEKDAYS
from service.extensions import db
from service.models import HalfDay, HalfDaySlot, Role, Subject, User
from service.operations.attendance_planning import make_rhythm
from service.operations.half_days import LessonFacts
from service.problems import Problem
from service.web.people_forms import PageForm

#: The weekdays a rhythm may use, as the form offers them.
WORKDAYS = tuple(name.capitalize() for name in WEEKDAYS[:5])
SLOTS = {HalfDaySlot.MORNING: "Matin", HalfDaySlot.AFTERNOON: "Après-midi"}
#: Lesson rows offered on a half-day's form besides its lessons.
EXTRA_ROWS = 2
LESSON_FIELD = re.compile(r"lessons\.(\d+)\.(subject_id|trainer_id|minutes)")
COLUMNS = {"subject_id": "subject", "trainer_id": "trainer", "minutes": "minutes"}


def short_day(day: date) -> str:
    """« lun. 6 oct. »: a day as the planning lists it."""
    return f"{SHORT_WEEKDAYS[day.weekday()]} {day.day} {SHORT_MONTHS[day.month - 1]}"


def first_monday_of_september(year: int) -> date:
    """The first Monday on or after September 1 (a year's usual start)."""
    start = date(year, 9, 1)
    return start + timedelta(days=-start.weekday() % 7)


@dataclass(frozen=True, slots=True)
class Generation:
    """What the director asked to generate."""

    year_of_study: int
    rhythm: Rhythm


def generate_defaults(start_year: int, year_of_study: int) -> PageForm:
    """The generation form prefilled for the brochure's year."""
    monday = first_monday_of_september(start_year + year_of_study - 1)
    return PageForm(
        {
            "year_of_study": str(year_of_study),
            "first_monday": monday.isoformat(),
            "weeks": BROCHURE_WEEKS,
            "c_days": "0 1",
            "l_days": "0 1 2",
        }
    )


def read_generation(
    typed: MultiDict[str, str], years: int
) -> tuple[PageForm, Generation | None]:
    """Read the generation form; each bad field gets its French error."""
    fields = ("year_of_study", "first_monday", "weeks")
    form = PageForm(
        {name: typed.get(name, "").strip() for name in fields}
        | {name: " ".join(typed.getlist(name)) for name in ("c_days", "l_days")}
    )
    year = form.whole("year_of_study", "Année de formation")
    if year is not None and not 1 <= year <= years:
        form.errors["year_of_study"] = f"Année de formation : 1 à {years}."
    monday = None
    try:
        monday = date.fromisoformat(form.require("first_monday", "Premier lundi"))
    except ValueError:
        form.errors.setdefault("first_monday", "Premier lundi : une date (jj/mm/aaaa).")
    days = {name: _weekdays(form.typed[name]) for name in ("c_days", "l_days")}
    if form.errors or year is None or monday is None:
        return form, None
    try:
        rhythm = make_rhythm(
            monday, form.typed["weeks"], days["c_days"], days["l_days"]
        )
    except Problem as refused:
        form.refused(refused, "weeks")
        return form, None
    return form, Generation(year, rhythm)


def _weekdays(typed: str) -> list[int]:
    return [int(value) for value in typed.split() if value.isdigit()]


def year_choices(cohort_years: int) -> list[tuple[str, str]]:
    """The years of study offered, as (value, label)."""
    return [(str(n), f"Année {n}") for n in range(1, cohort_years + 1)]


def lesson_rows(half_day: HalfDay | None) -> PageForm:
    """A half-day's lessons as form rows (and empty rows to add some)."""
    form = PageForm()
    lessons = half_day.lessons if half_day else []
    for index, lesson in enumerate(lessons):
        form.typed |= {
            f"lesson-{index}-subject": str(lesson.subject_id),
            f"lesson-{index}-trainer": str(lesson.trainer_id or ""),
            f"lesson-{index}-minutes": str(lesson.minutes),
            f"lesson-{index}-position": str(index + 1),
        }
    form.typed["rows"] = str(len(lessons) + EXTRA_ROWS)
    return form


def read_lessons(
    typed: Mapping[str, str], form: PageForm
) -> tuple[list[LessonFacts], list[int]]:
    """The typed lessons in their order, and each one's row; empty rows are left."""
    rows = min(int(typed.get("rows", "0") or 0), 20)
    form.typed["rows"] = str(rows)
    found: list[tuple[int, int, LessonFacts]] = []
    for row in range(rows):
        cells = {
            key: typed.get(f"lesson-{row}-{key}", "").strip()
            for key in ("subject", "trainer", "minutes", "position")
        }
        form.typed |= {f"lesson-{row}-{key}": value for key, value in cells.items()}
        if not cells["subject"] and not cells["minutes"]:
            continue
        order = int(cells["position"]) if cells["position"].isdigit() else 99
        facts = LessonFacts(
            _number(cells["subject"]),
            _number(cells["trainer"]),
            _number(cells["minutes"]),
        )
        found.append((order, row, facts))
    found.sort(key=lambda item: item[:2])
    return [facts for _, _, facts in found], [row for _, row, _ in found]


def _number(typed: str) -> int | None:
    return int(typed) if typed.isdigit() and len(typed) <= 9 else None


def place_lesson_refusal(form: PageForm, refused: Problem, rows: Sequence[int]) -> None:
    """Put a refusal of the lessons next to the row and column it names."""
    named = {
        _field_of(path, rows): messages
        for path, messages in (refused.errors or {}).items()
    }
    form.refused(
        Problem(refused.code or 422, refused.description or "", errors=named),
        "lesson-0-subject",
    )


def _field_of(path: str, rows: Sequence[int]) -> str:
    """The form field of an operation's error path (``lessons.<n>.<name>``)."""
    found = LESSON_FIELD.fullmatch(path)
    if found and int(found[1]) < len(rows):
        return f"lesson-{rows[int(found[1])]}-{COLUMNS[found[2]]}"
    return "lesson-0-subject" if path == "lessons" else path


def subject_choices() -> list[tuple[str, str]]:
    """The curriculum's subjects, as (id, « CODE · name »)."""
    subjects = db.session.scalars(select(Subject).order_by(Subject.position))
    return [(str(s.id), f"{s.code} · {s.name}") for s in subjects]


def trainer_choices() -> list[tuple[str, str]]:
    """The active trainers, by name."""
    trainers = db.session.scalars(
        select(User)
        .where(User.role == Role.TRAINER, User.active)
        .order_by(User.display_name)
    )
    return [(str(user.id), user.display_name) for user in trainers]
