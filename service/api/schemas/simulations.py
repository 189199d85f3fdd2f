"""The evaluation contract (evaluate-contract.md) as OpenAPI 3.1 JSON Schema.

The engine itself validates the body (``grading.parse_candidate``); this schema only
documents it, and stays looser than the engine wherever the engine decides.
"""

from __future__ import annotations

from typing import Any

#: A grade: a JSON number or a decimal string ("12.5").
NUMBER: dict[str, Any] = {"type": ["number", "string"], "example": 12}
DATE: dict[str, Any] = {"type": ["string", "null"], "format": "date"}
STATUSES = ["absent", "absent_force_majeure", "dispensed"]

UNIT_INPUT: dict[str, Any] = {
    "type": "object",
    "description": "Exactement une forme : grade, situations, parts ou status",
    "properties": {
        "grade": NUMBER,
        "situations": {"type": "array", "items": NUMBER},
        "parts": {"type": "object", "additionalProperties": NUMBER},
        "status": {"type": "string", "enum": STATUSES},
    },
    "additionalProperties": False,
}

CONTRACT_INPUT: dict[str, Any] = {
    "type": "object",
    "required": ["session", "units"],
    "additionalProperties": False,
    "properties": {
        "regulation": {"type": "string", "example": "bts-ndrc"},
        "form": {"type": "string", "enum": ["globale", "progressive"]},
        "category": {"type": ["string", "null"]},
        "session": {
            "type": "object",
            "required": ["year"],
            "additionalProperties": False,
            "properties": {
                "year": {
                    "type": "integer",
                    "minimum": 1900,
                    "maximum": 9999,
                    "example": 2026,
                },
                "jury_date": DATE,
            },
        },
        "policy": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "rounding": {"type": "string", "enum": ["ceil_half", "exact"]},
                "validity": {"type": "string", "enum": ["session", "calendar"]},
                "ccf_weights": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": NUMBER},
                },
            },
        },
        "units": {
            "type": "object",
            "additionalProperties": UNIT_INPUT,
            "example": {"U1": {"grade": 12}, "U4": {"situations": [12, 14]}},
        },
        "benefits": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["unit", "grade", "session_year"],
                "additionalProperties": False,
                "properties": {
                    "unit": {"type": "string"},
                    "grade": NUMBER,
                    "session_year": {"type": "integer"},
                    "obtained": DATE,
                },
            },
        },
        "control": {"type": "object", "additionalProperties": NUMBER},
        "jury": {
            "type": "object",
            "description": "Notes changées par le jury, avec leur motif (R3.8)",
            "additionalProperties": {
                "type": "object",
                "required": ["grade", "reason"],
                "additionalProperties": False,
                "properties": {"grade": NUMBER, "reason": {"type": "string"}},
            },
        },
    },
}

NULLABLE_NUMBER: dict[str, Any] = {"type": ["number", "null"]}

CONTRACT_OUTPUT: dict[str, Any] = {
    "type": "object",
    "required": ["decision", "units", "blocks", "warnings", "explanation"],
    "properties": {
        "decision": {
            "type": "string",
            "enum": [
                "admis",
                "autorise_controle",
                "admis_apres_controle",
                "refuse",
                "refuse_absent",
                "incomplet",
            ],
        },
        "average": NULLABLE_NUMBER,
        "total_points": {"type": "number"},
        "divisor": {"type": "integer"},
        "optional_points": {"type": "number"},
        "professional_average": NULLABLE_NUMBER,
        "units": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": {
                    "grade": NULLABLE_NUMBER,
                    "coefficient": {"type": ["integer", "null"]},
                    "points": NULLABLE_NUMBER,
                    "source": {"type": ["string", "null"]},
                    "status": {"type": ["string", "null"]},
                    "acquired": {"type": "boolean"},
                },
            },
        },
        "blocks": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "unit": {"type": "string"},
                    "grade": {"type": "number"},
                    "obtained_session": {"type": "integer"},
                    "valid_through_session": {"type": "integer"},
                    "valid_until": DATE,
                },
            },
        },
        "warnings": {"type": "array", "items": {"type": "string"}},
        "explanation": {"type": "array", "items": {"type": "string"}},
    },
}
