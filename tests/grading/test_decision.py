"""The decision (R3): exact totals, absences, optional points, the contrôle."""

from decimal import Decimal
from fractions import Fraction

import pytest

from grading import Decision, GradingError, Source, WarningCode, explain
from tests.grading.contract_inputs import document, run

# 209.5 points over 21: 9.976… shows as 9.98 and is not a pass (R2, R3.4)
NINE_98 = {
    "U1": {"grade": 7},
    "U2": {"grade": 12},
    "U3": {"grade": 9},
    "U4": {"grade": 11},
    "U5": {"parts": {"written": 10, "practical": 11}},
    "U6": {"grade": 9.5},
}


def test_admission_compares_the_exact_total_never_the_rounded_average() -> None:
    result, output = run(document(NINE_98))
    assert result.total_points == Fraction(419, 2)
    assert output["average"] == 9.98
    assert result.average == Fraction(419, 42)
    assert result.decision is Decision.AUTORISE_CONTROLE


def test_exactly_ten_times_the_divisor_is_a_pass() -> None:
    result, output = run(document({**NINE_98, "U4": {"grade": "11.1"}}))
    assert result.total_points == 210
    assert result.decision is Decision.ADMIS
    assert output["average"] == 10


def test_a_missing_unit_gives_incomplet_and_no_average() -> None:
    result, output = run(document({"U3": None}))
    assert result.decision is Decision.INCOMPLET
    assert output["average"] is None
    assert output["units"]["U3"] == {
        "grade": None,
        "coefficient": 3,
        "points": None,
        "source": None,
        "status": None,
        "acquired": False,
    }
    assert [w.code for w in result.warnings] == [WarningCode.UNIT_MISSING]


def test_an_unjustified_absence_refuses_whatever_the_average() -> None:
    high = {code: {"grade": 18} for code in ("U1", "U2", "U4", "U5", "U6")}
    result, output = run(document({**high, "U3": {"status": "absent"}}))
    assert result.total_points == 18 * 18
    assert result.decision is Decision.REFUSE_ABSENT
    assert output["units"]["U3"]["status"] == "absent"


def test_a_force_majeure_absence_counts_zero_and_the_diploma_remains_possible() -> None:
    high = {code: {"grade": 14} for code in ("U1", "U3", "U4", "U5", "U6")}
    result, _ = run(document({**high, "U2": {"status": "absent_force_majeure"}}))
    assert result.total_points == 14 * 18
    assert result.divisor == 21
    assert result.decision is Decision.ADMIS


def test_an_absence_at_one_part_of_u5_is_an_absence_at_u5() -> None:
    result, _ = run(document({"U5": {"parts": {"written": 15, "practical": "absent"}}}))
    assert result.decision is Decision.REFUSE_ABSENT
    assert result.units["U5"].grade == 0


def test_a_force_majeure_absence_at_one_part_counts_that_part_zero() -> None:
    data = {"U5": {"parts": {"written": 15, "practical": "absent_force_majeure"}}}
    result, _ = run(document(data))
    assert result.units["U5"].grade == Decimal("7.5")
    assert result.total_points == Decimal("222.5")
    assert result.decision is Decision.ADMIS


def test_an_absent_optional_unit_gives_nothing_and_blocks_nothing() -> None:
    result, _ = run(document({"UF1": {"status": "absent"}}))
    assert result.decision is Decision.ADMIS
    assert result.optional_points == 0


def test_optional_units_bring_only_their_points_above_ten() -> None:
    result, output = run(document({"UF1": {"grade": 14}, "EE": {"grade": "9.5"}}))
    assert result.optional_points == 4
    assert result.total_points == Decimal("240.5")
    assert result.divisor == 21
    assert output["units"]["EE"]["points"] == 0
    assert "UF1: 14 − 10 = 4 points above 10 (R3.2)" in output["explanation"]


def test_the_professional_average_weighs_u4_u5_u6_five_four_three() -> None:
    result, output = run(document())
    assert result.professional_average == Fraction("140.5") / 12
    assert output["professional_average"] == 11.71


def test_a_weak_professional_average_closes_the_controle() -> None:
    units = {**NINE_98, "U2": {"grade": 14}, "U4": {"grade": 9}, "U6": {"grade": 10}}
    result, _ = run(document(units))
    assert result.professional_average is not None
    assert result.professional_average < 10
    assert 8 * 21 <= result.total_points < 10 * 21
    assert result.decision is Decision.REFUSE


def test_below_eight_is_refused() -> None:
    units = {code: {"grade": 7} for code in ("U1", "U2", "U3")}
    result, _ = run(document({**units, "U4": {"grade": 9}, "U5": {"grade": 6}}))
    assert result.decision is Decision.REFUSE


