"""Projection for students: predicted grades, predicted result, what they still need."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from grading import (
    Basis,
    Candidate,
    Decision,
    Grade,
    GradingError,
    NeedStatus,
    Session,
    evaluate,
    load_regulation,
    project,
    still_needed,
)

NDRC = load_regulation("bts-ndrc")
SESSION = Session(2026, date(2026, 7, 3))


def _held(**grades: str) -> dict[str, Decimal]:
    return {code: Decimal(value) for code, value in grades.items()}


def test_the_lowest_uniform_grade_on_the_remaining_units_reaches_ten() -> None:
    held = _held(U1="12", U2="11", U3="9")
    need = still_needed(NDRC, held)
    assert need.status is NeedStatus.NEEDED
    assert need.grade == Decimal("9.5")  # (210 − 96) / 12
    assert need.remaining == ("U4", "U5", "U6")


@pytest.mark.parametrize(
    ("uniform", "decision"), [("9.84", "admis"), ("9.83", "refuse")]
)
def test_the_needed_grade_is_rounded_up_to_the_hundredth(
    uniform: str, decision: str
) -> None:
    held = _held(U1="11")
    assert still_needed(NDRC, held).grade == Decimal("9.84")  # 177 / 18 = 9.833…
    units = {"U1": Grade(Decimal(11))}
    units |= {code: Grade(Decimal(uniform)) for code in ("U2", "U3", "U4", "U5", "U6")}
    assert evaluate(Candidate(SESSION, units), NDRC).decision.value == decision


def test_a_student_above_the_bar_has_already_reached_it() -> None:
    held = _held(U1="20", U2="20", U3="20", U4="20", U5="3")
    need = still_needed(NDRC, held)
    assert need.status is NeedStatus.ALREADY_REACHED
    assert need.remaining == ("U6",)


def test_a_bar_above_twenty_is_out_of_reach() -> None:
    held = _held(U1="0", U2="0", U3="0", U4="0", U5="0")
    assert still_needed(NDRC, held).status is NeedStatus.OUT_OF_REACH


def test_a_dispensed_unit_leaves_the_bar_and_optional_points_lower_it() -> None:
    held = _held(U2="12")
    plain = still_needed(NDRC, held)
    dispensed = still_needed(NDRC, held, dispensed=["U1"])
    helped = still_needed(NDRC, held, dispensed=["U1"], optional=_held(UF1="16"))
    assert plain.grade == Decimal("9.67")  # (210 − 36) / 18 = 9.666…
    assert dispensed.grade == Decimal("9.6")  # (180 − 36) / 15
    assert helped.grade == Decimal("9.2")  # (180 − 36 − 6) / 15


def test_u4_cannot_be_dispensed_in_a_projection_either() -> None:
    with pytest.raises(GradingError) as error:
        still_needed(NDRC, {}, dispensed=["U4"])
    assert error.value.field == "dispensed.U4"


def test_a_unit_with_no_data_says_so_and_the_result_is_incomplete() -> None:
    formative = {code: Fraction(25, 2) for code in ("U1", "U2", "U3", "U4", "U5")}
    projection = project(NDRC, SESSION, _held(U4="14"), formative)
    assert projection.predictions["U6"].basis is Basis.NO_DATA
    assert projection.predictions["U6"].grade is None
    assert projection.predictions["U4"].basis is Basis.HELD
    assert projection.predictions["U4"].grade == 14
    assert projection.missing == ("U6",)
    assert projection.result.decision is Decision.INCOMPLET


def test_the_projection_goes_through_the_same_evaluation() -> None:
    formative = {
        "U1": Fraction(35, 3),  # 11.666… predicts 11.67
        "U2": Fraction(11),
        "U3": Fraction(9),
        "U5": Fraction(10),
        "U6": Fraction(21, 2),
    }
    projection = project(NDRC, SESSION, _held(U4="13"), formative)
    assert projection.predictions["U1"].grade == Decimal("11.67")
    assert projection.result.decision is Decision.ADMIS
    # 35.01 + 33 + 27 + 65 + 40 + 31.5
    assert projection.result.total_points == Decimal("231.51")
    assert projection.need.status is NeedStatus.NEEDED
    assert projection.need.grade == Decimal("9.07")  # (210 − 65) / 16 = 9.0625
