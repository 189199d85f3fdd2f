"""Fields shared by the API schemas: trimmed texts, passwords, row ids."""

from __future__ import annotations

import re
from typing import Any

import marshmallow as ma

from service import passwords

#: C0 controls and DEL (T25): they break exports and logs.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class Text(ma.fields.String):
    """A single-line text: surrounding spaces removed, no control characters."""

    def __init__(
        self,
        max_length: int,
        *,
        min_length: int = 1,
        validate: ma.validate.Validator | None = None,
        **kwargs: Any,
    ) -> None:
        length = ma.validate.Length(min_length, max_length)
        super().__init__(
            validate=[length] if validate is None else [length, validate], **kwargs
        )

    def _deserialize(
        self, value: Any, attr: str | None, data: Any, **kwargs: Any
    ) -> str:
        text = str(super()._deserialize(value, attr, data, **kwargs)).strip()
        if CONTROL_CHARACTERS.search(text):
            raise ma.ValidationError("Caractères de contrôle interdits.")
        return text


class Password(ma.fields.String):
    """A password: at least 12 characters, no composition rule (T13)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            load_only=True,
            validate=ma.validate.Length(
                passwords.MIN_LENGTH,
                passwords.MAX_LENGTH,
                error="Entre {min} et {max} caractères.",
            ),
            **kwargs,
        )


#: Ids are 32-bit integers on PostgreSQL: a larger number is a bad value, not a 500.
MAX_ROW_ID = 2**31 - 1


class RowId(ma.fields.Integer):
    """The id of a row given in a body or a query (a JSON integer, 1 or more)."""

    def __init__(self, *, strict: bool = True, **kwargs: Any) -> None:
        # Query strings carry text: they use strict=False.
        super().__init__(
            strict=strict, validate=ma.validate.Range(1, MAX_ROW_ID), **kwargs
        )
