"""A student's projection through the engine: held units, predictions, what is needed.

The rows given here were already filtered for the caller (R7): a student's
projection never uses a CCF grade before its results are published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from http import HTTPStatus
from typing import TypeVar

from grading import (
    Candidate,
    GradingError,
    Regulation,
    RegulationError,
    Session,
    Situations,
    UnitEntry,
    display,
    evaluate,
    load_regulation,
    project,
    units_held,
)
from grading.projection import needed_per_unit
from service.operations.progress import BlocRow, CcfRow
from service.problems import Problem

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class UnitForecast:
    """A unit's projected grade and where it comes from (held, formative …)."""

    unit: str
    grade: Decimal | None
    basis: str


@dataclass(frozen=True, slots=True)
class UnitNeedView:
    """What one unit still to take needs while the others keep their projection."""

    unit: str
    status: str
    grade: Decimal | None


@dataclass(frozen=True, slots=True)
class NeedView:
    """The lowest uniform grade on the units still to take that reaches 10, and
    each such unit's own need (``grading.projection.needed_per_unit``, R3.4)."""

    status: str
    grade: Decimal | None
    remaining: tuple[str, ...]
    per_unit: tuple[UnitNeedView, ...]


@dataclass(frozen=True, slots=True)
class ProjectionView:
    """The predicted result of the coming session, as the engine computes it."""

    units: tuple[UnitForecast, ...]
    missing: tuple[str, ...]
    decision: str
    average: Decimal | None
    exact_average: Fraction | None
    total_points: Decimal
    divisor: Decimal  # a regulation may have decimal coefficients (R9)
    professional_average: Decimal | None
    need: NeedView


def ccf_unit_grades(
    situations: Iterable[CcfRow], regulation: Regulation, session: Session
) -> dict[str, Decimal]:
    """Return the grade of each CCF unit whose situations are all graded (R2)."""
    by_unit: dict[str, list[CcfRow]] = {}
    for situation in situations:
        by_unit.setdefault(situation.unit, []).append(situation)
    units: dict[str, UnitEntry] = {}
    for code, rows in by_unit.items():
        unit = regulation.units.get(code)
        grades = tuple(r.grade for r in rows if r.grade is not None)
        if unit is not None and unit.situations and len(grades) == unit.situations:
            units[code] = Situations(grades)
    if not units:
        return {}
    candidate = Candidate(session, units, regulation=regulation.id)
    result = _engine(lambda: evaluate(candidate, regulation))
    graded = {code: result.units[code].grade for code in units}
    return {code: display(grade) for code, grade in graded.items() if grade is not None}


def held_units(
    ccf: Mapping[str, Decimal], blocs: Iterable[BlocRow], session_year: int
) -> dict[str, Decimal]:
    """Return the units held at the session: valid blocs (R4), then this session's CCF.

    The engine's ``units_held`` applies R4 and R5 under the ``session`` policy.
    """
    return units_held(blocs, Session(session_year), ccf)


def projection_view(
    regulation: Regulation,
    session: Session,
    held: Mapping[str, Decimal],
    formative_by_unit: Mapping[str, Fraction],
    dispensed: Iterable[str] = (),
) -> ProjectionView:
    """Project the coming session through the engine and say what is still needed."""
    excused = tuple(dispensed)
    outcome = _engine(
        lambda: project(regulation, session, held, formative_by_unit, excused)
    )
    result, need = outcome.result, outcome.need
    per_unit = _engine(lambda: needed_per_unit(regulation, outcome.predictions))
    return ProjectionView(
        units=tuple(
            UnitForecast(p.unit, p.grade, p.basis.value)
            for p in outcome.predictions.values()
        ),
        missing=outcome.missing,
        decision=result.decision.value,
        average=result.average_display,
        exact_average=result.average,
        total_points=display(result.total_points),
        divisor=display(result.divisor),
        professional_average=result.professional_average_display,
        need=NeedView(
            need.status.value,
            need.grade,
            need.remaining,
            tuple(
                UnitNeedView(code, unit.status.value, unit.grade)
                for code, unit in per_unit.items()
            ),
        ),
    )


def regulation_of(regulation_id: str, session_year: int | None = None) -> Regulation:
    """Return the regulation in force at a session (the latest without a year, R9).

    An unknown one answers 409, never a 500.
    """
    return _engine(lambda: load_regulation(regulation_id, session_year))


def _engine(compute: Callable[[], T]) -> T:
    try:
        return compute()
    except (GradingError, RegulationError) as error:
        raise Problem(
            HTTPStatus.CONFLICT, f"Données d'examen incohérentes : {error}"
        ) from error
