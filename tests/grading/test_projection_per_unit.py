"""What each unit needs when the others keep their projected grade (R3.4).

The projection says « admis » from the formative averages, while the uniform need
over every unit not held says 10: the per-unit need reads with the projection.
"""

from decimal import Decimal
from fractions import Fraction

from grading import NeedStatus, Session, load_regulation, project
from grading.projection import needed_per_unit

NDRC = load_regulation("bts-ndrc")
SESSION = Session(2027)
#: Coefficients: U1–U3 3 each, U4 5, U5 4, U6 3 (21 in all: 210 points for 10).
FORMATIVE = {
    "U1": Fraction(29, 2),  # 14.5
    "U2": Fraction(68, 5),  # 13.6
    "U3": Fraction(151, 10),  # 15.1
    "U4": Fraction(93, 7),  # 13.29 once shown
    "U5": Fraction(14),
    "U6": Fraction(191, 14),  # 13.64 once shown
}


def test_an_admis_projection_needs_at_most_each_current_average() -> None:
    projection = project(NDRC, SESSION, {}, FORMATIVE)
    assert projection.result.decision.value == "admis"
    assert projection.need.grade == Decimal("10.00")  # the uniform bar: all to take
    needs = needed_per_unit(NDRC, projection.predictions)
    assert set(needs) == set(FORMATIVE)
    for code, need in needs.items():
        current = projection.predictions[code].grade
        assert current is not None
        assert need.status is NeedStatus.ALREADY_REACHED or (
            need.grade is not None and need.grade <= current
        )


def test_a_unit_needs_what_the_others_leave_short_of_210_points() -> None:
    # Others: 3×(10+10) + 5×10 + 4×10 + 3×10 = 180 points: U1 needs 30 / 3 = 10.
    formative = {code: Fraction(10) for code in ("U2", "U3", "U4", "U5", "U6")}
    formative["U1"] = Fraction(4)
    projection = project(NDRC, SESSION, {}, formative)
    assert projection.result.decision.value == "autorise_controle"  # 192 points
    needs = needed_per_unit(NDRC, projection.predictions)
    assert needs["U1"].grade == Decimal("10.00")
    assert needs["U1"].remaining == ("U1",)
    # U4 (coef 5): 210 − (3×4 + 3×10 + 3×10 + 4×10 + 3×10) = 68 ⇒ 68 / 5 = 13.6.
    assert needs["U4"].grade == Decimal("13.60")


def test_held_and_dispensed_units_need_nothing_and_no_data_stays_to_take() -> None:
    held = {"U4": Decimal("18")}
    formative = {"U2": Fraction(12), "U3": Fraction(12), "U5": Fraction(12)}
    formative["U6"] = Fraction(12)
    projection = project(NDRC, SESSION, held, formative, dispensed=["U1"])
    needs = needed_per_unit(NDRC, projection.predictions)
    assert set(needs) == {"U2", "U3", "U5", "U6"}
    # Divisor 18 ⇒ 180 points; U4 90 + 12 × (3 + 3 + 4) = 210 without U6.
    assert needs["U6"].status is NeedStatus.ALREADY_REACHED
