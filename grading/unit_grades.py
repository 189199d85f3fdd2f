"""Unit grades of a session: entered, CCF, parts, absences, dispenses (R2, R3, R6).

This is the engine's hot path: grades are looked up in the table of valid grades
first, and the path of a faulty field is only built when an error is raised.
"""

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from grading.candidate import (
    Grade,
    PartAbsence,
    Parts,
    Policy,
    Rounding,
    Situations,
    UnitEntry,
    UnitStatus,
)
from grading.errors import GradingError
from grading.messages import notice, part_name
from grading.numbers import (
    HALF_POINT,
    VALID_GRADES,
    Hundredths,
    hundredths,
    weighted_mean,
)
from grading.regulation import Category, Mode, Unit
from grading.result import Notice, Source, UnitResult, WarningCode

_ABSENT = UnitStatus.ABSENT
_FORCE_MAJEURE = UnitStatus.ABSENT_FORCE_MAJEURE
_DISPENSED = UnitStatus.DISPENSED
_SESSION = Source.SESSION
_EXACT = Rounding.EXACT
_WHOLE_UNIT = PartAbsence.WHOLE_UNIT
_valid = VALID_GRADES.get


def session_unit(
    unit: Unit,
    entry: UnitEntry,
    category: Category,
    policy: Policy,
    pass_h: int,
) -> UnitResult:
    """Return the result of a unit taken (or dispensed) this session."""
    status = None
    if type(entry) is Grade:
        value = entry.value
        grade: Hundredths | None = _valid(value) if type(value) is Decimal else None
        if grade is None:
            grade = hundredths(value, f"units.{unit.code}.grade")
    elif type(entry) is Situations:
        grade = _situations(unit, entry, category, policy)
    elif type(entry) is Parts:
        grade, status = _parts(unit, entry, policy)
    else:
        return _status(unit, entry)  # type: ignore[arg-type]
    coefficient = unit.coefficient
    if not coefficient:
        # R3.2: an optional unit only brings its points above 10.
        points = max(0, grade - pass_h) if status is None else 0
        return UnitResult(
            code=unit.code,
            grade_h=grade,
            coefficient=0,
            points_h=points,
            source=_SESSION,
            acquired=False,
            status=status,
            basis=entry,
        )
    # R4: a grade of 10 or more after rounding gives the bloc.
    acquired = status is None and grade >= pass_h
    return UnitResult(
        code=unit.code,
        grade_h=grade,
        coefficient=coefficient,
        points_h=grade * coefficient,
        source=_SESSION,
        acquired=acquired,
        status=status,
        basis=entry,
    )


def _status(unit: Unit, status: UnitStatus) -> UnitResult:
    code = unit.code
    if status is _DISPENSED:
        if not unit.mandatory:
            # D643-13: an optional unit is chosen; not choosing it needs no dispense.
            raise GradingError(
                f"{code} est facultative : le candidat la choisit ou non, elle ne se "
                "dispense pas (D643-13, R6)",
                f"units.{code}.status",
            )
        if not unit.dispensable:
            raise GradingError(
                f"{code} ne peut jamais être dispensée (R6)", f"units.{code}.status"
            )
        return UnitResult(
            code=code,
            grade_h=None,
            coefficient=unit.coefficient,
            points_h=None,
            source=Source.DISPENSED,
            acquired=False,
            status=status,
            basis=status,
        )
    if status is _ABSENT or status is _FORCE_MAJEURE:
        # R3.3: an absence counts 0; an unjustified one also refuses the candidate.
        return UnitResult(
            code=code,
            grade_h=0,
            coefficient=unit.coefficient,
            points_h=0,
            source=_SESSION,
            acquired=False,
            status=status,
            basis=status,
        )
    raise GradingError(f"statut inconnu : {status}", f"units.{code}.status")


def _grades(values: tuple[Decimal, ...], path: str) -> list[int]:
    grades = []
    for index, value in enumerate(values):
        grade = _valid(value) if type(value) is Decimal else None
        grades.append(hundredths(value, f"{path}[{index}]") if grade is None else grade)
    return grades


