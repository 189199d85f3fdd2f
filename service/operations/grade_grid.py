"""Saving a whole grade grid at once: all rows or none (D5, D6, D8).

Rows are checked first (student of the cohort, score within the maximum, no
duplicate), then every row's version against the grid the client read: one stale
row refuses the whole batch (412). Writes use bulk statements: one INSERT for new
grades, one executemany UPDATE ``WHERE id = … AND version = …`` whose row count must
match, one INSERT for the history. Unchanged rows write nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from http import HTTPStatus
from typing import Any

from sqlalchemy import select

from service.extensions import db
from service.models import (
    Assessment,
    Grade,
    HistoryEntity,
    Student,
    utc_now,
)
from service.operations.assessments import ensure_writable
from service.operations.grades import (
    GRADES,
    GradeUpdate,
    GradeValues,
    score_errors,
    update_grades,
)
from service.operations.history import (
    Change,
    ChangeContext,
    change_row,
    record_changes,
)
from service.operations.versioned import NewRows, insert_new
from service.problems import Problem

STALE_ROW = "Modifiée entre-temps : relisez la grille puis recommencez."


@dataclass(frozen=True, slots=True)
class RowInput:
    """One row of a grid save, with its position in the request."""

    index: int
    student_id: int
    values: GradeValues
    version: int | None


@dataclass(frozen=True, slots=True)
class Stored:
    """A grade as the database holds it when the save starts."""

    id: int
    version: int
    values: GradeValues


@dataclass(slots=True)
class GridSave:
    """What a grid save did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)


def row_inputs(rows: list[dict[str, Any]]) -> list[RowInput]:
    """Return the validated request rows as values, keeping their index."""
    return [
        RowInput(
            index,
            row["student_id"],
            GradeValues(row["score"], row["status"], row["comment"]),
            row["version"],
        )
        for index, row in enumerate(rows)
    ]


def save_grid(
    assessment: Assessment, context: ChangeContext, rows: list[RowInput]
) -> GridSave:
    """Write every row of a grid, or none of them."""
    assert context.actor_id is not None
    detail = {"rows": len(rows)}
    ensure_writable(assessment, context.actor_id, "grade.bulk_write", detail)
    existing = _existing(assessment.id)
    _check_rows(assessment, rows)
    _check_versions(rows, existing)
    now = utc_now()
    outcome = GridSave()
    # Rows go in student order: concurrent saves then lock rows in the same
    # order and cannot deadlock each other on PostgreSQL.
    ordered = sorted(rows, key=lambda row: row.student_id)
    new = [row for row in ordered if row.student_id not in existing]
    changed = [
        row
        for row in ordered
        if row.student_id in existing and existing[row.student_id].values != row.values
    ]
    outcome.unchanged = len(rows) - len(new) - len(changed)
    _insert(assessment, context, new, now, outcome)
    _update(context, changed, existing, now, outcome)
    record_changes(outcome.history)
    return outcome


def _existing(assessment_id: int) -> dict[int, Stored]:
    rows = db.session.execute(
        select(
            Grade.id,
            Grade.student_id,
            Grade.version,
            Grade.score,
            Grade.status,
            Grade.comment,
        ).where(Grade.assessment_id == assessment_id)
    )
    return {
        row.student_id: Stored(row.id, row.version, GradeValues.of(row)) for row in rows
    }


def _check_rows(assessment: Assessment, rows: list[RowInput]) -> None:
    enrolled = set(
        db.session.scalars(
            select(Student.id).where(Student.cohort_id == assessment.cohort_id)
        )
    )
    errors: dict[str, list[str]] = {}
    seen: set[int] = set()
    for row in rows:
        if row.student_id not in enrolled:
            errors[f"grades.{row.index}.student_id"] = [
                "Étudiant introuvable dans la cohorte de cette évaluation."
            ]
        elif row.student_id in seen:
            errors[f"grades.{row.index}.student_id"] = ["Étudiant en double."]
        seen.add(row.student_id)
        if messages := score_errors(row.values, assessment.max_score):
            errors[f"grades.{row.index}.score"] = messages
    if errors:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Des lignes ne sont pas valides : rien n'a été enregistré.",
            errors=errors,
        )


def _check_versions(rows: list[RowInput], existing: dict[int, Stored]) -> None:
    errors = {
        f"grades.{row.index}.version": [STALE_ROW]
        for row in rows
        if row.version != _version_of(existing.get(row.student_id))
    }
    if errors:
        raise Problem(
            HTTPStatus.PRECONDITION_FAILED,
            "La grille a changé depuis sa lecture : rien n'a été enregistré.",
            errors=errors,
        )


def _version_of(stored: Stored | None) -> int | None:
    return None if stored is None else stored.version


def _insert(
    assessment: Assessment,
    context: ChangeContext,
    rows: list[RowInput],
    now: datetime,
    outcome: GridSave,
) -> None:
    if not rows:
        return
    values = [
        {
            "assessment_id": assessment.id,
            "max_score": assessment.max_score,
            "student_id": row.student_id,
            "score": row.values.score,
            "status": row.values.status,
            "comment": row.values.comment,
        }
        for row in rows
    ]
    owner = GRADES.c.assessment_id == assessment.id
    ids = insert_new(NewRows(GRADES, owner, values, STALE_ROW), context, now)
    for row in rows:
        outcome.history.append(
            _history(context, ids[row.student_id], None, row.values, now)
        )
    outcome.created = len(rows)


def _update(
    context: ChangeContext,
    rows: list[RowInput],
    existing: dict[int, Stored],
    now: datetime,
    outcome: GridSave,
) -> None:
    stored = [existing[row.student_id] for row in rows]
    updates = [
        GradeUpdate(before.id, before.version, row.values)
        for row, before in zip(rows, stored, strict=True)
    ]
    if not update_grades(updates, context, now):
        raise Problem(HTTPStatus.PRECONDITION_FAILED, STALE_ROW)
    for row, before in zip(rows, stored, strict=True):
        outcome.history.append(
            _history(context, before.id, before.values, row.values, now)
        )
    outcome.updated = len(rows)


def _history(
    context: ChangeContext,
    grade_id: int,
    old: GradeValues | None,
    new: GradeValues,
    now: datetime,
) -> dict[str, Any]:
    before = None if old is None else old.as_history()
    change = Change(HistoryEntity.GRADE, grade_id, before, new.as_history())
    return change_row(context, change, now)
