"""The roll call (« émargement ») of a half-day: marks, close, reopen (R8, D6, D8).

Every mark is versioned and sealed in the history like a grade: a new mark gets
its first history row, a change goes through ``versioned.write_versioned``. A
sheet is saved whole or not at all: rows are checked first (apprentice of the
cohort, minutes within the half-day), then every version the writer read (412),
then written. A closed sheet refuses the trainer (409, audited, T07); the
director may still change it, and the history names the director.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from typing import Any

from sqlalchemy import select

from service.extensions import db
from service.models import (
    AttendanceMark,
    HalfDay,
    HalfDaySlot,
    Presence,
    Role,
    Student,
    User,
    utc_now,
)
from service.operations.audit import (
    AuditOutcome,
    AuditRecord,
    RefusedWrite,
    record_event,
)
from service.operations.history import Change, ChangeContext, change_row, record_changes
from service.operations.mark_values import MARK_ROWS, MARKS, MarkValues, minute_errors
from service.operations.versioned import NewRows, Target, insert_new, write_versioned
from service.problems import STALE_DETAIL, Problem

TARGET = "half_day"
SLOT_NAMES = {HalfDaySlot.MORNING: "matin", HalfDaySlot.AFTERNOON: "après-midi"}


@dataclass(frozen=True, slots=True)
class MarkEntry:
    """One apprentice's mark as the writer sends it, with the version they read."""

    student_id: int
    presence: Presence
    late_minutes: int = 0
    early_minutes: int = 0
    #: None: a new mark (refused with 412 if one exists the writer did not see).
    seen_version: int | None = None

    @property
    def values(self) -> MarkValues:
        """The values the entry asks for."""
        return MarkValues(self.presence, self.late_minutes, self.early_minutes)


def half_day_label(half_day: HalfDay) -> str:
    """« 06/10/2026 matin », the half-day as messages name it."""
    return f"{half_day.day:%d/%m/%Y} {SLOT_NAMES[half_day.slot]}"


def roll_call_students(half_day: HalfDay) -> list[Student]:
    """Return the apprentices of the half-day's cohort, by name."""
    return list(
        db.session.scalars(
            select(Student)
            .where(Student.cohort_id == half_day.cohort_id)
            .order_by(Student.last_name, Student.first_name, Student.id)
        )
    )


def marks_of(half_day: HalfDay) -> dict[int, AttendanceMark]:
    """Return the half-day's marks by student id."""
    marks = db.session.scalars(
        select(AttendanceMark).where(AttendanceMark.half_day_id == half_day.id)
    )
    return {mark.student_id: mark for mark in marks}


def ensure_open(
    half_day: HalfDay,
    actor_id: int | None,
    detail: dict[str, Any],
    *,
    director: bool = False,
) -> None:
    """Refuse (409, audited) a write to a closed sheet but the director's (T07)."""
    if half_day.closed_at is not None and not director:
        raise RefusedWrite(
            f"La feuille d'appel du {half_day_label(half_day)} est close : "
            "seule la direction peut la modifier.",
            AuditRecord(
                actor_id,
                "attendance.write",
                TARGET,
                half_day.id,
                AuditOutcome.REFUSED_LOCKED,
                detail,
            ),
        )


def save_marks(
    half_day: HalfDay,
    entries: Sequence[MarkEntry],
    context: ChangeContext,
    *,
    director: bool,
) -> int:
    """Write the sheet's marks, all or none; each change one sealed history row.

    Return how many marks were created or changed (unchanged ones write nothing).
    """
    detail = {"marks": len(entries)}
    refuse = partial(ensure_open, half_day, context.actor_id, detail, director=director)
    refuse()
    _check_entries(half_day, entries)
    existing = marks_of(half_day)
    _check_versions(entries, existing)
    # Student order: concurrent saves lock rows in one order (no deadlock).
    ordered = sorted(entries, key=lambda entry: entry.student_id)
    new = [entry for entry in ordered if entry.student_id not in existing]
    written = len(new)
    for entry in ordered:
        if (mark := existing.get(entry.student_id)) is not None:
            seen = entry.seen_version
            assert seen is not None  # _check_versions
            target = Target(MARK_ROWS, mark, MarkValues.of(mark), refuse)
            written += write_versioned(target, context, seen, entry.values) != seen
    _insert(half_day, new, context)
    if written and half_day.closed_at is not None:
        # Only the director gets here (R8): the journal shows the change too.
        record_event(_accepted(context.actor_id, "attendance.write_closed", half_day))
    return written


