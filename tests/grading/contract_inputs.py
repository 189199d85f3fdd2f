"""Contract inputs for the tests: a passing baseline and small edits of it."""

import copy
from typing import Any

from grading import Result, evaluate, parse_candidate, result_to_json

BASE: dict[str, Any] = {
    "session": {"year": 2026, "jury_date": "2026-07-03"},
    "units": {
        "U1": {"grade": 12},
        "U2": {"grade": 11},
        "U3": {"grade": 9},
        "U4": {"situations": [12, 14]},
        "U5": {"parts": {"written": 10, "practical": 12}},
        "U6": {"grade": 10.5},
    },
}


def document(units: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    """Return the baseline with units replaced (None removes) and top keys set."""
    data = copy.deepcopy(BASE)
    for code, entry in (units or {}).items():
        if entry is None:
            data["units"].pop(code, None)
        else:
            data["units"][code] = entry
    data.update(top)
    return data


def run(data: dict[str, Any]) -> tuple[Result, dict[str, Any]]:
    """Evaluate a contract input; return the result and its JSON output."""
    result = evaluate(parse_candidate(data))
    return result, result_to_json(result)
