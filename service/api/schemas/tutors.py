"""HTTP shapes of tutor links: which company tutor follows which apprentice."""

from __future__ import annotations

import marshmallow as ma

from service.api.schemas.fields import RowId


class TutorLinkSchema(ma.Schema):
    """A company tutor (a ``tutor`` account) follows one apprentice's record."""

    id = ma.fields.Integer(dump_only=True)
    tutor_id = RowId(required=True)
    student_id = RowId(required=True)
    tutor_name = ma.fields.String(dump_only=True, attribute="tutor.display_name")
    student_name = ma.fields.String(dump_only=True, attribute="student.full_name")


class TutorLinkQueryArgsSchema(ma.Schema):
    """Filters of the tutor link list."""

    tutor_id = RowId(strict=False)
    student_id = RowId(strict=False)
