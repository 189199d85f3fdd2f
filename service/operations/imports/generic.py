"""A generic sheet through the column-mapping step, the mapping remembered per trainer.

Step 1 (no mapping sent, none remembered for these headers): 422 listing the
headers. Step 2: the mapping (identity kind and header, name headers, grade
header → assessment id) reads the sheet; it is then remembered for the
caller and the same headers.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from http import HTTPStatus
from typing import Any

from sqlalchemy import select

from importers.generic import preview_sheet, read_generic_sheet
from importers.headers import header_key
from importers.records import (
    CellError,
    ColumnMapping,
    GradeColumnMapping,
    IdentityKind,
    errors_tuple,
)
from importers.safety import ImportLimits
from service.access.guard import Caller
from service.access.scope import assessment_in_reach
from service.extensions import db
from service.models import Assessment, ImportBatch, ImportKind, ImportMapping, utc_now
from service.operations.imports.batches import Upload, add_batch, record_preview
from service.operations.imports.identity import Directory, json_field
from service.operations.imports.rows import (
    CellGrade,
    Place,
    check_cells,
    stored_grades,
)
from service.problems import Problem

KIND = ImportKind.GENERIC
BAD_MAPPING = (
    "Association de colonnes invalide : identity (carnet_id, ine, email ou name), "
    "identity_header, grades {en-tête: id d'évaluation}, last_name_header et "
    "first_name_header facultatifs."
)


def preview_generic(
    caller: Caller, upload: Upload, mapping_text: str | None, limits: ImportLimits
) -> ImportBatch:
    """Read a sheet through its (sent or remembered) mapping and record the preview."""
    sheet = preview_sheet(upload.data, upload.file_name, limits)
    if sheet.errors:
        return add_batch(upload, KIND, _only_errors(sheet.errors), [], 0)
    signature = _signature(sheet.headers)
    raw = json_field(mapping_text, "mapping") or _remembered(caller, signature)
    if raw is None:
        listed = ", ".join(f"« {h} »" for h in sheet.headers if h)
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            f"Associez les colonnes de ce fichier ({listed}) : champ mapping.",
            errors={"mapping": ["Association de colonnes requise."]},
        )
    assessments, mapping = _mapping(caller, raw)
    result = read_generic_sheet(upload.data, upload.file_name, mapping, limits)
    errors = list(result.errors)
    cells: list[CellGrade] = []
    if not errors:
        directory = Directory(caller)
        for row in result.rows:
            first = row.grades[0].cell if row.grades else f"A{row.row}"
            where = Place(sheet.sheet, first)
            student = directory.find(row.identity, row.identifier, where, errors)
            if student is not None:
                cells += [
                    CellGrade.of(
                        g.assessment_id,
                        student,
                        g.value,
                        Place(sheet.sheet, g.cell),
                        None,
                    )
                    for g in row.grades
                ]
        errors += check_cells(cells, assessments)
        cells = _current_versions(cells)
    _remember(caller, signature, list(sheet.headers), raw)
    return record_preview(upload, KIND, cells, errors_tuple(errors))


def _only_errors(errors: tuple[CellError, ...]) -> dict[str, object]:
    return {
        "new": 0,
        "changed": 0,
        "unchanged": 0,
        "errors": [
            {"sheet": e.sheet, "cell": e.cell, "message": e.message} for e in errors
        ],
        "first_rows": [],
        "stale_cells": [],
    }


def _signature(headers: tuple[str, ...]) -> str:
    normalized = [header_key(h) for h in headers if h]
    return hashlib.sha256(json.dumps(normalized).encode()).hexdigest()


def _remembered(caller: Caller, signature: str) -> dict[str, Any] | None:
    found = db.session.scalar(
        select(ImportMapping).where(
            ImportMapping.user_id == caller.user.id,
            ImportMapping.signature == signature,
        )
    )
    return None if found is None else found.mapping


def _remember(
    caller: Caller, signature: str, headers: list[str], raw: dict[str, Any]
) -> None:
    found = db.session.scalar(
        select(ImportMapping).where(
            ImportMapping.user_id == caller.user.id,
            ImportMapping.signature == signature,
        )
    )
    if found is None:
        found = ImportMapping(user_id=caller.user.id, signature=signature)
        db.session.add(found)
    found.headers = headers
    found.mapping = raw
    found.updated_at = utc_now()


def _mapping(caller: Caller, raw: Any) -> tuple[dict[int, Assessment], ColumnMapping]:
    try:
        identity = IdentityKind(raw["identity"])
        grades = {str(k): int(v) for k, v in dict(raw["grades"]).items()}
        identity_header = str(raw["identity_header"])
        last = raw.get("last_name_header")
        first = raw.get("first_name_header")
    except (KeyError, TypeError, ValueError, AttributeError):
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            BAD_MAPPING,
            errors={"mapping": [BAD_MAPPING]},
        ) from None
    if not grades or any(v < 1 for v in grades.values()):
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            BAD_MAPPING,
            errors={"mapping": [BAD_MAPPING]},
        )
    assessments = {
        a_id: assessment_in_reach(caller, a_id, write=True)
        for a_id in sorted(set(grades.values()))
    }
    columns = tuple(
        GradeColumnMapping(header, a_id, assessments[a_id].max_score)
        for header, a_id in grades.items()
    )
    mapping = ColumnMapping(
        identity,
        identity_header,
        columns,
        None if last is None else str(last),
        None if first is None else str(first),
    )
    return assessments, mapping


def _current_versions(cells: list[CellGrade]) -> list[CellGrade]:
    stored = stored_grades({c.assessment_id for c in cells})
    return [
        replace(
            c,
            seen=getattr(stored.get((c.student_id, c.assessment_id)), "version", None),
        )
        for c in cells
    ]