def test_the_controle_counts_the_better_grade_and_creates_no_bloc() -> None:
    result, output = run(document(NINE_98, control={"U1": 12, "U3": "6"}))
    assert result.decision is Decision.ADMIS_APRES_CONTROLE
    assert result.total_points == Decimal("209.5") + 15
    assert result.units["U1"].source is Source.CONTROL
    assert result.units["U1"].grade == 12
    assert result.units["U3"].grade == 9
    assert result.units["U3"].source is Source.SESSION
    assert "U1" not in result.acquired
    assert (
        "U1: control grade 12 is better than 7, so 12 counts (R3.6)"
        in output["explanation"]
    )
    assert output["units"]["U1"]["source"] == "control"


def test_a_controle_that_does_not_reach_ten_refuses() -> None:
    result, _ = run(document(NINE_98, control={"U3": 8}))
    assert result.decision is Decision.REFUSE


def test_control_grades_of_an_admitted_candidate_are_ignored_with_a_warning() -> None:
    result, _ = run(document(control={"U3": 20}))
    assert result.decision is Decision.ADMIS
    assert result.units["U3"].grade == 9
    assert [w.code for w in result.warnings] == [WarningCode.CONTROL_IGNORED]


def test_a_refuse_absent_candidate_never_takes_the_controle() -> None:
    result, _ = run(
        document({**NINE_98, "U2": {"status": "absent"}}, control={"U1": 20})
    )
    assert result.decision is Decision.REFUSE_ABSENT


@pytest.mark.parametrize(
    "units",
    [
        {},
        NINE_98,
        {"U3": {"status": "dispensed"}, "UF1": {"grade": 17}},
        {"U2": {"status": "absent_force_majeure"}},
    ],
)
def test_the_total_equals_the_points_of_the_explanation(
    units: dict[str, object],
) -> None:
    result, output = run(document(units))
    assert (
        sum(s.points for s in explain(result) if s.points is not None)
        == result.total_points
    )
    assert output["explanation"][-1].endswith(")")


def test_the_jury_may_change_a_unit_grade_with_a_kept_reason() -> None:
    jury = {"U6": {"grade": 10, "reason": "erreur de report sur la grille"}}
    result, output = run(document(NINE_98, jury=jury))
    assert result.units["U6"].grade == 10
    assert result.units["U6"].source is Source.JURY
    assert result.total_points == 211
    assert result.decision is Decision.ADMIS
    assert "U6" in result.acquired
    assert (
        "U6: the jury changed the grade from 9.5 to 10, because: erreur de report sur "
        "la grille (R3.8)"
    ) in output["explanation"]


@pytest.mark.parametrize(
    ("jury", "field"),
    [
        ({"U6": {"grade": 10, "reason": " "}}, "jury.U6.reason"),
        ({"U6": {"grade": 10}}, "jury.U6.reason"),
        ({"U6": {"grade": 10, "reason": "x", "points": 2}}, "jury.U6.points"),
        ({"EE": {"grade": 12, "reason": "x"}}, "jury.EE"),
    ],
)
def test_a_jury_change_needs_a_reason_and_a_grade_to_change(
    jury: dict[str, object], field: str
) -> None:
    with pytest.raises(GradingError) as error:
        run(document(NINE_98, jury=jury))
    assert error.value.field == field


def test_a_control_grade_is_compared_with_the_jury_grade() -> None:
    jury = {"U1": {"grade": "7.1", "reason": "copie mal numérisée"}}
    result, output = run(document(NINE_98, jury=jury, control={"U1": 12}))
    assert result.decision is Decision.ADMIS_APRES_CONTROLE
    assert "U1 = 7 (grade entered)" in output["explanation"]
    assert (
        "U1: control grade 12 is better than 7.1, so 12 counts (R3.6)"
        in output["explanation"]
    )


@pytest.mark.parametrize(
    ("units", "extra", "last"),
    [
        ({}, {}, "236.5 ≥ 10 × 21 = 210 ⇒ admis (R3.4)"),
        (
            NINE_98,
            {},
            "209.5 < 10 × 21 = 210, but 209.5 ≥ 8 × 21 = 168 and the professional "
            "average is at least 10 ⇒ autorise_controle (R3.5)",
        ),
        (
            NINE_98,
            {"control": {"U1": 12}},
            "After the contrôle: 224.5 ≥ 10 × 21 = 210 ⇒ admis_apres_controle (R3.6)",
        ),
        (
            {**NINE_98, "U2": {"grade": 0}, "U3": {"grade": 0}},
            {},
            "146.5 < 10 × 21 = 210, and the contrôle needs at least 8 × 21 = 168 "
            "points and a professional average of at least 10 ⇒ refuse (R3.7)",
        ),
        (
            {"U2": {"status": "absent"}},
            {},
            "Unjustified absence at a mandatory unit ⇒ refuse_absent, whatever the "
            "average (R3.3)",
        ),
        (
            {"U6": None},
            {},
            "A mandatory unit has no grade: incomplet, no decision (R3.1)",
        ),
    ],
)
def test_the_explanation_ends_with_the_decision_and_its_rule(
    units: dict[str, object], extra: dict[str, object], last: str
) -> None:
    _, output = run(document(units, **extra))
    assert output["explanation"][-1] == last
