"""Spreadsheet exports: query arguments and the binary answer's documentation."""

from __future__ import annotations

from typing import Any

import marshmallow as ma

from service.api.schemas.fields import RowId

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class LivretQuerySchema(ma.Schema):
    """Which session's avis the livret shows (default: the cohort's own session)."""

    session_id = RowId(strict=False, load_default=None)


def xlsx_response(description: str) -> dict[str, Any]:
    """Document a 200 answer carrying an xlsx workbook (OpenAPI binary string)."""
    return {
        "200": {
            "description": description,
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    }
