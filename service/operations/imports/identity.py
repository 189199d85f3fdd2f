"""Find the students a Moodle or generic sheet names, among those in reach."""

from __future__ import annotations

import json
import unicodedata
from http import HTTPStatus
from typing import Any

from importers.records import CellError
from service.access.guard import Caller
from service.access.scope import reachable_students
from service.extensions import db
from service.models import Student
from service.operations.imports.rows import Place
from service.problems import Problem

UNKNOWN = "Étudiant introuvable dans vos classes : « {identifier} »."
AMBIGUOUS = "Plusieurs étudiants portent ce nom : « {identifier} » ; utilisez l'INE."


def name_key(text: str) -> str:
    """Compare names without case, accents or extra spaces."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


class Directory:
    """The caller's students, by id, INE, student number, email and name."""

    def __init__(self, caller: Caller) -> None:
        self._keys: dict[tuple[str, str], list[int]] = {}
        for student in db.session.scalars(reachable_students(caller)):
            self._add("carnet_id", str(student.id), student)
            self._add("id_number", student.student_number.casefold(), student)
            if student.ine:
                self._add("id_number", student.ine.casefold(), student)
                self._add("ine", student.ine.casefold(), student)
            if student.email:
                self._add("email", student.email.casefold(), student)
            name = name_key(f"{student.last_name} {student.first_name}")
            self._add("name", name, student)

    def _add(self, kind: str, key: str, student: Student) -> None:
        found = self._keys.setdefault((kind, key), [])
        if student.id not in found:
            found.append(student.id)

    def find(
        self,
        kind: str,
        identifier: str,
        where: Place,
        errors: list[CellError],
    ) -> int | None:
        """Return the student id, or None after adding an error at ``where``."""
        key = name_key(identifier) if kind == "name" else identifier.casefold()
        found = self._keys.get((kind, key), [])
        if len(found) == 1:
            return found[0]
        message = AMBIGUOUS if found else UNKNOWN
        errors.append(where.error(message.format(identifier=identifier)))
        return None


def json_field(text: str | None, field: str) -> Any:
    """Parse a JSON form field, or answer 422 naming it."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "Champ JSON invalide.",
            errors={field: ["JSON invalide."]},
        ) from None
