"""Roster import (director): students created or updated in a cohort from xlsx or CSV.

A row matches a student of the cohort by the centre's student number, else INE,
else email, else name and birth date (« rapproché par le nom » in the preview;
such a row never replaces the student's e-mail: a different one is an error at
its cell, a blank one keeps it); unmatched rows create students (candidate
CFA habilité, forme globale, the file's student number or else ``I<batch>-<row>``
to edit afterwards). A row never deletes a student. A student number or INE that
already belongs to another student (of any cohort) is an error naming its cell.
"""

from __future__ import annotations

from datetime import date
from http import HTTPStatus
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from importers.records import CellError, Roster, RosterRow, errors_tuple
from importers.roster import LABELS, read_roster
from importers.safety import ImportLimits
from importers.tabular import a1
from service.access.guard import Caller
from service.access.rules import Ownership
from service.access.scope import not_found
from service.extensions import db
from service.models import (
    CandidateCategory,
    Cohort,
    ExamForm,
    ImportBatch,
    ImportKind,
    ImportState,
    Student,
    utc_now,
)
from service.operations.imports.batches import Upload, add_batch, payload_of
from service.operations.imports.identity import name_key
from service.problems import Problem

KIND = ImportKind.ROSTER
TAKEN = "{label} « {value} » déjà attribué à {who}."
#: How a row found its student, in the preview (``matched_by``).
BY_NAME = "name"
NAME_MATCH = "rapproché par le nom"
OTHER_EMAIL = (
    "Ligne rapprochée par le nom de {who}, dont le courriel est « {stored} » : "
    "le courriel « {given} » ne le remplace pas. Vérifiez qu'il s'agit bien de "
    "cet apprenti, puis corrigez le fichier ou sa fiche."
)
CHANGED_SINCE_PREVIEW = (
    "Un n° étudiant ou un INE du fichier a été attribué depuis l'aperçu : "
    "déposez le fichier de nouveau."
)


def preview_roster(
    caller: Caller, upload: Upload, cohort_id: int | None, limits: ImportLimits
) -> ImportBatch:
    """Read a roster and record which students it creates or updates (director)."""
    if caller.ownership is not Ownership.ALL:
        raise Problem(
            HTTPStatus.FORBIDDEN, "Seule la direction importe des listes d'étudiants."
        )
    if cohort_id is None:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Classe requise.",
            errors={"cohort_id": ["Requis."]},
        )
    if db.session.get(Cohort, cohort_id) is None:
        raise not_found("Classe")
    result = read_roster(upload.data, upload.file_name, limits)
    existing = _matcher(cohort_id)
    rows = [_row(row, cohort_id, existing) for row in result.rows]
    found = [*result.errors, *_taken(result, rows), *_emails(result, rows, existing)]
    errors = [
        {"sheet": e.sheet, "cell": e.cell, "message": e.message}
        for e in errors_tuple(found)
    ]
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    for row in rows:
        counts[row["state"]] += 1
    preview = counts | {"errors": errors, "first_rows": [], "stale_cells": []}
    preview["first_rows"] = [
        {"sheet": result.sheet, "cell": f"A{r['row']}", "state": r["state"]}
        | {k: r[k] for k in ("last_name", "first_name", "matched_by")}
        | {"student_id": r["student_id"] or 0}
        | ({"match": NAME_MATCH} if r["matched_by"] == BY_NAME else {})
        for r in rows[:20]
    ]
    return add_batch(upload, KIND, preview, rows, 0 if errors else len(rows))


def commit_roster(batch: ImportBatch) -> dict[str, int]:
    """Create or update the roster's students, all or nothing."""
    payload = payload_of(batch)
    if batch.state is not ImportState.PREVIEWED:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY
            if batch.state is ImportState.FAILED
            else HTTPStatus.CONFLICT,
            "Cet import ne peut pas être enregistré.",
        )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in payload.rows:
        values = _values(row)
        if row["student_id"] is None:
            placeholder = {"student_number": f"I{batch.id}-{row['row']}"}
            student = Student(
                cohort_id=row["cohort_id"],
                candidate_category=CandidateCategory.CFA_HABILITE,
                exam_form=ExamForm.GLOBALE,
                **(placeholder | values),
            )
            db.session.add(student)
            counts["created"] += 1
        elif row["state"] == "changed":
            stored = db.session.get(Student, row["student_id"])
            assert stored is not None
            for name, value in values.items():
                setattr(stored, name, value)
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    try:
        db.session.flush()
    except IntegrityError as error:  # taken since the preview
        raise Problem(HTTPStatus.CONFLICT, CHANGED_SINCE_PREVIEW) from error
    batch.state = ImportState.COMMITTED
    batch.finished_at = utc_now()
    return counts


