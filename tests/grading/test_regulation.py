"""Regulations are data: the NDRC file, validation naming the key, a second one."""

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from grading import (
    Candidate,
    Decision,
    Grade,
    Mode,
    Parts,
    RegulationError,
    Session,
    Situations,
    UnitKind,
    evaluate,
    load_regulation,
    load_regulation_file,
    regulation_from_mapping,
)

DEMO = Path(__file__).resolve().parent / "regulations" / "bts-demo.json"


def _ndrc_data() -> dict[str, Any]:
    path = (
        Path(__file__).resolve().parents[2]
        / "grading"
        / "regulations"
        / "bts-ndrc.2025.json"
    )
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_bts_ndrc_units_coefficients_and_kinds_follow_r1() -> None:
    regulation = load_regulation("bts-ndrc")
    coefficients = {u.code: u.coefficient for u in regulation.mandatory_units}
    assert coefficients == {"U1": 3, "U2": 3, "U3": 3, "U4": 5, "U5": 4, "U6": 3}
    assert sum(coefficients.values()) == 21
    assert [u.code for u in regulation.professional_units] == ["U4", "U5", "U6"]
    assert [u.code for u in regulation.optional_units] == ["UF1", "EE"]
    assert regulation.units["U5"].parts == {"written": 2, "practical": 2}
    assert regulation.units["U4"].situations == 2
    assert regulation.units["U6"].situations == 2


def test_bts_ndrc_dispenses_control_and_livret() -> None:
    regulation = load_regulation("bts-ndrc")
    dispensable = {u.code for u in regulation.units.values() if u.dispensable}
    assert dispensable == {"U1", "U2", "U3"}
    assert regulation.control_units == {"U1", "U2", "U3"}
    assert regulation.control_max_units == 2
    assert regulation.avis == ("Très favorable", "Favorable", "Doit faire ses preuves")


def test_candidates_outside_a_habilitated_cfa_take_u4_and_u6_as_ponctual_orals() -> (
    None
):
    regulation = load_regulation("bts-ndrc")
    ours = regulation.categories[regulation.default_category]
    assert ours.forms["U4"].mode is Mode.CCF
    assert regulation.categories["non_habilite"].forms["U4"].mode is Mode.PONCTUAL
    assert regulation.categories["experience"].forms["U6"].mode is Mode.PONCTUAL


def test_curriculum_subjects_map_to_units_with_560_hours_a_year() -> None:
    regulation = load_regulation("bts-ndrc")
    subjects = regulation.subject_units()
    assert subjects["Langue vivante 2"] == ("UF1",)
    assert subjects["Atelier de professionnalisation"] == ("U4", "U6")
    assert sum(s.hours[0] for s in regulation.subjects) == 560
    assert sum(sum(s.hours) for s in regulation.subjects) == 1120


def test_an_unknown_regulation_names_the_regulation_field() -> None:
    with pytest.raises(RegulationError) as error:
        load_regulation("bts-nope")
    assert error.value.field == "regulation"


def test_a_path_is_never_taken_as_a_regulation_id() -> None:
    with pytest.raises(RegulationError):
        load_regulation("../pyproject")


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda d: d["units"]["U4"].update(coefficient=0), "units.U4.coefficient"),
        (lambda d: d["units"]["U4"].update(coefficient="5"), "units.U4.coefficient"),
        (lambda d: d["units"]["U4"].pop("coefficient"), "units.U4.coefficient"),
        (lambda d: d["units"]["U2"].update(kind="generic"), "units.U2.kind"),
        (lambda d: d["units"]["U4"].update(dispensable=True), "units.U4.dispensable"),
        (lambda d: d["units"]["UF1"].update(coefficient=1), "units.UF1.coefficient"),
        (lambda d: d["units"]["U5"].update(parts={"written": 2}), "units.U5.parts"),
        (
            lambda d: d["units"]["U5"]["parts"].update(written=0),
            "units.U5.parts.written",
        ),
        (lambda d: d["units"]["U1"].update(colour="red"), "units.U1.colour"),
        (lambda d: d["units"]["U1"].pop("title"), "units.U1.title"),
        (
            lambda d: d["categories"]["cfa_habilite"]["forms"].pop("U6"),
            "categories.cfa_habilite.forms.U6",
        ),
        (
            lambda d: d["categories"]["cfa_habilite"]["forms"]["U1"].update(mode="ccf"),
            "categories.cfa_habilite.forms.U1.mode",
        ),
        (lambda d: d.update(default_category="nowhere"), "default_category"),
        (lambda d: d["control"].update(units=["U1", "U9"]), "control.units[1]"),
        (lambda d: d["control"].update(units=["UF1"]), "control.units[0]"),
        (lambda d: d["subjects"][3].update(units=["U7"]), "subjects[3].units[0]"),
        (lambda d: d["subjects"][0]["hours"].append(-1), "subjects[0].hours[2]"),
        (lambda d: d["livret"].update(avis=[]), "livret.avis"),
        (lambda d: d.pop("pass_mark"), "pass_mark"),
        (lambda d: d.update(control_mark=12), "control_mark"),
    ],
)
def test_a_faulty_regulation_names_the_faulty_key(edit: Any, field: str) -> None:
    data = copy.deepcopy(_ndrc_data())
    edit(data)
    with pytest.raises(RegulationError) as error:
        regulation_from_mapping(data)
    assert error.value.field == field


def test_the_shipped_file_and_the_mapping_give_the_same_regulation() -> None:
    assert regulation_from_mapping(_ndrc_data()) == load_regulation("bts-ndrc")


def test_a_second_diploma_is_a_second_file() -> None:
    demo = load_regulation_file(DEMO)
    assert demo.id == "bts-demo"
    assert [u.kind for u in demo.mandatory_units] == [
        UnitKind.GENERAL,
        UnitKind.PROFESSIONAL,
        UnitKind.PROFESSIONAL,
    ]
    assert demo.periods == {"T1": 1, "T2": 1}


def test_the_second_diploma_is_evaluated_with_its_own_rules() -> None:
    demo = load_regulation_file(DEMO)
    candidate = Candidate(
        Session(2026),
        {
            "G1": Grade(Decimal(8)),
            # 3 situations: mean of 9, 10, 12 = 10.333…, rounded up to 10.5 (R2)
            "P1": Situations((Decimal(9), Decimal(10), Decimal(12))),
            # (1 × 14 + 3 × 8) / 4 = 9.5
            "P2": Parts({"oral": Decimal(14), "written": Decimal(8)}),
        },
        regulation="bts-demo",
    )
    result = evaluate(candidate, demo)
    assert result.units["P1"].grade == Decimal("10.5")
    assert result.units["P2"].grade == Decimal("9.5")
    # 2 × 8 + 3 × 10.5 + 1 × 9.5 = 57 over 6: 9.5 ≥ 8, professional 41/4 ≥ 10
    assert result.total_points == 57
    assert result.divisor == 6
    assert result.decision is Decision.AUTORISE_CONTROLE
    assert result.acquired == ("P1",)
    assert result.blocks[0].valid_through_session == 2029
