"""Benefits, validity and dispenses (R4, R5, R6) in one session's evaluation."""

from datetime import date
from decimal import Decimal

import pytest

from grading import Decision, GradingError, Source, WarningCode
from tests.grading.contract_inputs import document, run

KEPT_U4 = {"unit": "U4", "grade": 13, "session_year": 2021, "obtained": "2021-07-06"}


def test_a_kept_grade_counts_and_its_bloc_keeps_its_own_validity() -> None:
    result, output = run(document({"U4": None}, benefits=[KEPT_U4]))
    assert result.units["U4"].source is Source.BENEFIT
    assert result.units["U4"].grade == 13
    assert result.decision is Decision.ADMIS
    block = next(b for b in output["blocks"] if b["unit"] == "U4")
    assert block == {
        "unit": "U4",
        "grade": 13,
        "obtained_session": 2021,
        "valid_through_session": 2026,
        "valid_until": "2026-07-06",
    }
    assert "U4 = 13, note conservée de la session 2021 (R5)" in output["explanation"]


def test_a_grade_older_than_five_sessions_has_expired_and_the_unit_is_missing() -> None:
    old = {**KEPT_U4, "session_year": 2020, "obtained": "2020-07-06"}
    result, output = run(document({"U4": None}, benefits=[old]))
    assert result.decision is Decision.INCOMPLET
    assert [w.code for w in result.warnings] == [
        WarningCode.BENEFIT_EXPIRED,
        WarningCode.UNIT_MISSING,
    ]
    assert output["warnings"][0] == (
        "U4 : la note de la session 2020 n'est plus valable (valable jusqu'à la "
        "session 2025) ; U4 doit être repassée (R4)"
    )


@pytest.mark.parametrize(
    ("jury", "kept"),
    [("2026-07-03", True), ("2026-07-06", True), ("2026-07-07", False)],
)
def test_calendar_validity_compares_the_later_jury_date(jury: str, kept: bool) -> None:
    data = document(
        {"U4": None},
        benefits=[KEPT_U4],
        session={"year": 2026, "jury_date": jury},
        policy={"validity": "calendar"},
    )
    result, _ = run(data)
    assert (result.units["U4"].source is Source.BENEFIT) is kept


def test_retaking_a_unit_renounces_the_benefit_even_for_a_lower_grade() -> None:
    result, output = run(document({"U4": {"grade": 9}}, benefits=[KEPT_U4]))
    assert result.units["U4"].grade == 9
    assert result.units["U4"].source is Source.SESSION
    assert [w.code for w in result.warnings] == [WarningCode.BENEFIT_RENOUNCED]
    assert output["warnings"][0] == (
        "U4 : la note 13 de la session 2021 n'est pas conservée, car U4 est présentée "
        "à cette session (nouvelle note) ; le résultat de cette session compte, même "
        "plus bas (R5)"
    )


@pytest.mark.parametrize(
    ("status", "decision", "how"),
    [
        ("absent", Decision.REFUSE_ABSENT, "absence injustifiée"),
        ("absent_force_majeure", Decision.REFUSE, "absence pour force majeure"),
    ],
)
def test_a_unit_presented_absent_renounces_its_benefit(
    status: str, decision: Decision, how: str
) -> None:
    # R5 (D643-23): keeping is opt-in per unit; registering for the unit renounces
    # the benefit, so this session's absence counts, as a lower grade would.
    result, output = run(document({"U4": {"status": status}}, benefits=[KEPT_U4]))
    assert result.units["U4"].source is Source.SESSION
    assert result.units["U4"].grade == 0
    assert result.decision is decision
    assert [w.code for w in result.warnings] == [WarningCode.BENEFIT_RENOUNCED]
    assert f"({how})" in output["warnings"][0]
    assert "U4" not in result.acquired


def test_forme_progressive_carries_a_grade_below_ten_without_a_bloc() -> None:
    low = {**KEPT_U4, "grade": 8}
    result, _ = run(document({"U4": None}, benefits=[low], form="progressive"))
    assert result.units["U4"].grade == 8
    assert "U4" not in result.acquired


def test_a_dispensed_unit_leaves_the_divisor() -> None:
    result, output = run(document({"U1": {"status": "dispensed"}}))
    assert result.divisor == 18
    assert result.total_points == Decimal("200.5")
    assert output["units"]["U1"]["source"] == "dispensed"
    assert (
        "U1 : dispensée, son coefficient 3 sort du diviseur (R6)"
        in output["explanation"]
    )


@pytest.mark.parametrize("code", ["UF1", "EE"])
def test_an_optional_unit_is_chosen_not_dispensed(code: str) -> None:
    # D643-13: optional units are « choisies » by the candidate; not choosing one
    # needs no dispense, and R6 lists dispenses of U1–U3 only.
    with pytest.raises(GradingError) as error:
        run(document({code: {"status": "dispensed"}}))
    assert error.value.field == f"units.{code}.status"
    assert "D643-13" in error.value.message


def test_blocs_carry_both_validities_from_the_jury_date() -> None:
    result, _ = run(document(session={"year": 2028, "jury_date": "2028-02-29"}))
    block = result.blocks[0]
    assert block.valid_through_session == 2033
    assert block.valid_until == date(2033, 2, 28)


def test_without_a_jury_date_the_calendar_limit_is_unknown() -> None:
    result, output = run(document(session={"year": 2026}))
    assert result.blocks[0].valid_until is None
    assert output["blocks"][0]["valid_until"] is None


@pytest.mark.parametrize(
    ("benefit", "form", "field"),
    [
        ({**KEPT_U4, "grade": 9}, "globale", "benefits[0].grade"),
        ({**KEPT_U4, "session_year": 2019}, "progressive", "benefits[0].session_year"),
        ({**KEPT_U4, "session_year": 2026}, "globale", "benefits[0].session_year"),
        ({**KEPT_U4, "unit": "UF1"}, "globale", "benefits[0].unit"),
        ({**KEPT_U4, "unit": "U8"}, "globale", "benefits[0].unit"),
        ({**KEPT_U4, "grade": 21}, "globale", "benefits[0].grade"),
    ],
)
def test_a_benefit_that_cannot_be_carried_names_the_field(
    benefit: dict[str, object], form: str, field: str
) -> None:
    with pytest.raises(GradingError) as error:
        run(document({"U4": None}, benefits=[benefit], form=form))
    assert error.value.field == field


def test_a_unit_carried_twice_is_refused() -> None:
    with pytest.raises(GradingError) as error:
        run(document({"U4": None}, benefits=[KEPT_U4, KEPT_U4]))
    assert error.value.field == "benefits[1].unit"


def test_a_calendar_benefit_obtained_after_the_jury_is_an_error_naming_it() -> None:
    late = {**KEPT_U4, "obtained": "2026-07-04"}
    with pytest.raises(GradingError) as error:
        run(
            document(
                {"U4": None},
                benefits=[late],
                session={"year": 2026, "jury_date": "2026-07-03"},
                policy={"validity": "calendar"},
            )
        )
    assert error.value.field == "benefits[0].obtained"


def test_the_calendar_policy_needs_the_date_of_obtention() -> None:
    undated = {"unit": "U4", "grade": 13, "session_year": 2021}
    with pytest.raises(GradingError) as error:
        run(document({"U4": None}, benefits=[undated], policy={"validity": "calendar"}))
    assert error.value.field == "benefits[0].obtained"
