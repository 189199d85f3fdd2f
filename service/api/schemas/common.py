"""Helpers shared by the grade-related schemas: row ids, errors named by path."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

MAX_ID = 2**31 - 1


def row_id(**kwargs: Any) -> ma.fields.Integer:
    """An integer naming a row (1 … 2³¹ − 1)."""
    return ma.fields.Integer(validate=ma.validate.Range(1, MAX_ID), **kwargs)


def flatten(messages: Any, prefix: str = "") -> dict[str, Any]:
    """Turn nested marshmallow messages into ``{"grades.3.score": [...]}``."""
    if not isinstance(messages, dict):
        return {prefix: messages}
    flat: dict[str, Any] = {}
    for key, value in messages.items():
        name = f"{prefix}.{key}" if prefix else str(key)
        flat |= flatten(value, name) if isinstance(value, dict) else {name: value}
    return flat


class FlatErrorsSchema(ma.Schema):
    """A schema whose errors name nested fields by path: ``grades.3.score``."""

    def handle_error(
        self, error: ma.ValidationError, data: Any, *, many: bool, **kwargs: Any
    ) -> None:
        """Re-raise the errors with one key per nested field."""
        raise ma.ValidationError(flatten(error.messages)) from error
