"""``POST /api/v1/simulations``: the evaluation contract, as the command line has it.

The body is decoded as the command line decodes its file (``decode_document``:
numbers as Decimal, NaN and Infinity refused), then the same engine functions run:
parse → evaluate → JSON. Nothing is read from or written to the database.
"""

from __future__ import annotations

from decimal import DecimalException
from http import HTTPStatus
from typing import Any

from flask import Response, jsonify, request
from flask_smorest import Blueprint

from grading import (
    GradingError,
    decode_document,
    evaluate,
    parse_candidate,
    result_to_json,
)
from service.access.rules import EVERYONE_SCOPED
from service.api.schemas.simulations import CONTRACT_INPUT, CONTRACT_OUTPUT
from service.problems import Problem

blp = Blueprint(
    "simulations", __name__, url_prefix="/api/v1", description="Simulations"
)

RULES = {"simulations.simulate": EVERYONE_SCOPED}

#: Where an error that names no field is reported.
WHOLE_BODY = "_schema"


@blp.post("/simulations")
@blp.doc(
    requestBody={
        "required": True,
        "content": {"application/json": {"schema": CONTRACT_INPUT}},
    },
    responses={
        "200": {
            "description": "Le résultat du moteur (evaluate-contract.md)",
            "content": {"application/json": {"schema": CONTRACT_OUTPUT}},
        }
    },
)
@blp.alt_response(422, "UNPROCESSABLE_ENTITY")
def simulate() -> Response:
    """Evaluate a candidate's figures: what the jury would decide (touches no data)."""
    try:
        result = evaluate(parse_candidate(_document()))
    except GradingError as error:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            error.message,
            errors={error.field or WHOLE_BODY: [error.message]},
        ) from error
    except DecimalException as error:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            "a number is out of range",
            errors={WHOLE_BODY: ["a number is out of range"]},
        ) from error
    return jsonify(result_to_json(result))


def _document() -> Any:
    """Decode the body as the command line decodes its input file."""
    try:
        return decode_document(request.get_data())
    except GradingError:
        raise
    except ValueError as error:
        # An integer of more than 4,300 digits: Python refuses to convert it.
        raise GradingError(f"malformed JSON: {error}") from error
