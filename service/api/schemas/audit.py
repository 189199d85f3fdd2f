"""The audit trail as the API shows it."""

from __future__ import annotations

import marshmallow as ma

from service.api.schemas.fields import Text


class AuditEventSchema(ma.Schema):
    """One audited operation."""

    id = ma.fields.Integer()
    at = ma.fields.DateTime()
    actor_id = ma.fields.Integer(allow_none=True)
    action = ma.fields.String(metadata={"example": "grade.write"})
    target_kind = ma.fields.String(metadata={"example": "assessment"})
    target_id = ma.fields.Integer(allow_none=True)
    outcome = ma.fields.String(metadata={"example": "refused_locked"})
    detail = ma.fields.Dict(allow_none=True)


class AuditQuerySchema(ma.Schema):
    """Filters of the audit list."""

    action = Text(60)
    actor_id = ma.fields.Integer(validate=ma.validate.Range(1, 2**31 - 1))