class _Matcher:
    def __init__(self, students: list[Student]) -> None:
        self.students = {s.id: s for s in students}
        self.by_number = {s.student_number: s for s in students}
        self.by_ine = {s.ine.casefold(): s for s in students if s.ine}
        self.by_email = {s.email.casefold(): s for s in students if s.email}
        self.by_name: dict[str, list[Student]] = {}
        for s in students:
            key = name_key(f"{s.last_name} {s.first_name}")
            self.by_name.setdefault(key, []).append(s)

    def find(self, row: RosterRow) -> tuple[Student | None, str | None]:
        """The row's student and what matched it (a column name, or BY_NAME)."""
        if row.student_number and (found := self.by_number.get(row.student_number)):
            return found, "student_number"
        if row.ine and (found := self.by_ine.get(row.ine.casefold())):
            return found, "ine"
        if row.email and (found := self.by_email.get(row.email.casefold())):
            return found, "email"
        named = self.by_name.get(name_key(f"{row.last_name} {row.first_name}"), [])
        # Same name: the same student unless both birth dates are known and differ.
        same = [
            s
            for s in named
            if None in (s.birth_date, row.birth_date) or s.birth_date == row.birth_date
        ]
        return (same[0], BY_NAME) if len(same) == 1 else (None, None)


def _matcher(cohort_id: int) -> _Matcher:
    students = db.session.scalars(select(Student).where(Student.cohort_id == cohort_id))
    return _Matcher(list(students))


def _row(row: RosterRow, cohort_id: int, existing: _Matcher) -> dict[str, Any]:
    student, matched_by = existing.find(row)
    data: dict[str, Any] = {
        "row": row.row,
        "cohort_id": cohort_id,
        "student_id": None if student is None else student.id,
        "matched_by": matched_by,
        "last_name": row.last_name,
        "first_name": row.first_name,
        "birth_date": None if row.birth_date is None else row.birth_date.isoformat(),
        "ine": row.ine,
        "email": row.email,
        "employer": row.employer,
        "tutor_name": row.tutor,
        "student_number": row.student_number,
    }
    if student is not None and matched_by == BY_NAME and row.email is None:
        data["email"] = student.email  # a name alone never erases an e-mail
    if student is None:
        data["state"] = "new"
    else:
        same = all(
            getattr(student, name) == value for name, value in _values(data).items()
        )
        data["state"] = "unchanged" if same else "changed"
    return data


def _values(row: dict[str, Any]) -> dict[str, Any]:
    birth = row["birth_date"]
    return {
        "last_name": row["last_name"],
        "first_name": row["first_name"],
        "birth_date": None if birth is None else date.fromisoformat(birth),
        "ine": row["ine"],
        "email": row["email"],
        "employer": row["employer"],
        "tutor_name": row["tutor_name"],
    } | ({"student_number": number} if (number := row["student_number"]) else {})


def _emails(
    roster: Roster, rows: list[dict[str, Any]], existing: _Matcher
) -> list[CellError]:
    """Errors for rows matched by name alone whose e-mail is not the student's."""
    errors = []
    for row in rows:
        student = existing.students.get(row["student_id"])
        if row["matched_by"] != BY_NAME or student is None or not student.email:
            continue
        if row["email"].casefold() != student.email.casefold():
            message = OTHER_EMAIL.format(
                who=f"{student.first_name} {student.last_name}",
                stored=student.email,
                given=row["email"],
            )
            cell = a1(row["row"], roster.columns["email"])
            errors.append(CellError(roster.sheet, cell, message))
    return errors


def _taken(roster: Roster, rows: list[dict[str, Any]]) -> list[CellError]:
    """Errors for numbers and INEs that belong to another student."""
    errors = []
    for name, column in (
        ("student_number", Student.student_number),
        ("ine", Student.ine),
    ):
        wanted = {row[name]: row for row in rows if row[name]}
        holders = db.session.execute(
            select(column, Student.id, Student.first_name, Student.last_name).where(
                column.in_(list(wanted))
            )
        )
        for value, holder_id, first, last in holders:
            row = wanted[value]
            if row["student_id"] != holder_id:
                cell = a1(row["row"], roster.columns[name])
                message = TAKEN.format(
                    label=LABELS[name], value=value, who=f"{first} {last}"
                )
                errors.append(CellError(roster.sheet, cell, message))
    return errors
