"""Exact points for the API: at most two decimals, never rounded, never a float."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import marshmallow as ma

CENT = Decimal("0.01")


def _json_number(value: Decimal) -> int | float:
    """A bound as the OpenAPI document writes it (a JSON number)."""
    return int(value) if value == value.to_integral_value() else float(value)


class Points(ma.fields.Decimal):
    """A score, maximum or grade: a JSON number or a string such as ``"12.5"``.

    Answers always carry a string with two decimals (``"12.50"``). ``"12.345"`` is
    refused, never rounded; ``"12,5"`` is refused on the API.
    """

    def __init__(
        self,
        *,
        minimum: Decimal = Decimal(0),
        maximum: Decimal | None = None,
        **kwargs: Any,
    ) -> None:
        self.minimum = minimum
        self.maximum = maximum
        bounds: dict[str, Any] = {"minimum": _json_number(minimum)}
        if maximum is not None:
            bounds["maximum"] = _json_number(maximum)
        metadata = {
            "type": ["string", "number"],
            "example": "12.50",
            "description": "Deux décimales au plus ; réponses : chaîne « 12.50 »",
        } | bounds
        super().__init__(as_string=True, allow_nan=False, metadata=metadata, **kwargs)

    def _validated(self, value: Any) -> Decimal:
        if isinstance(value, str) and "," in value:
            raise ma.ValidationError(
                "Utilisez le point décimal : « 12.5 » et non « 12,5 »."
            )
        number = super()._validated(value)
        scaled = number.scaleb(2)
        if scaled != scaled.to_integral_value():
            raise ma.ValidationError("Deux décimales au plus : rien n'est arrondi.")
        if number < self.minimum or (
            self.maximum is not None and number > self.maximum
        ):
            upper = "" if self.maximum is None else f" et au plus {self.maximum}"
            raise ma.ValidationError(f"Doit valoir au moins {self.minimum}{upper}.")
        return number

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        if value is None:
            return None
        return str(Decimal(value).quantize(CENT))
