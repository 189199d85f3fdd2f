"""Every contract error: exit 2, one JSON object naming the field, nothing else."""

import json
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest

from grading import GradingError, decode_document, evaluate, parse_candidate
from tests.grading.contract_inputs import document


def _cli(text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grading", "evaluate", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )


ERRORS: list[tuple[str, dict[str, Any], str]] = [
    ("grade above 20", document({"U1": {"grade": 21}}), "units.U1.grade"),
    ("negative grade", document({"U1": {"grade": -1}}), "units.U1.grade"),
    ("three decimals", document({"U1": {"grade": 12.345}}), "units.U1.grade"),
    ("three decimals, string", document({"U1": {"grade": "12.345"}}), "units.U1.grade"),
    (
        "bad situation",
        document({"U4": {"situations": [12, 20.5]}}),
        "units.U4.situations[1]",
    ),
    ("not a number", document({"U1": {"grade": "douze"}}), "units.U1.grade"),
    ("huge exponent", document({"U1": {"grade": "1e999999999"}}), "units.U1.grade"),
    ("tiny exponent", document({"U1": {"grade": "1e-999999999"}}), "units.U1.grade"),
    ("boolean", document({"U1": {"grade": True}}), "units.U1.grade"),
    ("unknown unit", document({"U9": {"grade": 12}}), "units.U9"),
    (
        "unit given in two ways",
        document({"U4": {"grade": 12, "situations": [12, 13]}}),
        "units.U4",
    ),
    ("unit given in no way", document({"U4": {}}), "units.U4"),
    ("dispense of U4", document({"U4": {"status": "dispensed"}}), "units.U4.status"),
    ("dispense of U5", document({"U5": {"status": "dispensed"}}), "units.U5.status"),
    ("dispense of U6", document({"U6": {"status": "dispensed"}}), "units.U6.status"),
    ("unknown status", document({"U1": {"status": "ill"}}), "units.U1.status"),
    (
        "carried grade below 10",
        document(benefits=[{"unit": "U4", "grade": 9, "session_year": 2024}]),
        "benefits[0].grade",
    ),
    (
        "three control grades",
        document(control={"U1": 10, "U2": 10, "U3": 10}),
        "control",
    ),
    ("control on a professional unit", document(control={"U4": 12}), "control.U4"),
    (
        "calendar without jury date",
        document(session={"year": 2026}, policy={"validity": "calendar"}),
        "session.jury_date",
    ),
    ("missing session year", document(session={}), "session.year"),
    (
        "bad jury date",
        document(session={"year": 2026, "jury_date": "3/7/26"}),
        "session.jury_date",
    ),
    ("unknown rounding", document(policy={"rounding": "nearest"}), "policy.rounding"),
    ("unknown form", document(form="modulaire"), "form"),
    ("unknown key", document(colour="blue"), "colour"),
    ("unknown regulation", document(regulation="bts-xyz"), "regulation"),
    ("jury without reason", document(jury={"U1": {"grade": 12}}), "jury.U1.reason"),
    (
        "basic ISO date",
        document(session={"year": 2026, "jury_date": "20260703"}),
        "session.jury_date",
    ),
    (
        "ISO week date",
        document(session={"year": 2026, "jury_date": "2026-W27-5"}),
        "session.jury_date",
    ),
    (
        "benefit date with a time",
        document(
            {"U4": None},
            benefits=[
                {
                    "unit": "U4",
                    "grade": 13,
                    "session_year": 2021,
                    "obtained": "2021-07-06T10:00",
                }
            ],
        ),
        "benefits[0].obtained",
    ),
    ("year with decimals", document(session={"year": "2026.5"}), "session.year"),
    ("year not a number", document(session={"year": "deux mille"}), "session.year"),
    (
        "optional unit dispensed",
        document({"UF1": {"status": "dispensed"}}),
        "units.UF1.status",
    ),
    (
        "two optional units since 2025",
        document({"UF1": {"grade": 12}, "EE": {"grade": 12}}),
        "units.EE",
    ),
    (
        "control grade for an admitted candidate",
        document(control={"U1": 12}),
        "control.U1",
    ),
    (
        "calendar benefit obtained after the jury",
        document(
            {"U4": None},
            policy={"validity": "calendar"},
            benefits=[
                {
                    "unit": "U4",
                    "grade": 13,
                    "session_year": 2021,
                    "obtained": "2026-07-04",
                }
            ],
        ),
        "benefits[0].obtained",
    ),
    (
        "unknown part absence policy",
        document(policy={"u5_part_absence": "sometimes"}),
        "policy.u5_part_absence",
    ),
]

#: NaN and Infinity are no JSON, yet Python's decoder reads them: the field is named.
NON_FINITE = [
    ('"grade": 12', '"grade": NaN', "units.U1.grade"),
    ('"grade": 12', '"grade": -Infinity', "units.U1.grade"),
    ('"year": 2026', '"year": Infinity', "session.year"),
    ('"written": 10', '"written": NaN', "units.U5.parts.written"),
]


@pytest.mark.parametrize(("old", "new", "field"), NON_FINITE)
def test_nan_and_infinity_are_errors_naming_their_field(
    old: str, new: str, field: str
) -> None:
    text = json.dumps(document()).replace(old, new, 1)
    assert new in text
    completed = _cli(text)
    assert completed.returncode == 2
    assert json.loads(completed.stdout)["field"] == field


def test_years_may_be_decimal_strings_like_every_number() -> None:
    kept = {"unit": "U4", "grade": "13", "session_year": "2021"}
    data = document({"U4": None}, session={"year": "2026"}, benefits=[kept])
    result = evaluate(parse_candidate(data))
    assert result.candidate.session.year == 2026
    assert result.units["U4"].basis == result.candidate.benefits[0]
    assert result.candidate.benefits[0].session_year == 2021


@pytest.mark.parametrize(("name", "data", "field"), ERRORS, ids=[e[0] for e in ERRORS])
def test_bad_input_exits_2_with_a_json_error_naming_the_field(
    name: str, data: dict[str, Any], field: str
) -> None:
    completed = _cli(json.dumps(data))
    assert completed.returncode == 2, name
    assert completed.stderr == ""
    error = json.loads(completed.stdout)
    assert set(error) == {"error", "field"}
    assert error["field"] == field
    assert error["error"]


@pytest.mark.parametrize(
    "text",
    ["{", "", "[1, 2]", '{"units": NaN}', "12", "[" * 100_000, "9" * 5000],
)
def test_malformed_json_exits_2_with_a_json_error(text: str) -> None:
    completed = _cli(text)
    assert completed.returncode == 2
    assert completed.stderr == ""
    assert "error" in json.loads(completed.stdout)


def test_a_missing_file_exits_2_with_a_json_error() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "grading", "evaluate", "/nonexistent/case.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert json.loads(completed.stdout)["field"] is None


def test_numbers_may_be_decimal_strings() -> None:
    data = document({"U1": {"grade": "12"}, "U6": {"grade": "10.50"}})
    completed = _cli(json.dumps(data))
    assert completed.returncode == 0
    output = json.loads(completed.stdout)
    assert output["total_points"] == 236.5
    assert output["divisor"] == 21


def test_the_output_carries_every_key_of_the_contract() -> None:
    output = json.loads(_cli(json.dumps(document())).stdout)
    assert list(output) == [
        "decision",
        "average",
        "total_points",
        "divisor",
        "optional_points",
        "professional_average",
        "units",
        "blocks",
        "warnings",
        "explanation",
    ]
    assert output["explanation"][3] == "U4 = moyenne des situations 12 et 14 = 13"


def test_a_number_with_hidden_decimals_is_refused_not_rounded() -> None:
    text = json.dumps(document()).replace('"grade": 12', '"grade": 12.0000000000000001')
    assert "12.0000000000000001" in text
    completed = _cli(text)
    assert completed.returncode == 2
    assert json.loads(completed.stdout)["field"] == "units.U1.grade"
    with pytest.raises(GradingError):
        evaluate(parse_candidate(decode_document(text)))


CONTRACT_EXAMPLE = {
    "regulation": "bts-ndrc",
    "form": "globale",
    "session": {"year": 2026, "jury_date": "2026-07-03"},
    "policy": {"rounding": "ceil_half", "validity": "session"},
    "units": {
        "U1": {"grade": 12},
        "U2": {"status": "absent_force_majeure"},
        "U3": {"status": "dispensed"},
        "U4": {"situations": [12, 14]},
        "U5": {"parts": {"written": 10, "practical": 12}},
        "U6": {"grade": 10.5},
        "UF1": {"grade": 14},
    },
    "benefits": [
        {"unit": "U4", "grade": 13, "session_year": 2021, "obtained": "2021-07-06"}
    ],
    "control": {"U1": 12, "U3": 6},
}


def test_the_contract_example_input_is_refused_for_its_control_grades() -> None:
    # The contract (2026-12): a control grade for a candidate who is not
    # autorise_controle is an error; the example's U3 is dispensed, too.
    completed = _cli(json.dumps(CONTRACT_EXAMPLE))
    assert completed.returncode == 2
    assert json.loads(completed.stdout)["field"] == "control.U3"


def test_the_contract_example_without_control_grades_is_evaluated() -> None:
    example = {k: v for k, v in CONTRACT_EXAMPLE.items() if k != "control"}
    completed = _cli(json.dumps(example))
    assert completed.returncode == 0
    output = json.loads(completed.stdout)
    # 36 + 0 + 65 + 44 + 31.5 + 4 over 18: U3 dispensed, U2 counts 0, U4 retaken
    assert output["total_points"] == 180.5
    assert output["divisor"] == 18
    assert output["decision"] == "admis"
    assert output["optional_points"] == 4
    assert output["units"]["U4"]["source"] == "session"
    assert len(output["warnings"]) == 1  # the U4 benefit renounced (R5)


def test_null_optional_fields_count_as_absent() -> None:
    data = document(
        policy={"rounding": None, "ccf_weights": None},
        benefits=None,
        control=None,
        jury=None,
        form=None,
        category=None,
        regulation=None,
    )
    result = evaluate(parse_candidate(data))
    assert result.total_points == Decimal("236.5")
