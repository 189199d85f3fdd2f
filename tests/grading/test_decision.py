"""The decision (R3): exact totals, absences, optional points, the contrôle."""

from decimal import Decimal
from fractions import Fraction

import pytest

from grading import Decision, GradingError, Source, UnitStatus, WarningCode, explain
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
    assert output["professional_average"] is None  # the contract: null for incomplet
    assert (output["total_points"], output["divisor"]) == (209.5, 18)  # informative
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


FM_PART = {"U5": {"parts": {"written": 15, "practical": "absent_force_majeure"}}}


def test_a_force_majeure_absence_at_one_part_is_one_at_the_whole_unit() -> None:
    # R3.3, policy u5_part_absence = whole_unit (default): U5 counts 0 as a whole,
    # so its bloc is not acquired, and a warning says why.
    result, output = run(document(FM_PART))
    assert result.units["U5"].grade == 0
    assert result.units["U5"].status is UnitStatus.ABSENT_FORCE_MAJEURE
    assert "U5" not in result.acquired
    assert result.total_points == Decimal("192.5")
    assert result.decision is Decision.REFUSE  # professional average 8.04 < 10
    assert [w.code for w in result.warnings] == [WarningCode.PART_ABSENCE]
    assert output["warnings"] == [
        "U5 : absence pour force majeure à une partie (pratique) ; U5 compte 0 en "
        "entier (R3.3, politique u5_part_absence = whole_unit)"
    ]
    assert output["units"]["U5"]["status"] == "absent_force_majeure"


def test_the_part_only_policy_counts_only_that_part_zero_and_warns() -> None:
    policy = {"u5_part_absence": "part_only"}
    result, output = run(document(FM_PART, policy=policy))
    assert result.units["U5"].grade == Decimal("7.5")
    assert result.total_points == Decimal("222.5")
    assert result.decision is Decision.ADMIS
    assert "seule cette partie compte 0" in output["warnings"][0]


def test_an_unknown_part_absence_policy_names_the_field() -> None:
    with pytest.raises(GradingError) as error:
        run(document(FM_PART, policy={"u5_part_absence": "never"}))
    assert error.value.field == "policy.u5_part_absence"


def test_an_absent_optional_unit_gives_nothing_and_blocks_nothing() -> None:
    result, _ = run(document({"UF1": {"status": "absent"}}))
    assert result.decision is Decision.ADMIS
    assert result.optional_points == 0


def test_optional_units_bring_only_their_points_above_ten() -> None:
    result, output = run(document({"UF1": {"grade": 14}}))
    assert result.optional_points == 4
    assert result.total_points == Decimal("240.5")
    assert result.divisor == 21
    assert "UF1 : 14 − 10 = 4 points au-dessus de 10 (R3.2)" in output["explanation"]
    _, below = run(document({"EE": {"grade": "9.5"}}))
    assert below["units"]["EE"]["points"] == 0
    assert "EE : aucun point au-dessus de 10 (R3.2)" in below["explanation"]


def test_a_candidate_chooses_at_most_one_optional_unit_since_2025() -> None:
    # D643-13 as amended by décret 2024-788: « une unité choisie » (was one or two).
    two = {"UF1": {"grade": 14}, "EE": {"grade": "9.5"}}
    with pytest.raises(GradingError) as error:
        run(document(two))
    assert error.value.field == "units.EE"
    before = document(two, session={"year": 2024, "jury_date": "2024-07-03"})
    result, _ = run(before)
    assert result.regulation.effective_from == 2020
    assert result.optional_points == 4


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
        "U1 : la note de contrôle 12 est meilleure que 7, donc 12 compte (R3.6)"
        in output["explanation"]
    )
    assert output["units"]["U1"]["source"] == "control"


def test_a_controle_that_does_not_reach_ten_refuses() -> None:
    result, _ = run(document(NINE_98, control={"U3": 8}))
    assert result.decision is Decision.REFUSE


