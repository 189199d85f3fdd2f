"""``POST /api/v1/simulations``: the evaluation contract, as the command line has it.

The body is decoded as the command line decodes its file (``decode_document``:
numbers as Decimal, NaN and Infinity refused), then the same engine functions run:
parse → evaluate → JSON. Nothing is read from or written to the database.
"""

from __future__ import annotations

from decimal import DecimalException
from http import HTTPStatus

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
OUT_OF_RANGE = "Un nombre est hors des limites que le moteur calcule."


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
        result = evaluate(parse_candidate(decode_document(request.get_data())))
    except GradingError as error:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            error.message,
            errors={error.field or WHOLE_BODY: [error.message]},
        ) from error
    except DecimalException as error:
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            OUT_OF_RANGE,
            errors={WHOLE_BODY: [OUT_OF_RANGE]},
        ) from error
    return jsonify(result_to_json(result))
