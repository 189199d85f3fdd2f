"""Projection for students: predicted unit grades and result, what is still needed."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import NamedTuple

from grading.candidate import Candidate, Grade, Session, UnitEntry, UnitStatus
from grading.errors import GradingError
from grading.evaluation import evaluate
from grading.numbers import MAX_GRADE, Hundredths, display, hundredths
from grading.regulation import Coefficient, Regulation
from grading.result import Result


class Basis(StrEnum):
    """Where a projected unit grade comes from."""

    HELD = "held"  # a grade already obtained (published result or kept benefit)
    FORMATIVE = "formative"  # the student's formative average in the unit (R8)
    DISPENSED = "dispensed"
    NO_DATA = "no_data"  # nothing to predict from: no guess is made


class UnitPrediction(NamedTuple):
    """A unit's projected grade, or None when there is no data."""

    unit: str
    grade: Decimal | None
    basis: Basis


class NeedStatus(StrEnum):
    """The answer to "what do I still need?"."""

    ALREADY_REACHED = "already_reached"
    NEEDED = "needed"
    OUT_OF_REACH = "out_of_reach"


class Need(NamedTuple):
    """The lowest uniform grade on the remaining units that reaches the pass mark."""

    status: NeedStatus
    grade: Decimal | None
    remaining: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Projection:
    """Predicted unit grades, the result they would give, and what is still needed."""

    predictions: Mapping[str, UnitPrediction]
    result: Result
    missing: tuple[str, ...]
    need: Need


def predict_units(
    regulation: Regulation,
    held: Mapping[str, Decimal],
    formative_by_unit: Mapping[str, Fraction],
    dispensed: Iterable[str] = (),
) -> dict[str, UnitPrediction]:
    """Return each mandatory unit's projected grade: held, formative, or no data."""
    excused = set(dispensed)
    predictions = {}
    for unit in regulation.mandatory_units:
        code = unit.code
        if code in held:
            predictions[code] = UnitPrediction(code, held[code], Basis.HELD)
        elif code in excused:
            predictions[code] = UnitPrediction(code, None, Basis.DISPENSED)
        elif code in formative_by_unit:
            grade = display(formative_by_unit[code])
            predictions[code] = UnitPrediction(code, grade, Basis.FORMATIVE)
        else:
            predictions[code] = UnitPrediction(code, None, Basis.NO_DATA)
    return predictions


def project(
    regulation: Regulation,
    session: Session,
    held: Mapping[str, Decimal],
    formative_by_unit: Mapping[str, Fraction],
    dispensed: Iterable[str] = (),
) -> Projection:
    """Return the projected result through the same evaluation, and what is needed."""
    excused = tuple(dispensed)
    predictions = predict_units(regulation, held, formative_by_unit, excused)
    units: dict[str, UnitEntry] = {}
    for code, prediction in predictions.items():
        if prediction.basis is Basis.DISPENSED:
            units[code] = UnitStatus.DISPENSED
        elif prediction.grade is not None:
            units[code] = Grade(prediction.grade)
    candidate = Candidate(session, units, regulation=regulation.id)
    missing = tuple(c for c, p in predictions.items() if p.basis is Basis.NO_DATA)
    return Projection(
        predictions,
        evaluate(candidate, regulation),
        missing,
        still_needed(regulation, held, excused),
    )


def still_needed(
    regulation: Regulation,
    held: Mapping[str, Decimal],
    dispensed: Iterable[str] = (),
    optional: Mapping[str, Decimal] | None = None,
) -> Need:
    """Return the lowest uniform grade on the units still to take that reaches 10/20.

    Grades carry two decimals, so the answer is rounded up to the hundredth: with it
    the total reaches 10 × divisor, with 0.01 less it does not (R3.4).
    """
    excused = set(dispensed)
    divisor: Coefficient = 0
    points: Hundredths = 0
    remaining = []
    for unit in regulation.mandatory_units:
        code = unit.code
        if code in excused:
            if not unit.dispensable:
                raise GradingError(
                    f"{code} ne peut jamais être dispensée (R6)", f"dispensed.{code}"
                )
            continue
        divisor += unit.coefficient
        if code in held:
            points += hundredths(held[code], f"held.{code}") * unit.coefficient
        else:
            remaining.append(unit)
    for code, value in (optional or {}).items():
        # R3.2: an optional unit only brings its points above 10.
        above = hundredths(value, f"optional.{code}") - regulation.pass_mark * 100
        points += max(0, above)
    short = regulation.pass_mark * 100 * divisor - points
    codes = tuple(unit.code for unit in remaining)
    if short <= 0:
        return Need(NeedStatus.ALREADY_REACHED, None, codes)
    weight = sum(unit.coefficient for unit in remaining)
    needed = -(-short // weight) if weight else MAX_GRADE + 1
    if needed > MAX_GRADE:
        return Need(NeedStatus.OUT_OF_REACH, None, codes)
    return Need(NeedStatus.NEEDED, Decimal(needed).scaleb(-2), codes)


def needed_per_unit(
    regulation: Regulation, predictions: Mapping[str, UnitPrediction]
) -> dict[str, Need]:
    """Return, for each unit still to take, what it needs if the others hold.

    ``still_needed`` answers with one uniform grade over every unit not held, which
    ignores the formative averages the projection uses; this asks instead: with the
    other units at their projected grade, what does this one need to reach 10 (R3.4)?
    So a projection of ``admis`` never sits beside a unit needing more than its
    current average. Units without data stay among the ones to take.
    """
    excused = [c for c, p in predictions.items() if p.basis is Basis.DISPENSED]
    known = {
        c: p.grade
        for c, p in predictions.items()
        if p.grade is not None and p.basis in (Basis.HELD, Basis.FORMATIVE)
    }
    needs = {}
    for code, prediction in predictions.items():
        if prediction.basis not in (Basis.HELD, Basis.DISPENSED):
            others = {c: grade for c, grade in known.items() if c != code}
            needs[code] = still_needed(regulation, others, excused)
    return needs
