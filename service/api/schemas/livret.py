"""The livret's written parts: appreciations of trainers, the team's avis (R8)."""

from __future__ import annotations

import marshmallow as ma

from service.api.schemas.fields import RowId, Text
from service.operations.appreciations import APPRECIATION_LENGTH
from service.operations.livret_avis import AVIS_TEXT_LENGTH

AVIS_LENGTH = 60


class AppreciationSchema(ma.Schema):
    """A trainer's appreciation of a student in a subject, for a period or a year."""

    id = ma.fields.Integer(dump_only=True)
    student_id = ma.fields.Integer(dump_only=True)
    subject_id = RowId(required=True)
    period_id = RowId(
        load_default=None,
        allow_none=True,
        metadata={"description": "Une période (S1…S4), ou bien year_of_study"},
    )
    year_of_study = ma.fields.Integer(
        load_default=None,
        allow_none=True,
        strict=True,
        validate=ma.validate.OneOf((1, 2)),
        metadata={"description": "1 ou 2 : l'appréciation annuelle du livret"},
    )
    text = Text(APPRECIATION_LENGTH, required=True)
    author_id = ma.fields.Integer(dump_only=True)
    updated_at = ma.fields.AwareDateTime(dump_only=True)


class LivretAvisInputSchema(ma.Schema):
    """The avis of the teaching team, one of the configured choices (R8)."""

    avis = Text(AVIS_LENGTH, required=True)
    comment = Text(AVIS_TEXT_LENGTH, load_default=None, allow_none=True)
    engagement = Text(
        AVIS_TEXT_LENGTH,
        load_default=None,
        allow_none=True,
        metadata={"description": "Motivation et engagement (éléments complémentaires)"},
    )


class LivretAvisSchema(ma.Schema):
    """A student's livret avis for a session and whether the jury examined it."""

    id = ma.fields.Integer()
    session_id = ma.fields.Integer()
    student_id = ma.fields.Integer()
    avis = ma.fields.String()
    comment = ma.fields.String(allow_none=True)
    engagement = ma.fields.String(allow_none=True)
    author_id = ma.fields.Integer()
    updated_at = ma.fields.AwareDateTime()
    examined_at = ma.fields.AwareDateTime(allow_none=True)
