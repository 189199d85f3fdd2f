"""Totals, decision, épreuves de contrôle and blocs of a session (R3, R4)."""

from dataclasses import dataclass, replace
from typing import Final

from grading.candidate import UnitStatus
from grading.messages import notice
from grading.numbers import Hundredths
from grading.regulation import Coefficient, Regulation, UnitKind
from grading.result import Decision, Notice, Source, UnitResult, WarningCode

_ABSENT = UnitStatus.ABSENT
_PROFESSIONAL = UnitKind.PROFESSIONAL


@dataclass(slots=True, kw_only=True)
class Totals:
    """Exact sums over the units of a session, in hundredths (R3.2).

    Immutable by type (`Final` fields), like `UnitResult`, and for the same speed.
    """

    total: Final[Hundredths]
    divisor: Final[Coefficient]
    optional: Final[Hundredths]
    professional: Final[Hundredths | None]
    professional_divisor: Final[Coefficient]
    missing: Final[bool]
    absent: Final[bool]


def tally(
    regulation: Regulation, graded: dict[str, UnitResult], notices: list[Notice]
) -> tuple[dict[str, UnitResult], Totals]:
    """Return the units in the regulation's order and their exact sums (R3.1, R3.2).

    A mandatory unit without a grade, kept benefit or dispense is added with no source
    and a warning (R3.1); optional units bring only their points above 10 (R3.2).
    """
    ordered: dict[str, UnitResult] = {}
    total: Hundredths = 0
    divisor: Coefficient = 0
    professional: Hundredths | None = 0
    professional_divisor: Coefficient = 0
    missing = absent = False
    for unit in regulation.mandatory_units:
        code = unit.code
        counted = graded.get(code)
        if counted is None:
            ordered[code] = UnitResult(
                code=code,
                grade_h=None,
                coefficient=unit.coefficient,
                points_h=None,
                source=None,
                acquired=False,
                status=None,
                basis=None,
            )
            notices.append(notice(WarningCode.UNIT_MISSING, code))
            missing = True
            if unit.kind is _PROFESSIONAL:
                professional = None
            continue
        ordered[code] = counted
        points = counted.points_h
        if points is None:
            continue  # R6: a dispensed unit's coefficient leaves the divisor.
        absent = absent or counted.status is _ABSENT
        total += points
        divisor += unit.coefficient
        if unit.kind is _PROFESSIONAL and professional is not None:
            professional += points
            professional_divisor += unit.coefficient
    optional: Hundredths = 0
    for unit in regulation.optional_units:
        extra = graded.get(unit.code)
        if extra is not None:
            ordered[unit.code] = extra
            optional += extra.points_h or 0  # R3.2: only the points above 10.
    sums = Totals(
        total=total + optional,
        divisor=divisor,
        optional=optional,
        professional=professional,
        professional_divisor=professional_divisor,
        missing=missing,
        absent=absent,
    )
    return ordered, sums


def decision(regulation: Regulation, sums: Totals) -> Decision:
    """Return the decision before any épreuve de contrôle (R3), on exact values."""
    if sums.absent:
        # R3.3: refuse_absent "whatever the average", so even with a unit missing.
        return Decision.REFUSE_ABSENT
    if sums.missing:
        return Decision.INCOMPLET  # R3.1
    if sums.total >= regulation.pass_mark * 100 * sums.divisor:
        return Decision.ADMIS  # R3.4: total >= 10 × divisor, never a rounded average
    if (
        sums.total >= regulation.control_mark * 100 * sums.divisor
        and _professional_passes(regulation, sums)
    ):
        return Decision.AUTORISE_CONTROLE  # R3.5
    return Decision.REFUSE  # R3.7


def _professional_passes(regulation: Regulation, sums: Totals) -> bool:
    if not sums.professional_divisor or sums.professional is None:
        return not regulation.professional_units
    return sums.professional >= regulation.pass_mark * 100 * sums.professional_divisor


def apply_control(
    regulation: Regulation, units: dict[str, UnitResult], control: dict[str, int]
) -> Hundredths:
    """Count the better of original and control grade; return points gained (R3.6)."""
    gained: Hundredths = 0
    for code, grade in control.items():
        result = units[code]
        original = result.grade_h
        if original is None or grade <= original:
            continue
        coefficient = result.coefficient
        gained += (grade - original) * coefficient
        # R3.6 policy: a control grade does not create a bloc, so `acquired` stays.
        units[code] = replace(
            result,
            grade_h=grade,
            points_h=grade * coefficient,
            source=Source.CONTROL,
            original_h=original if result.original_h is None else result.original_h,
        )
    return gained


def after_control(
    regulation: Regulation, total: Hundredths, divisor: Coefficient
) -> Decision:
    """Return the decision once the contrôle grades are counted (R3.6)."""
    if total >= regulation.pass_mark * 100 * divisor:
        return Decision.ADMIS_APRES_CONTROLE
    return Decision.REFUSE
