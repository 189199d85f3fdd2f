"""What the grade grid sends: typed cells from the form or one cell as JSON.

Values are shown the French way (« 12,5 ») and codes as typed (ABS, ABJ, DISP, NN).
A conflict answer carries both values, the typed one and the stored one (D6).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from http import HTTPStatus
from typing import Any

from flask import jsonify
from flask.typing import ResponseReturnValue

from importers.cells import format_points
from service.operations.grid_cells import Entry, read_entry, stored_cell
from service.problems import Problem

CELL_NAME = re.compile(r"note-(\d{1,10})-(\d{1,10})")
#: A cell of the form keeps what it showed: « version:value » (« : » when empty).
BEFORE = "avant-{}-{}"
MAX_TEXT = 40


@dataclass(frozen=True, slots=True)
class Typed:
    """One cell as sent: where, the version it was read at, and the text typed."""

    assessment_id: int
    student_id: int
    version: int | None
    text: str


def shown(value: Decimal | None) -> str:
    """A figure the French way: « 12,5 »; empty when there is none."""
    return "" if value is None else format_points(value)


def shown_entry(entry: Entry | None) -> str:
    """A cell's value as the grid shows it: « 12,5 », « ABS » or empty."""
    if entry is None:
        return ""
    if entry.status is not None:
        return entry.status.value
    return shown(entry.score)


def shown_text(text: str) -> str:
    """What was typed, normalized when it reads as a grade (« 12.5 » → « 12,5 »)."""
    try:
        return shown_entry(read_entry(text))
    except Problem:
        return text.strip()


def typed_from_json(body: Any) -> Typed:
    """Read ``{assessment_id, student_id, version, value}`` or answer 400."""
    if not isinstance(body, dict):
        raise Problem(HTTPStatus.BAD_REQUEST, "Corps JSON attendu.")
    assessment_id, student_id = body.get("assessment_id"), body.get("student_id")
    version, value = body.get("version"), body.get("value")
    if (
        not isinstance(assessment_id, int)
        or not isinstance(student_id, int)
        or not is_id(assessment_id)
        or not is_id(student_id)
        or not (version is None or is_id(version))
        or not isinstance(value, str)
        or len(value) > MAX_TEXT
    ):
        raise Problem(HTTPStatus.BAD_REQUEST, "Cellule mal décrite.")
    return Typed(assessment_id, student_id, version, value)


def changed_cells(form: Mapping[str, str]) -> Iterator[Typed]:
    """Yield the form's cells whose text differs from what the page showed."""
    for column, row, seen, value in changed_entries(form, CELL_NAME):
        yield Typed(int(column), int(row), seen, value)


def changed_entries(
    form: Mapping[str, str], pattern: re.Pattern[str]
) -> Iterator[tuple[str, str, int | None, str]]:
    """Yield (column, row, version read, text) of each changed cell of a grid form.

    ``pattern`` matches a cell's name and captures its column and row keys; the
    hidden ``avant-<column>-<row>`` field holds what the page showed.
    """
    for name, value in form.items():
        found = pattern.fullmatch(name)
        if found is None:
            continue
        column, row = found[1], found[2]
        before = form.get(BEFORE.format(column, row), ":")
        version, _, original = before.partition(":")
        if value.strip() == original.strip() or len(value) > MAX_TEXT:
            continue
        seen = int(version) if version.isdigit() else None
        yield column, row, seen, value


def conflict(assessment_id: int, typed: Typed, label: str) -> ResponseReturnValue:
    """Answer 412 with both values: the one typed and the one stored meanwhile."""
    stored = stored_cell(assessment_id, typed.student_id)
    theirs = "" if stored is None else shown_entry(Entry(stored.score, stored.status))
    by = None if stored is None else stored.by
    who = f" par {by}" if by else ""
    body = {
        "error": f"{label} : modifiée entre-temps{who}. Choisissez la note à garder.",
        "conflict": {
            "mine": shown_text(typed.text),
            "theirs": theirs,
            "version": None if stored is None else stored.version,
            "by": by,
        },
    }
    return jsonify(body), HTTPStatus.PRECONDITION_FAILED


def is_id(value: Any) -> bool:
    """A positive database id that fits an INTEGER (never a boolean)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31
