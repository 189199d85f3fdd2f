"""The gradebook sheet through the service: export with versions, read back in scope."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from importers.gradebook_sheet import read_gradebook_sheet, write_gradebook_sheet
from importers.records import (
    GradebookSheet,
    GradeCode,
    GradeValue,
    KnownStudent,
    SheetAssessment,
    SheetGrade,
    SheetStudent,
    errors_tuple,
)
from importers.safety import ImportLimits
from service.access.guard import Caller
from service.access.scope import assessment_in_reach, reachable_students
from service.extensions import db
from service.models import Assessment, Grade, ImportBatch, ImportKind, Student, utc_now
from service.operations.imports.batches import Upload, record_preview
from service.operations.imports.rows import CellGrade, Place, check_cells

KIND = ImportKind.GRADEBOOK


def export_sheet(title: str, assessments: Sequence[Assessment]) -> bytes:
    """Write the gradebook sheet of assessments of one cohort, with current grades."""
    return write_gradebook_sheet(sheet_of(title, assessments, utc_now()))


def sheet_of(
    title: str, assessments: Sequence[Assessment], now: datetime
) -> GradebookSheet:
    """Gather the students, grades and versions of a gradebook sheet."""
    cohort_ids = {a.cohort_id for a in assessments}
    students = db.session.scalars(
        select(Student)
        .where(Student.cohort_id.in_(cohort_ids))
        .order_by(Student.last_name, Student.first_name, Student.id)
    )
    grades = db.session.scalars(
        select(Grade).where(Grade.assessment_id.in_([a.id for a in assessments]))
    )
    return GradebookSheet(
        title=title,
        assessments=tuple(
            SheetAssessment(a.id, a.title, a.max_score) for a in assessments
        ),
        students=tuple(
            SheetStudent(s.id, s.ine, s.last_name, s.first_name) for s in students
        ),
        grades=tuple(
            SheetGrade(g.student_id, g.assessment_id, _value(g), g.version)
            for g in grades
        ),
        exported_at=now,
    )


def preview_gradebook(
    caller: Caller, upload: Upload, limits: ImportLimits
) -> ImportBatch:
    """Read a gradebook sheet, check it against the database and record its preview."""
    known = [
        KnownStudent(row.id, row.ine)
        for row in db.session.execute(
            reachable_students(caller).with_only_columns(Student.id, Student.ine)
        )
    ]
    result = read_gradebook_sheet(upload.data, upload.file_name, known, limits)
    errors = list(result.errors)
    cells: list[CellGrade] = []
    if result.stamp is not None and not errors:
        assessments = {
            a.id: assessment_in_reach(caller, a.id, write=True)
            for a in result.stamp.assessments
        }
        versions = result.stamp.version_map()
        cells = [
            CellGrade.of(
                g.assessment_id,
                g.student_id,
                g.value,
                Place(g.sheet, g.cell),
                versions.get((g.student_id, g.assessment_id)),
            )
            for g in result.grades
        ]
        errors += check_cells(cells, assessments)
    return record_preview(upload, KIND, cells, errors_tuple(errors))


def _value(grade: Grade) -> GradeValue:
    if grade.status is not None:
        return GradeCode(grade.status.value)
    assert grade.score is not None
    return grade.score
