"""Moodle's grade export (xlsx, ODS or text) mapped onto assessments (formats.md §4.1).

Items are mapped at upload (item name → assessment id, or the mapping
remembered for the same items); students are named by email or ID number
(student number or INE). With Moodle's maximum confirmed, each grade is
rescaled exactly to its assessment's maximum (``moodle_plan``). A grade changed
in Carnet after Moodle's export time is stale: refused at commit unless forced
(Moodle's rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import select

from importers.cells import format_points
from importers.moodle import read_moodle_gradebook
from importers.records import CellError, GradeValue, MoodleGradebook, errors_tuple
from importers.safety import ImportLimits
from service.access.guard import Caller
from service.access.scope import assessment_in_reach
from service.extensions import db
from service.models import Assessment, Grade, ImportBatch, ImportKind
from service.operations.imports.batches import Upload, payload_of, record_preview
from service.operations.imports.identity import Directory
from service.operations.imports.moodle_plan import (
    MoodlePlan,
    in_hundredths,
    plan_of,
    remember_plan,
    rescaled,
)
from service.operations.imports.rows import CellGrade, Place, check_cells

KIND = ImportKind.MOODLE
ABOVE_SOURCE = "La note {value} dépasse la note maximale Moodle indiquée ({maximum})."
ABOVE_TARGET = (
    "La note {value} dépasse le maximum de l'évaluation « {title} » ({maximum}). "
    "Si les notes Moodle sont sur un autre maximum (souvent 100), indiquez la "
    "note maximale Moodle : elles seront ramenées sur {maximum}."
)
INEXACT = (
    "{value} sur {source} donne {exact}… sur {maximum}, qui n'est pas un nombre "
    "exact de centièmes : une note importée n'est jamais arrondie. Corrigez la "
    "note dans Moodle, ou mettez l'évaluation « {title} » sur {source}."
)


@dataclass
class _Read:
    """The cells of a Moodle export, their errors and the values Moodle gave."""

    cells: list[CellGrade] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    #: Cell → the grade as written in Moodle, where it was rescaled.
    sources: dict[str, Decimal] = field(default_factory=dict)


def preview_moodle(
    caller: Caller,
    upload: Upload,
    items: str | None,
    limits: ImportLimits,
    moodle_max: str | None = None,
) -> ImportBatch:
    """Read a Moodle export, map its items onto assessments, record the preview."""
    result = read_moodle_gradebook(upload.data, upload.file_name, limits)
    if result.errors:
        return record_preview(upload, KIND, [], result.errors)
    plan = plan_of(caller, result.items, items, moodle_max)
    assessments = {
        assessment_id: assessment_in_reach(caller, assessment_id, write=True)
        for assessment_id in sorted(set(plan.items.values()))
    }
    read = _cells(result, plan, assessments, Directory(caller))
    errors = read.errors + check_cells(read.cells, assessments)
    cells = _mark_stale(read.cells, assessments, result)
    batch = record_preview(upload, KIND, cells, errors_tuple(errors))
    remember_plan(caller, result.items, plan)
    _show_sources(batch, plan, read.sources)
    return batch


def _cells(
    result: MoodleGradebook,
    plan: MoodlePlan,
    assessments: dict[int, Assessment],
    directory: Directory,
) -> _Read:
    targets = {
        item.column: plan.items.get(item.name) or plan.items.get(item.column)
        for item in result.items
    }
    read = _Read()
    for row in result.rows:
        where = Place(result.sheet, f"A{row.row}")
        kind, identifier = (
            ("email", row.email) if row.email else ("id_number", row.id_number or "")
        )
        student = directory.find(kind, identifier, where, read.errors)
        for grade in row.grades:
            target = targets.get(grade.column)
            if student is None or target is None or grade.value is None:
                continue
            cell = Place(result.sheet, f"{grade.column}{row.row}")
            points = _points(grade.value, plan, assessments[target], cell, read)
            if points is not None:
                read.cells.append(CellGrade.of(target, student, points, cell, None))
    return read


def _points(
    value: GradeValue,
    plan: MoodlePlan,
    assessment: Assessment,
    cell: Place,
    read: _Read,
) -> GradeValue | None:
    """The grade to write, rescaled when Moodle's maximum is given; None: an error."""
    if not isinstance(value, Decimal):
        return value  # a code: nothing to rescale
    target = assessment.max_score
    shown = {
        "value": format_points(value),
        "title": assessment.title,
        "maximum": format_points(target),
    }
    if plan.source_max is None:
        if value > target:
            read.errors.append(cell.error(ABOVE_TARGET.format(**shown)))
            return None
        return value
    source = format_points(plan.source_max)
    if value > plan.source_max:
        message = ABOVE_SOURCE.format(value=shown["value"], maximum=source)
        read.errors.append(cell.error(message))
        return None
    exact = rescaled(value, plan.source_max, target)
    points = in_hundredths(exact)
    if points is None:
        approx = format(Decimal(exact.numerator) / exact.denominator, ".3f")
        message = INEXACT.format(
            **shown,
            source=source,
            exact=approx.replace(".", ","),
            target=shown["maximum"],
        )
        read.errors.append(cell.error(message))
        return None
    read.sources[cell.cell] = value
    return points


def _show_sources(
    batch: ImportBatch, plan: MoodlePlan, sources: dict[str, Decimal]
) -> None:
    """Add Moodle's maximum and each first row's Moodle grade to the preview."""
    payload = payload_of(batch)
    preview = dict(payload.preview)
    preview["source_max"] = None if plan.source_max is None else str(plan.source_max)
    preview["first_rows"] = [
        row | {"source_score": _text(sources.get(row["cell"]))}
        for row in preview.get("first_rows", [])
    ]
    payload.preview = preview
    db.session.flush()


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


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
