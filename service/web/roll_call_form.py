"""The roll-call form: one row per apprentice, as stored or as typed, with errors.

Each row carries the values it was read with (``avant-<student>``: version,
presence and minutes), so a save sends only the rows the writer changed, each
with the version it saw (D6). The minutes' bounds are the operation's check
(``service.operations.mark_values.minute_errors``); this module only reads whole
numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from service.models import AttendanceMark, Presence, Student
from service.operations.mark_values import MINUTE_FIELDS
from service.operations.roll_call import MarkEntry

#: Each minute field: its form name prefix.
FORM_NAMES = {"late_minutes": "retard", "early_minutes": "depart"}
#: The no-JavaScript « Tous présents » button's value.
ALL_PRESENT = "tous-presents"


@dataclass(slots=True)
class MarkRow:
    """One apprentice's line of the sheet."""

    student: Student
    #: « present », « absent », or empty when no mark is chosen.
    presence: str
    late: str
    early: str
    #: What the row was read with: « version:presence:late:early ».
    before: str
    #: French messages by field name (``presence``, ``late_minutes``…).
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> int:
        """The student id the form's names end with."""
        return self.student.id

    def typed(self, name: str) -> str:
        """The text of a minute field (``late_minutes`` or ``early_minutes``)."""
        return self.late if name == "late_minutes" else self.early


def stored_rows(
    students: Sequence[Student], marks: Mapping[int, AttendanceMark]
) -> list[MarkRow]:
    """The sheet as the database holds it."""
    rows = []
    for student in students:
        mark = marks.get(student.id)
        if mark is None:
            rows.append(MarkRow(student, "", "", "", ""))
            continue
        late = str(mark.late_minutes or "")
        early = str(mark.early_minutes or "")
        presence = str(mark.presence)
        before = f"{mark.version}:{presence}:{late}:{early}"
        rows.append(MarkRow(student, presence, late, early, before))
    return rows


def typed_rows(form: Mapping[str, str], students: Sequence[Student]) -> list[MarkRow]:
    """The sheet as posted (« Tous présents » marks every row present)."""
    everyone = form.get("action") == ALL_PRESENT
    rows = []
    for student in students:
        sid = student.id
        presence = "present" if everyone else form.get(f"presence-{sid}", "")
        rows.append(
            MarkRow(
                student,
                presence if presence in set(Presence) else "",
                form.get(f"{FORM_NAMES['late_minutes']}-{sid}", "").strip(),
                form.get(f"{FORM_NAMES['early_minutes']}-{sid}", "").strip(),
                form.get(f"avant-{sid}", ""),
            )
        )
    return rows


def _minutes(text: str) -> int | None:
    """A whole number of minutes (empty is 0), or None when it is not one."""
    if not text:
        return 0
    return int(text) if text.isascii() and text.isdigit() else None


def changed_entries(rows: Sequence[MarkRow]) -> list[tuple[MarkRow, MarkEntry]]:
    """The rows whose values differ from what they were read with, as entries.

    A row whose minutes are not whole numbers gets its error and no entry.
    """
    changed = []
    for row in rows:
        if not row.presence:
            continue
        minutes = {name: _minutes(row.typed(name)) for name in MINUTE_FIELDS}
        for name, value in minutes.items():
            if value is None:
                row.errors[name] = (
                    f"{MINUTE_FIELDS[name]} doit être un nombre entier de minutes."
                )
        late, early = minutes["late_minutes"], minutes["early_minutes"]
        if late is None or early is None:
            continue
        version, *seen = row.before.split(":") if row.before else ("",)
        if seen == [row.presence, str(late or ""), str(early or "")]:
            continue
        entry = MarkEntry(
            row.student.id,
            Presence(row.presence),
            late,
            early,
            int(version) if version.isdigit() else None,
        )
        changed.append((row, entry))
    return changed


def place_errors(
    changed: Sequence[tuple[MarkRow, MarkEntry]], errors: Mapping[str, list[str]]
) -> None:
    """Put an operation's errors (``marks.<index>.<field>``) on their rows."""
    for key, messages in errors.items():
        _, index, name = key.split(".", 2)
        changed[int(index)][0].errors[name] = messages[0]
