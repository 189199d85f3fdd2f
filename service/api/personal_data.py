"""A student's personal data as one JSON document (RGPD right of access, T45).

The director gets everything; the student gets what R7 lets them see. Trainers
have no access: the request goes through the centre's direction.
"""

from __future__ import annotations

import re
from typing import Any

import marshmallow as ma
from flask_smorest import Blueprint

from service.access.guard import current_caller
from service.access.rules import Ownership, Rule
from service.access.scope import student_in_reach
from service.models import Role
from service.operations.data_export import student_data

blp = Blueprint(
    "personal_data",
    __name__,
    url_prefix="/api/v1",
    description="Données personnelles (droit d'accès)",
)

RULES = {
    "personal_data.get_personal_data": Rule(
        {Role.DIRECTOR: Ownership.ALL, Role.STUDENT: Ownership.OWN_RECORD}
    )
}


class PersonalDataSchema(ma.Schema):
    """Every row about the student, by table; each row with its columns."""

    generated_at = ma.fields.String()
    complete = ma.fields.Boolean(
        metadata={"description": "false: R7 applied (what the student may see)"}
    )
    tables = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.Dict()),
    )


@blp.get("/students/<int:student_id>/personal-data")
@blp.response(200, PersonalDataSchema)
@blp.alt_response(404, "NOT_FOUND")
def get_personal_data(student_id: int) -> Any:
    """Download everything Carnet holds about a student (JSON)."""
    caller = current_caller()
    student = student_in_reach(caller, student_id)
    data = student_data(student, everything=caller.ownership is Ownership.ALL)
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", student.student_number)
    name = f"carnet-donnees-{safe}.json"
    return data, 200, {"Content-Disposition": f'attachment; filename="{name}"'}