def _check_entries(half_day: HalfDay, entries: Sequence[MarkEntry]) -> None:
    """Answer 422 naming each refused field (``marks.<index>.<field>``)."""
    enrolled = {student.id for student in roll_call_students(half_day)}
    planned = half_day.planned_minutes
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        if entry.student_id not in enrolled:
            errors[f"marks.{index}.student_id"] = [
                "Apprenti·e introuvable dans la classe de cette demi-journée."
            ]
        elif entry.student_id in seen:
            errors[f"marks.{index}.student_id"] = ["Apprenti·e en double."]
        seen.add(entry.student_id)
        for name, message in minute_errors(entry.values, planned).items():
            errors[f"marks.{index}.{name}"] = [message]
    if errors:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Des lignes ne sont pas valides : rien n'a été enregistré.",
            errors=errors,
        )


def _check_versions(
    entries: Sequence[MarkEntry], existing: dict[int, AttendanceMark]
) -> None:
    """Answer 412 when a mark changed since the writer read the sheet (D6)."""
    errors = {
        f"marks.{index}.seen_version": [STALE_DETAIL]
        for index, entry in enumerate(entries)
        if entry.seen_version != _version_of(existing.get(entry.student_id))
    }
    if errors:
        raise Problem(HTTPStatus.PRECONDITION_FAILED, STALE_DETAIL, errors=errors)


def _version_of(mark: AttendanceMark | None) -> int | None:
    return None if mark is None else mark.version


def _insert(
    half_day: HalfDay, entries: Sequence[MarkEntry], context: ChangeContext
) -> None:
    """Add new marks in one INSERT, then their first sealed history rows (D8)."""
    if not entries:
        return
    now = utc_now()
    rows = [
        {
            "half_day_id": half_day.id,
            "student_id": entry.student_id,
            **entry.values.columns(),
        }
        for entry in entries
    ]
    owner = MARKS.c.half_day_id == half_day.id
    ids = insert_new(NewRows(MARKS, owner, rows, STALE_DETAIL), context, now)
    record_changes(
        [
            change_row(
                context,
                Change(
                    MARK_ROWS.entity,
                    ids[entry.student_id],
                    None,
                    entry.values.as_history(),
                ),
                now,
            )
            for entry in entries
        ]
    )


def close_roll_call(half_day: HalfDay, actor: User) -> None:
    """Close the sheet once every apprentice has a mark (422 naming who is missing)."""
    if half_day.closed_at is not None:
        return
    marked = set(marks_of(half_day))
    missing = [s for s in roll_call_students(half_day) if s.id not in marked]
    if missing:
        names = ", ".join(student.full_name for student in missing)
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"Appel incomplet : aucune marque pour {names}.",
            errors={"marks": [student.full_name for student in missing]},
        )
    half_day.closed_at = utc_now()
    half_day.closed_by_id = actor.id
    record_event(_accepted(actor.id, "roll_call.lock", half_day))
    db.session.flush()


def reopen_roll_call(half_day: HalfDay, actor: User) -> None:
    """Reopen a closed sheet: the director only (403 otherwise), audited."""
    if actor.role is not Role.DIRECTOR:
        raise Problem(
            HTTPStatus.FORBIDDEN, "Seule la direction peut rouvrir une feuille d'appel."
        )
    if half_day.closed_at is None:
        return
    half_day.closed_at = None
    half_day.closed_by_id = None
    record_event(_accepted(actor.id, "roll_call.reopen", half_day))
    db.session.flush()


def _accepted(actor_id: int | None, action: str, half_day: HalfDay) -> AuditRecord:
    detail = {"day": half_day.day.isoformat(), "slot": str(half_day.slot)}
    return AuditRecord(
        actor_id, action, TARGET, half_day.id, AuditOutcome.ACCEPTED, detail
    )
