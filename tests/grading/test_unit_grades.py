"""Unit grades (R2): CCF situations, U5 parts, the rounding and ccf_weights policies."""

from decimal import Decimal
from fractions import Fraction

import pytest

from grading import (
    Benefit,
    Candidate,
    Grade,
    GradingError,
    Parts,
    Session,
    Situations,
    UnitEntry,
    evaluate,
)
from tests.grading.contract_inputs import document, run


@pytest.mark.parametrize(
    ("situations", "rounding", "grade"),
    [
        ([12, 14], "ceil_half", 13),
        ([12, 13], "ceil_half", Decimal("12.5")),
        ([12.25, 13], "ceil_half", 13),  # 12.625 rounds up to the next half point
        ([12.01, 12], "ceil_half", Decimal("12.5")),
        ([12.25, 13], "exact", Decimal("12.625")),
        ([9.99, 10], "ceil_half", 10),
        ([9.99, 10], "exact", Decimal("9.995")),
    ],
)
def test_a_ccf_unit_is_the_mean_of_its_situations(
    situations: list[float], rounding: str, grade: Decimal
) -> None:
    data = document({"U4": {"situations": situations}}, policy={"rounding": rounding})
    result, output = run(data)
    assert result.units["U4"].grade == grade
    assert Decimal(str(output["units"]["U4"]["grade"])) == grade


def test_an_entered_grade_is_never_rounded() -> None:
    result, _ = run(document({"U1": {"grade": "12.3"}, "U4": {"grade": "13.01"}}))
    assert result.units["U1"].grade == Decimal("12.3")
    assert result.units["U4"].grade == Decimal("13.01")


def test_rounding_up_to_the_half_point_decides_the_bloc() -> None:
    ceil, _ = run(document({"U4": {"situations": [9.99, 10]}}))
    exact, _ = run(
        document({"U4": {"situations": [9.99, 10]}}, policy={"rounding": "exact"})
    )
    assert "U4" in ceil.acquired
    assert "U4" not in exact.acquired


def test_ccf_weights_weigh_the_situations() -> None:
    data = document(
        {"U4": {"situations": [10, 11]}},
        policy={"rounding": "exact", "ccf_weights": {"U4": [1, 3]}},
    )
    result, output = run(data)
    assert result.units["U4"].grade == Decimal("10.75")
    assert "U4 = (1 × 10 + 3 × 11) / 4 = 10,75" in output["explanation"]


def test_unequal_weights_keep_an_exact_fraction_under_the_exact_policy() -> None:
    data = document(
        {"U4": {"situations": [10, 11]}, "U6": {"situations": [10, 11]}},
        policy={"rounding": "exact", "ccf_weights": {"U4": [2, 1], "U6": [2, 1]}},
    )
    result, output = run(data)
    assert result.units["U4"].grade == Fraction(31, 3)
    assert result.total_points == 36 + 33 + 27 + Fraction(155, 3) + 44 + 31
    assert output["units"]["U4"]["grade"] == 10.3333


def test_u5_is_the_weighted_mean_of_its_parts_and_compensates() -> None:
    result, output = run(document({"U5": {"parts": {"written": 7, "practical": 14}}}))
    assert result.units["U5"].grade == Decimal("10.5")
    assert "U5" in result.acquired
    assert "U5 = (2 × écrit 7 + 2 × pratique 14) / 4 = 10,5" in output["explanation"]


def test_u5_parts_are_rounded_up_to_the_half_point() -> None:
    result, output = run(
        document({"U5": {"parts": {"written": "7.25", "practical": 14}}})
    )
    assert result.units["U5"].grade == 11
    assert (
        "U5 = (2 × écrit 7,25 + 2 × pratique 14) / 4 = 10,625, arrondi au "
        "demi-point supérieur : 11 (R2)"
    ) in output["explanation"]


def test_the_official_grid_grade_overrides_the_situations() -> None:
    result, _ = run(document({"U4": {"grade": 15}}))
    assert result.units["U4"].grade == 15


@pytest.mark.parametrize(
    ("units", "extra", "field"),
    [
        ({"U4": {"situations": [12]}}, {}, "units.U4.situations"),
        ({"U4": {"situations": [12, 13, 14]}}, {}, "units.U4.situations"),
        ({"U1": {"situations": [12, 13]}}, {}, "units.U1.situations"),
        (
            {"U4": {"situations": [12, 13]}},
            {"category": "non_habilite"},
            "units.U4.situations",
        ),
        ({"U4": {"parts": {"written": 10, "practical": 10}}}, {}, "units.U4.parts"),
        ({"U5": {"parts": {"written": 10}}}, {}, "units.U5.parts.practical"),
        (
            {"U5": {"parts": {"written": 10, "practical": 10, "oral": 3}}},
            {},
            "units.U5.parts.oral",
        ),
        ({}, {"policy": {"ccf_weights": {"U4": [1]}}}, "policy.ccf_weights.U4"),
        ({}, {"policy": {"ccf_weights": {"U4": [1, 0]}}}, "policy.ccf_weights.U4[1]"),
        ({}, {"category": "martian"}, "category"),
        ({}, {"policy": {"ccf_weights": {"U1": [1, 1]}}}, "policy.ccf_weights.U1"),
    ],
)
def test_a_unit_given_in_the_wrong_form_names_the_field(
    units: dict[str, object], extra: dict[str, object], field: str
) -> None:
    with pytest.raises(GradingError) as error:
        run(document(units, **extra))
    assert error.value.field == field


def test_a_ponctual_oral_candidate_gives_u4_as_one_grade() -> None:
    result, _ = run(
        document({"U4": {"grade": 13}, "U6": {"grade": 12}}, category="experience")
    )
    assert result.units["U4"].grade == 13


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity"])
@pytest.mark.parametrize("where", ["grade", "situation", "part", "benefit"])
def test_a_grade_that_is_not_a_number_is_refused_by_the_library(
    value: str, where: str
) -> None:
    bad = Decimal(value)
    units: dict[str, UnitEntry] = {
        "U1": Grade(Decimal(12)),
        "U4": Situations((Decimal(12), Decimal(13))),
        "U5": Parts({"written": Decimal(10), "practical": Decimal(10)}),
    }
    benefits: tuple[Benefit, ...] = ()
    if where == "grade":
        units["U1"] = Grade(bad)
    elif where == "situation":
        units["U4"] = Situations((Decimal(12), bad))
    elif where == "part":
        units["U5"] = Parts({"written": bad, "practical": Decimal(10)})
    else:
        benefits = (Benefit("U6", bad, 2024),)
    with pytest.raises(GradingError):
        evaluate(Candidate(Session(2026), units, benefits=benefits))