@pytest.mark.parametrize(
    "units",
    [
        {},
        {**NINE_98, "U2": {"status": "absent"}},
        {**NINE_98, "U2": {"grade": 0}, "U3": {"grade": 0}},
    ],
    ids=["admis", "refuse_absent", "refuse"],
)
def test_a_control_grade_for_a_candidate_not_allowed_is_an_error(
    units: dict[str, object],
) -> None:
    # R3.5: only an « autorise_controle » candidate takes the épreuves de contrôle.
    with pytest.raises(GradingError) as error:
        run(document(units, control={"U3": 20}))
    assert error.value.field == "control.U3"


def test_a_control_grade_for_a_dispensed_unit_is_an_error() -> None:
    units = {**NINE_98, "U3": {"status": "dispensed"}, "U1": {"grade": "5.5"}}
    assert run(document(units))[0].decision is Decision.AUTORISE_CONTROLE
    with pytest.raises(GradingError) as error:
        run(document(units, control={"U3": 12}))
    assert error.value.field == "control.U3"


def test_the_controle_averages_include_kept_benefits() -> None:
    # Arrêté du 9 mai 2025 (R3.6): a unit held by a benefit may be chosen too.
    kept = {"unit": "U1", "grade": 10, "session_year": 2024}
    units = {**NINE_98, "U1": None, "U3": {"grade": 6}}
    result, _ = run(document(units, benefits=[kept], control={"U1": 14}))
    assert result.decision is Decision.ADMIS_APRES_CONTROLE
    assert result.units["U1"].source is Source.CONTROL
    assert result.before_control_h == 20950  # 209.5: 10 for U1 and 6 for U3
    assert result.total_points == Decimal("209.5") + 12  # U1: 14 instead of 10


def test_a_missing_unit_with_an_unjustified_absence_is_refuse_absent() -> None:
    # R3.3: refuse_absent « whatever the average », even with no grade for U6.
    result, output = run(document({"U6": None, "U2": {"status": "absent"}}))
    assert result.decision is Decision.REFUSE_ABSENT
    assert output["average"] is None
    assert [w.code for w in result.warnings] == [WarningCode.UNIT_MISSING]


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
        "U6 : le jury a changé la note de 9,5 en 10, pour ce motif : erreur de report "
        "sur la grille (R3.8)"
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
    assert "U1 = 7 (note saisie)" in output["explanation"]
    assert (
        "U1 : la note de contrôle 12 est meilleure que 7,1, donc 12 compte (R3.6)"
        in output["explanation"]
    )


@pytest.mark.parametrize(
    ("units", "extra", "last"),
    [
        ({}, {}, "236,5 ≥ 10 × 21 = 210 ⇒ admis (R3.4)"),
        (
            NINE_98,
            {},
            "209,5 < 10 × 21 = 210, mais 209,5 ≥ 8 × 21 = 168 et la moyenne "
            "professionnelle atteint au moins 10 ⇒ autorisé aux épreuves de contrôle "
            "(R3.5)",
        ),
        (
            NINE_98,
            {"control": {"U1": 12}},
            "Après les épreuves de contrôle : 224,5 ≥ 10 × 21 = 210 ⇒ admis après les "
            "épreuves de contrôle (R3.6)",
        ),
        (
            {**NINE_98, "U2": {"grade": 0}, "U3": {"grade": 0}},
            {},
            "146,5 < 10 × 21 = 210, et les épreuves de contrôle demandent au moins "
            "8 × 21 = 168 points et une moyenne professionnelle d'au moins 10 ⇒ "
            "refusé (R3.7)",
        ),
        (
            {"U2": {"status": "absent"}},
            {},
            "Absence injustifiée à une unité obligatoire ⇒ refusé pour absence, quelle "
            "que soit la moyenne (R3.3)",
        ),
        (
            {"U6": None},
            {},
            "Une unité obligatoire n'a pas de note : incomplet, aucune décision (R3.1)",
        ),
    ],
)
def test_the_explanation_ends_with_the_decision_and_its_rule(
    units: dict[str, object], extra: dict[str, object], last: str
) -> None:
    _, output = run(document(units, **extra))
    assert output["explanation"][-1] == last
