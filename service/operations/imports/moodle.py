"""Moodle's xlsx grade export mapped onto assessments (formats.md §4.1).

Items are mapped at upload (item name → assessment id); students are named by
email or ID number (student number or INE). A grade changed in Carnet after
Moodle's export time is stale: refused at commit unless forced (Moodle's rule).
"""

from __future__ import annotations

from dataclasses import replace
from http import HTTPStatus
from typing import Any

from sqlalchemy import select

from importers.moodle import read_moodle_gradebook
from importers.records import CellError, MoodleGradebook, errors_tuple
from importers.safety import ImportLimits
from service.access.guard import Caller
from service.access.scope import assessment_in_reach
from service.extensions import db
from service.models import Assessment, Grade, ImportBatch, ImportKind
from service.operations.imports.batches import Upload, record_preview
from service.operations.imports.identity import Directory, json_field
from service.operations.imports.rows import CellGrade, check_cells
from service.problems import Problem

KIND = ImportKind.MOODLE
UNMAPPED = "Indiquez l'évaluation de chaque colonne de notes Moodle (champ items)."


def preview_moodle(
    caller: Caller, upload: Upload, items: str | None, limits: ImportLimits
) -> ImportBatch:
    """Read a Moodle export, map its items onto assessments, record the preview."""
    mapping = _item_map(json_field(items, "items"))
    assessments = {
        assessment_id: assessment_in_reach(caller, assessment_id, write=True)
        for assessment_id in sorted(set(mapping.values()))
    }
    result = read_moodle_gradebook(upload.data, upload.file_name, limits)
    errors = list(result.errors)
    cells: list[CellGrade] = []
    if not errors:
        cells = _cells(result, mapping, Directory(caller), errors)
        errors += check_cells(cells, assessments)
        cells = _mark_stale(cells, assessments, result)
    return record_preview(upload, KIND, cells, errors_tuple(errors))


def _item_map(raw: Any) -> dict[str, int]:
    if (
        not isinstance(raw, dict)
        or not raw
        or not all(
            isinstance(key, str) and isinstance(value, int) and value > 0
            for key, value in raw.items()
        )
    ):
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, UNMAPPED, errors={"items": [UNMAPPED]}
        )
    return raw


def _cells(
    result: MoodleGradebook,
    mapping: dict[str, int],
    directory: Directory,
    errors: list[CellError],
) -> list[CellGrade]:
    targets = {
        item.column: mapping.get(item.name) or mapping.get(item.column)
        for item in result.items
    }
    cells = []
    for row in result.rows:
        where = (result.sheet, f"A{row.row}")
        kind, identifier = (
            ("email", row.email) if row.email else ("id_number", row.id_number or "")
        )
        student = directory.find(kind, identifier, where, errors)
        for grade in row.grades:
            target = targets.get(grade.column)
            if student is None or target is None or grade.value is None:
                continue
            cell = (where[0], f"{grade.column}{row.row}")
            cells.append(CellGrade.of(target, student, grade.value, cell, None))
    return cells


def _mark_stale(
    cells: list[CellGrade], assessments: dict[int, Assessment], result: MoodleGradebook
) -> list[CellGrade]:
    """Set each seen version: the current one, 0 when changed after the export."""
    grades = {
        (g.student_id, g.assessment_id): g
        for g in db.session.scalars(
            select(Grade).where(Grade.assessment_id.in_(list(assessments)))
        )
    }
    marked = []
    for cell in cells:
        grade = grades.get((cell.student_id, cell.assessment_id))
        seen = None if grade is None else grade.version
        exported = result.exported_at
        if grade is not None and exported and grade.updated_at > exported:
            seen = 0  # no version is 0: the cell is stale
        marked.append(replace(cell, seen=seen))
    return marked
