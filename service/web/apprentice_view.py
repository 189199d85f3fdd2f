"""What the apprentice pages show, shaped from an ``ApprenticeRecord`` (no rule here).

Every figure comes from ``service.operations.apprentice_record`` (itself on the
progress operations, R7 applied in SQL); this module only picks, orders and lays
out: one row per unit, the two charts' geometry, the lines of one unit's page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from grading import display
from service.models import Decision
from service.operations.apprentice_record import ApprenticeRecord, evolution
from service.operations.formative import AssessmentLine, ClassFigures
from service.operations.progress import ResultRow
from service.operations.projection import UnitNeedView
from service.operations.student_progress import (
    SubjectProgress,
    UnitProgress,
    YearLine,
)
from service.web.charts import BarChart, LineChart, UnitFigures, bar_chart, line_chart


@dataclass(frozen=True, slots=True)
class UnitRow:
    """One unit of the record: my average beside the class, and what it needs."""

    code: str
    title: str
    #: 0 for an optional unit.
    coefficient: Decimal
    mine: Decimal | None
    figures: ClassFigures | None
    projected: Decimal | None
    #: Where the projected grade comes from: held, formative, dispensed, no_data.
    basis: str | None
    need: UnitNeedView | None


@dataclass(frozen=True, slots=True)
class GradeLine:
    """One published formative grade of a unit's page, dated."""

    line: AssessmentLine
    subject: str
    held_on: date


@dataclass(frozen=True, slots=True)
class UnitPage:
    """One unit: its row, its years, its subjects' semesters and grades."""

    row: UnitRow
    years: tuple[YearLine, ...]
    subjects: tuple[SubjectProgress, ...]
    grades: tuple[GradeLine, ...]


def unit_rows(record: ApprenticeRecord) -> tuple[UnitRow, ...]:
    """Return the mandatory units (U1–U6), then the optional ones with grades (UF1)."""
    rows = (_row(record, code) for code in record.regulation.units)
    return tuple(row for row in rows if row.coefficient or row.figures is not None)


def _row(record: ApprenticeRecord, code: str) -> UnitRow:
    unit = record.regulation.units[code]
    mine: UnitProgress | None = next(
        (u for u in record.progress.units if u.unit == code), None
    )
    planned = next(
        (u for u in record.progress.projection.units if u.unit == code), None
    )
    return UnitRow(
        code=code,
        title=unit.title,
        coefficient=display(Fraction(unit.coefficient)),
        mine=None if mine is None else mine.average,
        figures=None if mine is None else mine.statistics,
        projected=None if planned is None else planned.grade,
        basis=None if planned is None else planned.basis,
        need=record.unit_needs.get(code),
    )


def units_chart(rows: tuple[UnitRow, ...]) -> BarChart:
    """Return the bar chart of the units with formative averages (mine, the class)."""
    return bar_chart(
        [
            UnitFigures(row.code, row.mine, row.figures.mean)
            for row in rows
            if row.figures is not None
        ]
    )


def evolution_chart(record: ApprenticeRecord) -> LineChart:
    """Return the line of the overall average after each assessment date."""
    return line_chart(evolution(record))


def unit_page(record: ApprenticeRecord, code: str) -> UnitPage:
    """Return the page of ``code``, one of the regulation's units."""
    row = _row(record, code)
    progress = record.progress
    unit = next((u for u in progress.units if u.unit == code), None)
    subjects = tuple(s for s in progress.subjects if code in s.units)
    names = {s.subject_id: s.name for s in subjects}
    grades = tuple(
        GradeLine(line, names[line.subject_id], record.dates[line.assessment_id])
        for line in progress.assessments
        if line.subject_id in names
        and (line.score is not None or line.status is not None)
    )
    return UnitPage(
        row=row,
        years=() if unit is None else unit.years,
        subjects=subjects,
        grades=tuple(sorted(grades, key=lambda g: (g.held_on, g.line.assessment_id))),
    )


#: An exam unit given as a status, as the results page names it (R3, R6).
UNIT_STATUSES = {
    "absent": "Absent·e",
    "absent_force_majeure": "Absent·e (force majeure)",
    "dispensed": "Dispensé·e",
}


@dataclass(frozen=True, slots=True)
class ResultUnit:
    """One unit of a published result, from the engine's stored explanation."""

    code: str
    grade: Decimal | None
    status: str | None
    coefficient: Decimal | None
    points: Decimal | None
    acquired: bool


@dataclass(frozen=True, slots=True)
class ResultView:
    """A published exam result: decision, average, units, the engine's lines."""

    session_year: int
    jury_date: date | None
    decision: Decision
    average: Decimal | None
    units: tuple[ResultUnit, ...]
    steps: tuple[str, ...]
    warnings: tuple[str, ...]


def result_views(results: Iterable[ResultRow]) -> tuple[ResultView, ...]:
    """Return the published results as the page shows them (numbers as Decimal)."""
    return tuple(_result_view(result) for result in results)


def _result_view(result: ResultRow) -> ResultView:
    explained: Mapping[str, Any] = result.explanation or {}
    units = tuple(
        ResultUnit(
            code,
            _number(unit.get("grade")),
            UNIT_STATUSES.get(unit.get("status") or "", unit.get("status")),
            _number(unit.get("coefficient")),
            _number(unit.get("points")),
            bool(unit.get("acquired")),
        )
        for code, unit in (explained.get("units") or {}).items()
    )
    return ResultView(
        result.session_year,
        result.jury_date,
        result.decision,
        _number(explained.get("average")),
        units,
        tuple(str(line) for line in explained.get("explanation") or ()),
        tuple(_warning(w) for w in explained.get("warnings") or ()),
    )


def _number(value: object) -> Decimal | None:
    """A JSON number of the stored explanation, exactly as written (12.5 → 12.5)."""
    return None if value is None else Decimal(str(value))


def _warning(warning: object) -> str:
    if isinstance(warning, Mapping):
        return str(warning.get("message", ""))
    return str(warning)
