"""Student records: the director enrols; trainers read their cohorts; a student, self.

Rules: a trainer reads the students of the cohorts they teach, a student their own
record only; anyone else's id answers 404, like a missing one. Only the director
writes.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from sqlalchemy import Select

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY, EVERYONE_SCOPED
from service.access.scope import reachable_students, student_in_reach
from service.api.pagination import SelectPage
from service.api.schemas.students import (
    StudentCreateSchema,
    StudentPatchSchema,
    StudentQueryArgsSchema,
    StudentSchema,
)
from service.extensions import db
from service.models import Student
from service.operations import erasure
from service.operations import students as enrolment

blp = Blueprint(
    "students", __name__, url_prefix="/api/v1/students", description="Étudiants"
)

RULES = {
    "students.list_students": EVERYONE_SCOPED,
    "students.create_student": DIRECTOR_ONLY,
    "students.get_student": EVERYONE_SCOPED,
    "students.update_student": DIRECTOR_ONLY,
    "students.erase_student": DIRECTOR_ONLY,
}


@blp.get("")
@blp.arguments(StudentQueryArgsSchema, location="query")
@blp.response(200, StudentSchema(many=True))
@blp.paginate(SelectPage)
def list_students(args: dict[str, Any]) -> Select[Student]:
    """List the students I reach, by name; filter by cohort, name or INE."""
    return enrolment.student_list(reachable_students(current_caller()), **args)


@blp.post("")
@blp.arguments(StudentCreateSchema)
@blp.response(201, StudentSchema)
@blp.alt_response(409, response="CONFLICT")
def create_student(data: dict[str, Any]) -> Student:
    """Enrol a student in a cohort (number unique; INE optional, unique)."""
    student = enrolment.create_student(enrolment.NewStudent(**data))
    db.session.commit()
    return student


@blp.get("/<int:student_id>")
@blp.response(200, StudentSchema)
@blp.alt_response(404, response="NOT_FOUND")
def get_student(student_id: int) -> Student:
    """Return one student record I reach."""
    return student_in_reach(current_caller(), student_id)


@blp.patch("/<int:student_id>")
@blp.arguments(StudentPatchSchema)
@blp.response(200, StudentSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def update_student(changes: dict[str, Any], student_id: int) -> Student:
    """Change a student's record: names, candidate file, employer, linked account."""
    student = student_in_reach(current_caller(), student_id)
    enrolment.update_student(student, changes)
    db.session.commit()
    return student


@blp.post("/<int:student_id>/erase")
@blp.response(200, StudentSchema)
@blp.alt_response(404, response="NOT_FOUND")
@blp.alt_response(409, response="CONFLICT")
def erase_student(student_id: int) -> Student:
    """Erase a student on request (RGPD): account closed, optional fields emptied,
    exam records kept with their legal basis."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    erasure.erase_student(student, caller.user.id)
    db.session.commit()
    return student
