"""Every explanation line and warning the engine can emit reads in French (issue 12).

The scenarios below walk every branch of `explanation` (each way a unit is given,
each decision, jury and contrôle lines, optional points, rounding) and every
`WarningCode`; the test fails if one is left out or if a line carries English.
"""

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from grading import (
    Decision,
    GradingError,
    Session,
    SessionRecord,
    WarningCode,
    decode_document,
    evaluate,
    expiring_benefits,
    load_regulation,
    parse_candidate,
)
from grading.messages import WARNINGS
from tests.grading.contract_inputs import document, run
from tests.grading.test_contract_errors import ERRORS

NINE_98 = {
    "U1": {"grade": 7},
    "U2": {"grade": 12},
    "U3": {"grade": 9},
    "U4": {"grade": 11},
    "U5": {"parts": {"written": 10, "practical": 11}},
    "U6": {"grade": 9.5},
}
KEPT = {"unit": "U4", "grade": 13, "session_year": 2021, "obtained": "2021-07-06"}
FM_PART = {"parts": {"written": 15, "practical": "absent_force_majeure"}}

#: Inputs that, together, reach every explanation branch and every warning kind.
SCENARIOS: list[dict[str, Any]] = [
    document(),  # grades, CCF mean, U5 parts, admis
    document({"U4": {"situations": [12.25, 13]}}),  # rounded up to the half point
    document(
        {"U4": {"situations": [10, 11]}},
        policy={"rounding": "exact", "ccf_weights": {"U4": [1, 2]}},
    ),  # weighted, a fraction that never ends (≈)
    document(NINE_98),  # autorise_controle
    document(NINE_98, control={"U1": 12, "U3": 8}),  # better and not better
    document({**NINE_98, "U2": {"grade": 0}, "U3": {"grade": 0}}),  # refuse
    document({"U2": {"status": "absent"}}),  # refuse_absent
    document({"U5": {"parts": {"written": 12, "practical": "absent"}}}),
    document({"U5": FM_PART}),  # part absence, whole unit
    document({"U5": FM_PART}, policy={"u5_part_absence": "part_only"}),
    document({"U3": {"status": "absent_force_majeure"}}),
    document({"U1": {"status": "dispensed"}, "UF1": {"grade": 14}}),
    document({"EE": {"grade": 8}}),  # no points above 10
    document({"UF1": {"status": "absent"}}),  # an absent optional unit
    document({"U6": None}),  # incomplet
    document({"U4": None}, benefits=[KEPT]),  # a kept grade
    document({"U4": {"grade": 9}}, benefits=[KEPT]),  # renounced
    document({"U4": None}, benefits=[{**KEPT, "session_year": 2020}]),  # expired
    document(
        {"U4": None},
        benefits=[{**KEPT, "session_year": 2020, "obtained": "2020-07-06"}],
        policy={"validity": "calendar"},
    ),  # expired by the calendar
    document(NINE_98, jury={"U6": {"grade": 10, "reason": "report de note erroné"}}),
]

#: English words that a French line never needs (unit codes and rule ids aside).
ENGLISH = {
    "above", "absent", "after", "allowed", "and", "average", "because", "before",
    "below", "better", "by", "changed", "control", "counts", "decision", "dispensed",
    "divisor", "entered", "expired", "expires", "from", "grade", "has", "is", "kept",
    "least", "mandatory", "mean", "must", "needs", "no", "not", "of", "optional",
    "part", "practical", "professional", "retaken", "rounded", "so", "than", "the",
    "this", "through", "until", "valid", "was", "whatever", "with", "without",
    "written",
}  # fmt: skip
_WORD = re.compile(r"[^\W\d_]+(?:_[^\W\d_]+)*")


def _english(line: str) -> set[str]:
    """Return the English words of a line; named settings (`u5_part_absence`) aside."""
    words = {w for w in _WORD.findall(line) if "_" not in w}
    return {w for w in words if w.lower() in ENGLISH}


def _outputs() -> list[tuple[Any, dict[str, Any]]]:
    return [run(data) for data in SCENARIOS]


def _ledger_warnings() -> list[str]:
    history = [SessionRecord(2024, date(2024, 7, 5), {"U1": Decimal(12)})]
    ndrc = load_regulation("bts-ndrc")
    notices = expiring_benefits(history, Session(2030, date(2030, 7, 1)), ndrc)
    return [notice.message for notice in notices]


def test_every_warning_kind_has_a_french_message() -> None:
    assert set(WARNINGS) == set(WarningCode)
    for code, text in WARNINGS.items():
        assert not _english(re.sub(r"\{\w+\}", "", text)), code
        assert re.search(r"\(R\d", text), code  # each cites its rule


def test_the_walk_reaches_every_decision_and_every_warning_kind() -> None:
    outputs = _outputs()
    decisions = {result.decision for result, _ in outputs}
    assert decisions == set(Decision)
    kinds = {notice.code for result, _ in outputs for notice in result.warnings}
    assert kinds | {WarningCode.BENEFIT_EXPIRES} == set(WarningCode)
    assert _ledger_warnings()  # BENEFIT_EXPIRES comes from the registration ledger


def test_every_explanation_line_and_warning_reads_in_french() -> None:
    lines = [_ledger_warnings()[0]]
    for _, output in _outputs():
        lines.extend(output["explanation"])
        lines.extend(output["warnings"])
    assert len(lines) > 200
    english = sorted({(line, word) for line in lines for word in _english(line)})
    assert english == []
    numbers = [re.sub(r"\(R[\d.]+[^)]*\)", "", line) for line in lines]
    decimal_points = [line for line in numbers if re.search(r"\d\.\d", line)]
    assert decimal_points == []  # « 12,5 », never « 12.5 »


@pytest.mark.parametrize(
    ("data", "line"),
    [
        (
            SCENARIOS[2],
            "U4 = (1 × 10 + 2 × 11) / 3 = ≈10,67",
        ),
        (
            SCENARIOS[3],
            "Moyenne = 209,5 / 21 = 9,98 (arrondie au centième le plus proche pour "
            "l'affichage ; la décision se prend sur le total exact) (R2)",
        ),
        (
            SCENARIOS[0],
            "Moyenne professionnelle = (65 + 44 + 31,5) / 12 = 11,71 (R3.5)",
        ),
    ],
)
def test_numbers_read_with_a_decimal_comma(data: dict[str, Any], line: str) -> None:
    _, output = run(data)
    assert line in output["explanation"]


#: The contract's own keys and values, which an error may name.
CONTRACT_WORDS = {"grade", "status", "absent", "dispensed"}


def test_every_contract_error_reads_in_french() -> None:
    messages = []
    for _, data, field in ERRORS:
        with pytest.raises(GradingError) as error:
            evaluate(parse_candidate(decode_document(json.dumps(data))))
        assert error.value.field == field
        messages.append(error.value.message)
    english = sorted({(m, w) for m in messages for w in _english(m) - CONTRACT_WORDS})
    assert english == []
