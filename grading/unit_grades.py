"""Unit grades of a session: entered, CCF, parts, absences, dispenses (R2, R3, R6)."""

from collections.abc import Mapping
from decimal import Decimal

from grading.candidate import (
    Grade,
    Parts,
    Policy,
    Rounding,
    Situations,
    UnitEntry,
    UnitStatus,
)
from grading.errors import GradingError
from grading.numbers import Hundredths, hundredths, weighted_mean
from grading.regulation import Category, Mode, Unit
from grading.result import Source, UnitResult

_ABSENT = UnitStatus.ABSENT
_FORCE_MAJEURE = UnitStatus.ABSENT_FORCE_MAJEURE
_DISPENSED = UnitStatus.DISPENSED
_SESSION = Source.SESSION


def session_unit(
    unit: Unit,
    entry: UnitEntry,
    category: Category,
    policy: Policy,
    pass_h: int,
) -> UnitResult:
    """Return the result of a unit taken (or dispensed) this session."""
    code = unit.code
    if isinstance(entry, Grade):
        entered = hundredths(entry.value, f"units.{code}.grade")
        return _graded(unit, entered, None, entry, pass_h)
    if isinstance(entry, Situations):
        mean = _situations(unit, entry, category, policy)
        return _graded(unit, mean, None, entry, pass_h)
    if isinstance(entry, Parts):
        grade, status = _parts(unit, entry, policy)
        return _graded(unit, grade, status, entry, pass_h)
    return _status(unit, entry)


def _graded(
    unit: Unit,
    grade: Hundredths,
    status: UnitStatus | None,
    entry: UnitEntry,
    pass_h: int,
) -> UnitResult:
    if not unit.coefficient:
        # R3.2: an optional unit only brings its points above 10.
        points = max(0, grade - pass_h) if status is None else 0
        return UnitResult(unit.code, grade, 0, points, _SESSION, False, status, entry)
    # R4: a grade of 10 or more after rounding gives the bloc.
    acquired = status is None and grade >= pass_h
    points = grade * unit.coefficient
    return UnitResult(
        unit.code, grade, unit.coefficient, points, _SESSION, acquired, status, entry
    )


def _status(unit: Unit, status: UnitStatus) -> UnitResult:
    code = unit.code
    if status is _DISPENSED:
        if not unit.dispensable:
            raise GradingError(
                f"{code} can never be dispensed (R6)", f"units.{code}.status"
            )
        return UnitResult(
            code, None, unit.coefficient, None, Source.DISPENSED, False, status, status
        )
    if status is _ABSENT or status is _FORCE_MAJEURE:
        # R3.3: an absence counts 0; an unjustified one also refuses the candidate.
        return UnitResult(code, 0, unit.coefficient, 0, _SESSION, False, status, status)
    raise GradingError(f"unknown status {status!r}", f"units.{code}.status")


def _situations(
    unit: Unit, entry: Situations, category: Category, policy: Policy
) -> Hundredths:
    code = unit.code
    path = f"units.{code}.situations"
    if category.forms[code].mode is not Mode.CCF:
        raise GradingError(f"{code} is not assessed in CCF for this candidate", path)
    if len(entry.grades) != unit.situations:
        raise GradingError(f"{code} has {unit.situations} CCF situations", path)
    grades = [hundredths(g, f"{path}[{i}]") for i, g in enumerate(entry.grades)]
    weights = ccf_weights(unit, policy)
    # R2: mean of the situations (policy ccf_weights), rounded per policy rounding.
    return weighted_mean(grades, weights, policy.rounding is Rounding.EXACT)


def ccf_weights(unit: Unit, policy: Policy) -> list[int]:
    """Return the integer weights of a CCF unit's situations (policy `ccf_weights`)."""
    raw = policy.ccf_weights.get(unit.code)
    if raw is None:
        return [1] * unit.situations
    path = f"policy.ccf_weights.{unit.code}"
    if len(raw) != unit.situations:
        raise GradingError(f"{unit.code} needs {unit.situations} weights", path)
    return [_weight(w, f"{path}[{i}]") for i, w in enumerate(raw)]


def _weight(value: Decimal, path: str) -> int:
    if not value.is_finite() or value <= 0:
        raise GradingError("a weight is a positive number", path)
    scaled = value.scaleb(2)
    if scaled != int(scaled):
        raise GradingError("a weight has at most two decimals", path)
    return int(scaled)


def _parts(
    unit: Unit, entry: Parts, policy: Policy
) -> tuple[Hundredths, UnitStatus | None]:
    code = unit.code
    path = f"units.{code}.parts"
    if unit.parts is None:
        raise GradingError(f"{code} is not taken in parts", path)
    _check_part_names(unit.parts, entry.grades, path)
    grades = []
    status = None
    for name in unit.parts:
        value = entry.grades[name]
        if value is _ABSENT:
            status = _ABSENT  # policy: an absence at one part is an absence at the unit
            grades.append(0)
        elif value is _FORCE_MAJEURE:
            grades.append(0)
        elif isinstance(value, Decimal):
            grades.append(hundredths(value, f"{path}.{name}"))
        else:
            raise GradingError("expected a grade or an absence", f"{path}.{name}")
    if status is not None:
        return 0, status
    weights = list(unit.parts.values())
    return weighted_mean(grades, weights, policy.rounding is Rounding.EXACT), None


def _check_part_names(
    expected: Mapping[str, int], given: Mapping[str, object], path: str
) -> None:
    for name in given:
        if name not in expected:
            raise GradingError("unknown part", f"{path}.{name}")
    for name in expected:
        if name not in given:
            raise GradingError("missing part", f"{path}.{name}")
