"""The geometry of the apprentice's two charts, drawn as inline SVG by the templates.

Pure functions of the figures to plot (grades out of 20): no Flask, no database.
Both charts share one frame (a ``viewBox`` the browser scales to the screen, so
they stay readable at 375 px) with a 0–20 axis and the pass line at 10.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

#: The frame, in SVG user units; the chart scales to its box (``width: 100%``).
WIDTH = 320
HEIGHT = 200
LEFT = 28  # room for the axis labels
RIGHT = 8
TOP = 10
BOTTOM = 30  # room for the unit labels or dates
TOP_GRADE = Decimal(20)
PASS_MARK = Decimal(10)
TICKS = (0, 5, 10, 15, 20)


def y_of(grade: Decimal) -> float:
    """Return the vertical position of a grade out of 20 (0 at the bottom)."""
    clamped = min(max(grade, Decimal(0)), TOP_GRADE)
    plot = HEIGHT - TOP - BOTTOM
    return round(TOP + plot * float(1 - clamped / TOP_GRADE), 1)


@dataclass(frozen=True, slots=True)
class Tick:
    """A horizontal grid line and its label."""

    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Frame:
    """What both charts share: the box, the 0–20 grid and the pass line at 10."""

    width: int
    height: int
    left: int
    right: float
    baseline: float
    pass_y: float
    ticks: tuple[Tick, ...]


FRAME = Frame(
    width=WIDTH,
    height=HEIGHT,
    left=LEFT,
    right=WIDTH - RIGHT,
    baseline=y_of(Decimal(0)),
    pass_y=y_of(PASS_MARK),
    ticks=tuple(Tick(y_of(Decimal(value)), str(value)) for value in TICKS),
)


@dataclass(frozen=True, slots=True)
class UnitFigures:
    """What the bar chart shows of one unit: my average and the class mean."""

    label: str
    mine: Decimal | None
    class_mean: Decimal | None


@dataclass(frozen=True, slots=True)
class Bar:
    """One unit: my bar (absent without a grade), the class mark, the label."""

    label: str
    label_x: float
    x: float
    width: float
    y: float | None
    height: float
    class_x1: float
    class_x2: float
    class_y: float | None
    below_pass: bool


@dataclass(frozen=True, slots=True)
class BarChart:
    """A bar per unit (my average) with the class mean as a mark over it."""

    frame: Frame
    bars: tuple[Bar, ...]


def bar_chart(units: Sequence[UnitFigures]) -> BarChart:
    """Lay out one bar per unit across the frame, in the order given."""
    baseline = FRAME.baseline
    slot = (FRAME.right - LEFT) / max(len(units), 1)
    bars = []
    for index, unit in enumerate(units):
        start = LEFT + slot * index
        width = slot * 0.5
        x = start + (slot - width) / 2
        top = None if unit.mine is None else y_of(unit.mine)
        bars.append(
            Bar(
                label=unit.label,
                label_x=round(start + slot / 2, 1),
                x=round(x, 1),
                width=round(width, 1),
                y=top,
                height=0 if top is None else round(baseline - top, 1),
                class_x1=round(start + slot * 0.1, 1),
                class_x2=round(start + slot * 0.9, 1),
                class_y=None if unit.class_mean is None else y_of(unit.class_mean),
                below_pass=unit.mine is not None and unit.mine < PASS_MARK,
            )
        )
    return BarChart(FRAME, tuple(bars))


@dataclass(frozen=True, slots=True)
class Point:
    """One dated value of a line, placed in the frame."""

    x: float
    y: float
    day: date
    value: Decimal


@dataclass(frozen=True, slots=True)
class DateLabel:
    """A date written under the horizontal axis."""

    x: float
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class LineChart:
    """Dated values joined by a line (``polyline`` is the polyline's attribute)."""

    frame: Frame
    points: tuple[Point, ...]
    polyline: str
    dates: tuple[DateLabel, ...]


def line_chart(series: Sequence[tuple[date, Decimal]]) -> LineChart:
    """Place dated values on a time axis: first date at the left, last at the right.

    Only the first and last dates are written under the axis, so the labels never
    overlap on a phone; every value is in the table beside the chart.
    """
    ordered = sorted(series)
    right = FRAME.right
    points = []
    if ordered:
        first, last = ordered[0][0], ordered[-1][0]
        span = (last - first).days
        for day, value in ordered:
            share = (day - first).days / span if span else 0.5
            x = round(LEFT + (right - LEFT) * share, 1)
            points.append(Point(x, y_of(value), day, value))
    return LineChart(
        FRAME,
        tuple(points),
        " ".join(f"{p.x},{p.y}" for p in points),
        _date_labels(points),
    )


def _date_labels(points: Sequence[Point]) -> tuple[DateLabel, ...]:
    if not points:
        return ()
    first, last = points[0], points[-1]
    if first.day == last.day:
        return (DateLabel(first.x, _short(first.day), "middle"),)
    return (
        DateLabel(first.x, _short(first.day), "start"),
        DateLabel(last.x, _short(last.day), "end"),
    )


def _short(day: date) -> str:
    return day.strftime("%d/%m/%Y")