def _situations(
    unit: Unit, entry: Situations, category: Category, policy: Policy
) -> Hundredths:
    code = unit.code
    if category.forms[code].mode is not Mode.CCF:
        raise GradingError(
            f"{code} n'est pas évaluée en CCF pour ce candidat (R1, D643-19)",
            f"units.{code}.situations",
        )
    if len(entry.grades) != unit.situations:
        raise GradingError(
            f"{code} compte {unit.situations} situations de CCF",
            f"units.{code}.situations",
        )
    grades = _grades(entry.grades, f"units.{code}.situations")
    exact = policy.rounding is _EXACT
    # R2: mean of the situations (policy ccf_weights), rounded per policy rounding.
    if len(grades) == 2 and code not in policy.ccf_weights:
        total = grades[0] + grades[1]
        if not exact:
            return -(-total // (2 * HALF_POINT)) * HALF_POINT  # ceil_half
        return total // 2 if total % 2 == 0 else Fraction(total, 2)
    return weighted_mean(grades, ccf_weights(unit, policy), exact)


def ccf_weights(unit: Unit, policy: Policy) -> list[int]:
    """Return the integer weights of a CCF unit's situations (policy `ccf_weights`)."""
    raw = policy.ccf_weights.get(unit.code)
    if raw is None:
        return [1] * unit.situations
    path = f"policy.ccf_weights.{unit.code}"
    if len(raw) != unit.situations:
        raise GradingError(f"{unit.code} demande {unit.situations} poids", path)
    return [_weight(w, f"{path}[{i}]") for i, w in enumerate(raw)]


def _weight(value: Decimal, path: str) -> int:
    if not value.is_finite() or value <= 0:
        raise GradingError("un poids est un nombre positif", path)
    scaled = value.scaleb(2)
    if scaled != int(scaled):
        raise GradingError("un poids a au plus deux décimales", path)
    return int(scaled)


def _parts(
    unit: Unit, entry: Parts, policy: Policy
) -> tuple[Hundredths, UnitStatus | None]:
    code = unit.code
    coefficients = unit.parts
    if coefficients is None:
        raise GradingError(f"{code} ne se passe pas en parties", f"units.{code}.parts")
    given = entry.grades
    if len(given) != len(coefficients):
        _check_part_names(coefficients, given, f"units.{code}.parts")
    numerator = 0
    status = None
    for name, coefficient in coefficients.items():
        value = given.get(name)
        grade = _valid(value) if type(value) is Decimal else None
        if grade is not None:
            numerator += grade * coefficient
        elif value is _ABSENT:
            status = _ABSENT  # policy: an absence at one part is an absence at the unit
        elif value is _FORCE_MAJEURE:
            # R3.3 policy u5_part_absence: the whole unit counts 0, or this part only.
            if policy.u5_part_absence is _WHOLE_UNIT and status is None:
                status = _FORCE_MAJEURE
        elif isinstance(value, Decimal):
            numerator += hundredths(value, f"units.{code}.parts.{name}") * coefficient
        else:
            _check_part_names(coefficients, given, f"units.{code}.parts")
            raise GradingError(
                "une note ou une absence est attendue", f"units.{code}.parts.{name}"
            )
    if status is not None:
        return 0, status
    denominator = sum(coefficients.values())
    if policy.rounding is not _EXACT:
        ceiled = -(-numerator // (denominator * HALF_POINT)) * HALF_POINT
        return ceiled, None  # ceil_half (R2)
    if numerator % denominator == 0:
        return numerator // denominator, None
    return Fraction(numerator, denominator), None


def part_absence_notice(code: str, entry: Parts, policy: Policy) -> Notice | None:
    """Return the warning for a force-majeure absence at one part (R3.3), or None."""
    absent = [n for n, v in entry.grades.items() if v is _FORCE_MAJEURE]
    if not absent or any(v is _ABSENT for v in entry.grades.values()):
        return None  # an unjustified absence decides (refuse_absent)
    whole = policy.u5_part_absence is _WHOLE_UNIT
    effect = f"{code} compte 0 en entier" if whole else "seule cette partie compte 0"
    parts = ", ".join(part_name(n) for n in absent)
    return notice(
        WarningCode.PART_ABSENCE,
        code,
        part=parts,
        effect=effect,
        policy=policy.u5_part_absence.value,
    )


def _check_part_names(
    expected: Mapping[str, int], given: Mapping[str, object], path: str
) -> None:
    for name in given:
        if name not in expected:
            raise GradingError("partie inconnue", f"{path}.{name}")
    for name in expected:
        if name not in given:
            raise GradingError("partie manquante", f"{path}.{name}")
