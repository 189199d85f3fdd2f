"""Regulations over time (R9): a version per session, its texts, decimal coefs."""

import copy
import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from grading import (
    Candidate,
    Grade,
    GradingError,
    Parts,
    RegulationError,
    Session,
    Situations,
    evaluate,
    explanation_lines,
    load_regulation,
    regulation_from_mapping,
    regulation_versions,
    result_to_json,
)
from tests.grading.contract_inputs import document, run

SHIPPED = Path(__file__).resolve().parents[2] / "grading" / "regulations"
DEMO = Path(__file__).resolve().parent / "regulations" / "bts-demo.json"
BOTH_OPTIONS = {"UF1": {"grade": 14}, "EE": {"grade": 12}}


def _demo() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO.read_text(encoding="utf-8"))
    return data


def test_two_versions_of_ndrc_side_by_side() -> None:
    assert regulation_versions("bts-ndrc") == (2020, 2025)
    before = load_regulation("bts-ndrc", 2024)
    after = load_regulation("bts-ndrc", 2025)
    assert (before.effective_from, after.effective_from) == (2020, 2025)
    assert load_regulation("bts-ndrc") is after  # no year: the latest
    assert load_regulation("bts-ndrc", 2031) is after
    # Décret 2024-788: one optional unit chosen (was one or two).
    assert (before.max_optional_units, after.max_optional_units) == (2, 1)
    assert any("2024-788" in text for text in after.texts)
    assert any("9 mai 2025" in text for text in after.texts)
    # The units and coefficients (R1) are the same in both.
    assert before.units == after.units
    assert after.control_description is not None
    assert "20 min" in after.control_description


def test_a_session_is_evaluated_under_the_version_in_force_for_its_year() -> None:
    old = document(BOTH_OPTIONS, session={"year": 2024, "jury_date": "2024-07-03"})
    result, _ = run(old)
    assert result.regulation.effective_from == 2020
    assert result.optional_points == 6  # 4 + 2 above 10: two options allowed then
    with pytest.raises(GradingError) as error:
        run(document(BOTH_OPTIONS))  # session 2026
    assert error.value.field == "units.EE"


def test_a_session_before_the_first_version_names_the_session_year() -> None:
    with pytest.raises(RegulationError) as error:
        load_regulation("bts-ndrc", 2019)
    assert error.value.field == "session.year"


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.json")), ids=lambda p: p.name)
def test_every_shipped_file_is_named_after_its_id_and_first_session(
    path: Path,
) -> None:
    regulation = regulation_from_mapping(json.loads(path.read_text(encoding="utf-8")))
    assert path.name == f"{regulation.id}.{regulation.effective_from}.json"
    assert regulation.texts
    assert len(regulation.mandatory_units) <= 9
    assert len(regulation.optional_units) <= 2


def test_decimal_coefficients_are_exact() -> None:
    # BTS MCO (2024) weighs its two LV1 épreuves 1.5 each: files accept decimals.
    data = _demo()
    data["units"]["G1"]["coefficient"] = 1.5
    data["units"]["G1"]["ects"] = 9
    demo = regulation_from_mapping(data)
    assert demo.units["G1"].coefficient == Fraction(3, 2)
    assert demo.units["G1"].ects == 9
    candidate = Candidate(
        Session(2026),
        {
            "G1": Grade(Decimal(11)),
            "P1": Situations((Decimal(10), Decimal(10), Decimal(10))),
            "P2": Parts({"oral": Decimal(10), "written": Decimal(10)}),
        },
        regulation="bts-demo",
    )
    result = evaluate(candidate, demo)
    assert result.divisor == Fraction(11, 2)  # 1.5 + 3 + 1
    assert result.total_points == Fraction(113, 2)  # 16.5 + 30 + 10
    output = result_to_json(result)
    assert output["divisor"] == 5.5
    assert output["units"]["G1"]["coefficient"] == 1.5
    assert output["average"] == 10.27  # 56.5 / 5.5
    assert "G1 : 11 × 1,5 = 16,5 points" in explanation_lines(result)


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d["units"]["G1"].update(coefficient=1.555), "units.G1.coefficient"),
        (lambda d: d["units"]["G1"].update(coefficient="1.5"), "units.G1.coefficient"),
        (lambda d: d["units"]["G1"].update(ects=-1), "units.G1.ects"),
        (
            lambda d: d["units"].update(
                {
                    f"X{i}": {"title": "x", "kind": "general", "coefficient": 1}
                    for i in range(7)
                }
            ),
            "units",
        ),  # ten mandatory units (D643-15: at most nine)
        (
            lambda d: d["units"].update(
                {f"O{i}": {"title": "x", "kind": "optional"} for i in (2, 3)}
            ),
            "units",
        ),  # three optional units (at most two)
        (lambda d: d.pop("effective_from"), "effective_from"),
        (lambda d: d.update(effective_from=2021), "effective_from"),  # < first_session
        (lambda d: d.update(texts=[]), "texts"),
        (lambda d: d.update(max_optional_units=3), "max_optional_units"),
    ],
)
def test_a_faulty_version_names_the_key(edit: Any, field: str) -> None:
    data = copy.deepcopy(_demo())
    edit(data)
    with pytest.raises(RegulationError) as error:
        regulation_from_mapping(data)
    assert error.value.field == field
