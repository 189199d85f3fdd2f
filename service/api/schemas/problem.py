"""The problem+json document, for the OpenAPI description of every error."""

from __future__ import annotations

import marshmallow as ma


class ProblemSchema(ma.Schema):
    """The problem document, for the OpenAPI description of every error response."""

    type = ma.fields.String(metadata={"description": "URI naming the kind of problem"})
    title = ma.fields.String(metadata={"description": "Short summary (HTTP phrase)"})
    status = ma.fields.Integer(metadata={"description": "HTTP status code"})
    detail = ma.fields.String(metadata={"description": "What went wrong, for people"})
    errors = ma.fields.Dict(
        metadata={"description": "Messages by field, for 422 answers"},
    )
