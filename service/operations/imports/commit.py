"""Commit a previewed grade batch all or nothing, and undo it in one step (D5, D6, D8).

The commit reuses the grid save (``grade_grid.save_grid``: bulk statements,
``UPDATE … WHERE version = …``, history rows) once per assessment, inside the
request's one transaction. Before it, a sheet exported before one of its grades
changed is refused (409 naming the cells) unless the upload was forced.
"""

from __future__ import annotations

from collections import defaultdict
from http import HTTPStatus
from typing import Any

from sqlalchemy import bindparam, delete, select

from service.extensions import db
from service.models import (
    Assessment,
    ChangeSource,
    Grade,
    HistoryEntity,
    ImportBatch,
    ImportState,
    utc_now,
)
from service.operations import grade_grid
from service.operations.assessments import ensure_writable
from service.operations.grades import (
    GRADES,
    GradeUpdate,
    GradeValues,
    update_grades,
)
from service.operations.history import (
    Change,
    ChangeContext,
    change_row,
    record_changes,
)
from service.operations.imports.batches import payload_of
from service.operations.imports.rows import (
    CellGrade,
    StoredGrade,
    is_stale,
    stored_grades,
    values_of,
)
from service.problems import Problem

STALE_CELL = "Cette note a été modifiée dans Carnet depuis l'export de la feuille."
LATER_CHANGE = "Cette note a été modifiée depuis l'import."
CHANGED_DURING_UNDO = "Des notes ont changé pendant l'annulation : réessayez."


def commit_grades(batch: ImportBatch, actor_id: int) -> dict[str, int]:
    """Write every row of a previewed batch, or none; return the counts."""
    payload = payload_of(batch)
    _ensure_state(batch, ImportState.PREVIEWED, "importée")
    cells = [CellGrade.from_json(row) for row in payload.rows]
    by_assessment: dict[int, list[CellGrade]] = defaultdict(list)
    for cell in cells:
        by_assessment[cell.assessment_id].append(cell)
    assessments = _writable(by_assessment, actor_id, batch.id, "grade.import")
    stored = stored_grades(by_assessment)
    if not payload.forced:
        _refuse_stale(cells, stored)
    context = ChangeContext(actor_id, ChangeSource.IMPORT, batch.id)
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    changes: list[dict[str, Any]] = []
    versions = {grade.id: grade.version for grade in stored.values()}
    for assessment_id, group in sorted(by_assessment.items()):
        outcome = grade_grid.save_grid(
            assessments[assessment_id], context, _inputs(group, stored)
        )
        counts["created"] += outcome.created
        counts["updated"] += outcome.updated
        counts["unchanged"] += outcome.unchanged
        changes += [_change(entry, versions) for entry in outcome.history]
    payload.changes = changes
    batch.state = ImportState.COMMITTED
    batch.finished_at = utc_now()
    return counts


def undo_grades(batch: ImportBatch, actor_id: int) -> int:
    """Restore every grade the batch changed unless one changed since; count them."""
    payload = payload_of(batch)
    _ensure_state(batch, ImportState.COMMITTED, "annulée")
    if payload.changes is None:
        raise Problem(HTTPStatus.CONFLICT, "Un import d'étudiants ne s'annule pas.")
    changes = payload.changes or []
    current = {
        row.id: row
        for row in db.session.execute(
            select(Grade.id, Grade.version, Grade.assessment_id).where(
                Grade.id.in_([c["grade_id"] for c in changes])
            )
        )
    }
    conflicts = [
        c
        for c in changes
        if getattr(current.get(c["grade_id"]), "version", None) != c["version"]
    ]
    if conflicts:
        raise Problem(
            HTTPStatus.CONFLICT,
            "Des notes importées ont été modifiées depuis : l'import n'est pas annulé.",
            errors={f"grades.{c['grade_id']}": [LATER_CHANGE] for c in conflicts},
        )
    ids = {row.assessment_id for row in current.values()}
    _writable(dict.fromkeys(ids), actor_id, batch.id, "grade.import_undo")
    _restore(changes, ChangeContext(actor_id, ChangeSource.IMPORT, batch.id))
    batch.state = ImportState.UNDONE
    batch.finished_at = utc_now()
    return len(changes)


def _ensure_state(batch: ImportBatch, expected: ImportState, verb: str) -> None:
    if batch.state is ImportState.FAILED:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Le fichier contient des erreurs : corrigez-le puis déposez-le de nouveau.",
        )
    if batch.state is not expected:
        raise Problem(
            HTTPStatus.CONFLICT, f"Cet import ne peut plus être {verb} ({batch.state})."
        )


def _writable(
    groups: dict[int, Any], actor_id: int, batch_id: int, action: str
) -> dict[int, Assessment]:
    assessments = {}
    for assessment_id in sorted(groups):
        assessment = db.session.get(Assessment, assessment_id)
        assert assessment is not None
        ensure_writable(assessment, actor_id, action, {"import_batch_id": batch_id})
        assessments[assessment_id] = assessment
    return assessments


def _refuse_stale(
    cells: list[CellGrade], stored: dict[tuple[int, int], StoredGrade]
) -> None:
    errors: dict[str, list[str]] = {}
    for cell in cells:
        before = stored.get((cell.student_id, cell.assessment_id))
        changes = before is None or values_of(cell, before) != before.values
        if changes and is_stale(cell, before):
            errors[f"{cell.sheet}!{cell.cell}"] = [STALE_CELL]
    if errors:
        raise Problem(
            HTTPStatus.CONFLICT,
            "La feuille a été exportée avant des modifications dans Carnet : rien "
            f"n'a été importé ({', '.join(errors)}). Exportez-la de nouveau, ou "
            "déposez-la avec « forcer » pour écraser ces notes.",
            errors=errors,
        )


def _inputs(
    cells: list[CellGrade], stored: dict[tuple[int, int], StoredGrade]
) -> list[grade_grid.RowInput]:
    inputs = []
    for index, cell in enumerate(cells):
        before = stored.get((cell.student_id, cell.assessment_id))
        version = None if before is None else before.version
        inputs.append(
            grade_grid.RowInput(
                index, cell.student_id, values_of(cell, before), version
            )
        )
    return inputs


def _change(entry: dict[str, Any], versions: dict[int, int]) -> dict[str, Any]:
    before = versions.get(entry["entity_id"])
    return {
        "grade_id": entry["entity_id"],
        "version": 1 if before is None else before + 1,
        "old": entry["old"],
        "new": entry["new"],
    }


def _restore(changes: list[dict[str, Any]], context: ChangeContext) -> None:
    now = utc_now()
    removed = [c for c in changes if c["old"] is None]
    restored = [c for c in changes if c["old"] is not None]
    if removed:
        statement = delete(GRADES).where(
            GRADES.c.id == bindparam("b_id"), GRADES.c.version == bindparam("b_version")
        )
        params = [{"b_id": c["grade_id"], "b_version": c["version"]} for c in removed]
        result = db.session.connection().execute(statement, params)
        if result.rowcount != len(params):
            raise Problem(HTTPStatus.CONFLICT, CHANGED_DURING_UNDO)
    updates = [
        GradeUpdate(c["grade_id"], c["version"], GradeValues.from_history(c["old"]))
        for c in restored
    ]
    if not update_grades(updates, context, now):
        raise Problem(HTTPStatus.CONFLICT, CHANGED_DURING_UNDO)
    history = [
        change_row(
            context, Change(HistoryEntity.GRADE, c["grade_id"], c["new"], c["old"]), now
        )
        for c in changes
    ]
    record_changes(history)
