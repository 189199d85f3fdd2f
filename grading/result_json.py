"""A result as contract JSON data: exact numbers, averages rounded half up."""

from typing import Any

from grading.explanation import explanation_lines
from grading.numbers import json_coefficient, json_display, json_number
from grading.result import Block, Result, UnitResult


def result_to_json(result: Result) -> dict[str, Any]:
    """Return the contract's output object for a result, ready for `json.dumps`.

    Floats only carry values with at most two decimals (four for a non-decimal
    fraction), so their JSON text is the exact decimal.
    """
    average = result.average_display
    professional = result.professional_average_display
    return {
        "decision": result.decision.value,
        "average": None if average is None else json_display(average),
        "total_points": json_number(result.total_h),
        "divisor": json_coefficient(result.divisor),
        "optional_points": json_number(result.optional_h),
        "professional_average": None
        if professional is None
        else json_display(professional),
        "units": {code: _unit(unit) for code, unit in result.units.items()},
        "blocks": [_block(block) for block in result.blocks],
        "warnings": [notice.message for notice in result.warnings],
        "explanation": explanation_lines(result),
    }


def _unit(unit: UnitResult) -> dict[str, Any]:
    return {
        "grade": None if unit.grade_h is None else json_number(unit.grade_h),
        "coefficient": json_coefficient(unit.coefficient) or None,
        "points": None if unit.points_h is None else json_number(unit.points_h),
        "source": None if unit.source is None else unit.source.value,
        "status": None if unit.status is None else unit.status.value,
        "acquired": unit.acquired,
    }


def _block(block: Block) -> dict[str, Any]:
    return {
        "unit": block.unit,
        "grade": json_number(block.grade_h),
        "obtained_session": block.obtained_session,
        "valid_through_session": block.valid_through_session,
        "valid_until": None
        if block.valid_until is None
        else block.valid_until.isoformat(),
    }
