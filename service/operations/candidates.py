"""Rows → the engine's contract input (evaluate-contract.md): tiny pure functions.

A registration becomes the same JSON document that ``POST /api/v1/simulations`` and
``python -m grading evaluate`` accept; ``grading.parse_candidate`` then reads it, so
the service never interprets exam rules itself.

How each unit is given (R2):

- a dispense of the registration → ``{"status": "dispensed"}`` (R6);
- an exam unit grade row → its grade, U5 parts or status; on a CCF unit this is the
  official grid giving the unit grade directly, which overrides the situations (R2);
- otherwise, for a unit the candidate takes in CCF, the proposed grades of the
  student's situations of that unit, in order, once every situation has one;
- otherwise the unit is left out: no grade this session (R3.1 decides).

The jury's adjustments go to the contract's ``jury`` object (the latest per unit,
with its reason): the engine replaces the grade and explains it (R3.8). Grades of
the épreuves de contrôle go to its ``control`` object (R3.6).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from grading import Mode, Regulation
from service.models import (
    CandidateCategory,
    CcfSituation,
    ControlGrade,
    ExamUnitGrade,
    JuryAdjustment,
    KeptBenefit,
)

#: The regulation's candidate categories (R1, D643-19). Only candidates of a CFA
#: habilité take U4 and U6 in CCF; the others take them as ponctual orals.
CATEGORY_NAMES = {
    CandidateCategory.CFA_HABILITE: "cfa_habilite",
    CandidateCategory.CFA_NON_HABILITE: "non_habilite",
    CandidateCategory.DISTANCE: "non_habilite",
    CandidateCategory.CONTINUING_EDUCATION: "non_habilite",
    CandidateCategory.EXPERIENCE: "experience",
}

DEFAULT_ROUNDING = "ceil_half"
DEFAULT_VALIDITY = "session"


@dataclass(frozen=True, slots=True)
class PolicySettings:
    """The named policies as configured (R2 rounding, R4 validity, R2 ccf_weights)."""

    rounding: str = DEFAULT_ROUNDING
    validity: str = DEFAULT_VALIDITY
    ccf_weights: Mapping[str, Sequence[Any]] | None = None

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> PolicySettings:
        """Read ROUNDING_POLICY, VALIDITY_POLICY and CCF_WEIGHTS from a config."""
        return cls(
            rounding=str(config.get("ROUNDING_POLICY", DEFAULT_ROUNDING)),
            validity=str(config.get("VALIDITY_POLICY", DEFAULT_VALIDITY)),
            ccf_weights=config.get("CCF_WEIGHTS") or None,
        )

    def as_json(self) -> dict[str, Any]:
        """Return the contract's ``policy`` object."""
        policy: dict[str, Any] = {"rounding": self.rounding, "validity": self.validity}
        if self.ccf_weights:
            policy["ccf_weights"] = {
                code: [_number(Decimal(str(w))) for w in weights]
                for code, weights in self.ccf_weights.items()
            }
        return policy


@dataclass(frozen=True, slots=True)
class Header:
    """What the contract needs besides the units: session, form, category."""

    regulation: str
    year: int
    jury_date: date | None
    form: str
    category: CandidateCategory
    policy: PolicySettings


def category_name(category: CandidateCategory) -> str:
    """Return the regulation's category name for a student's category (R1)."""
    return CATEGORY_NAMES[category]


def document(
    header: Header,
    units: Mapping[str, dict[str, Any]],
    benefits: Iterable[KeptBenefit] = (),
    adjustments: Iterable[JuryAdjustment] = (),
    controls: Iterable[ControlGrade] = (),
) -> dict[str, Any]:
    """Return the contract input for a candidate."""
    session: dict[str, Any] = {"year": header.year}
    if header.jury_date is not None:
        session["jury_date"] = header.jury_date.isoformat()
    jury = {
        row.unit: {"grade": _number(row.new_grade), "reason": row.reason}
        for row in sorted(adjustments, key=lambda row: row.id)
    }
    control = {row.unit: _number(row.grade) for row in controls}
    return {
        "regulation": header.regulation,
        "form": header.form,
        "category": category_name(header.category),
        "session": session,
        "policy": header.policy.as_json(),
        "units": dict(units),
        "benefits": [benefit_json(row) for row in benefits],
        "jury": jury,
        **({"control": control} if control else {}),
    }


def benefit_json(row: KeptBenefit) -> dict[str, Any]:
    """Return a kept benefit as a contract ``benefits`` item (R5)."""
    item: dict[str, Any] = {
        "unit": row.unit,
        "grade": _number(row.grade),
        "session_year": row.origin_session_year,
        "obtained": row.obtained_on.isoformat(),
    }
    return item


def dispensed() -> dict[str, Any]:
    """Return a dispensed unit (R6)."""
    return {"status": "dispensed"}


def entered_unit(row: ExamUnitGrade) -> dict[str, Any]:
    """Return an exam unit grade row as a contract unit (grade, parts or status)."""
    if row.status is not None:
        return {"status": str(row.status)}
    if row.grade is not None:
        return {"grade": _number(row.grade)}
    return {
        "parts": {
            "written": _number(_present(row.written)),
            "practical": _number(_present(row.practical)),
        }
    }


def situations_unit(
    situations: Sequence[CcfSituation], expected: int
) -> dict[str, Any] | None:
    """Return a CCF unit from its situations, or None until each has a grade (R2)."""
    ordered = sorted(situations, key=lambda row: row.situation_number)
    grades = [row.proposed_grade for row in ordered]
    if len(grades) != expected or any(grade is None for grade in grades):
        return None
    return {"situations": [_number(_present(grade)) for grade in grades]}


def ccf_units(regulation: Regulation, category: CandidateCategory) -> dict[str, int]:
    """Return the units the candidate takes in CCF and their number of situations."""
    forms = regulation.categories[category_name(category)].forms
    return {
        code: unit.situations
        for code, unit in regulation.units.items()
        if code in forms and forms[code].mode is Mode.CCF and unit.situations
    }


def session_units(
    ccf: Mapping[str, int],
    entered: Iterable[ExamUnitGrade],
    situations: Iterable[CcfSituation],
    dispensed_units: Iterable[str],
) -> dict[str, dict[str, Any]]:
    """Return the contract's ``units`` for a registration (see the module doc)."""
    units: dict[str, dict[str, Any]] = {}
    by_unit: dict[str, list[CcfSituation]] = {}
    for situation in situations:
        by_unit.setdefault(situation.unit, []).append(situation)
    for code, expected in ccf.items():
        unit = situations_unit(by_unit.get(code, []), expected)
        if unit is not None:
            units[code] = unit
    for row in entered:
        units[row.unit] = entered_unit(row)
    for code in dispensed_units:
        units[code] = dispensed()
    return units


def _present(value: Decimal | None) -> Decimal:
    assert value is not None
    return value


def _number(value: Decimal) -> str:
    """Return a grade as a contract decimal string ("12.50"), exact."""
    return str(value)
