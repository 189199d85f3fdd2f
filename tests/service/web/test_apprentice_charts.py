"""The charts' geometry (service/web/charts.py): pure numbers, no page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from service.web.charts import (
    BOTTOM,
    HEIGHT,
    LEFT,
    RIGHT,
    TOP,
    WIDTH,
    UnitFigures,
    bar_chart,
    line_chart,
    y_of,
)


def test_grades_map_to_the_plot_height_and_are_clamped() -> None:
    assert y_of(Decimal(20)) == TOP
    assert y_of(Decimal(0)) == HEIGHT - BOTTOM
    assert y_of(Decimal(10)) == (TOP + HEIGHT - BOTTOM) / 2
    assert y_of(Decimal(25)) == y_of(Decimal(20))
    assert y_of(Decimal(-1)) == y_of(Decimal(0))


def test_each_unit_gets_a_bar_from_the_baseline_and_a_class_mark() -> None:
    chart = bar_chart(
        [
            UnitFigures("U1", Decimal(15), Decimal(10)),
            UnitFigures("U2", Decimal("8.5"), Decimal(12)),
            UnitFigures("U3", None, Decimal(11)),
        ]
    )
    first, second, third = chart.bars
    assert [bar.label for bar in chart.bars] == ["U1", "U2", "U3"]
    assert first.y == y_of(Decimal(15))
    assert first.y + first.height == chart.frame.baseline
    assert first.class_y == y_of(Decimal(10)) == chart.frame.pass_y
    assert not first.below_pass
    assert second.below_pass  # 8.5 < 10
    assert third.y is None
    assert third.height == 0
    assert third.class_y == y_of(Decimal(11))
    # Bars stay inside the frame, in order, without overlapping.
    assert LEFT <= first.x < first.x + first.width < second.x
    assert third.x + third.width <= WIDTH - RIGHT
    assert first.class_x1 < first.x
    assert first.class_x2 > first.x + first.width


def test_the_grid_has_five_labelled_lines() -> None:
    assert [tick.label for tick in bar_chart([]).frame.ticks] == [
        "0",
        "5",
        "10",
        "15",
        "20",
    ]


def test_the_line_spreads_dates_over_the_width_in_order() -> None:
    chart = line_chart(
        [
            (date(2026, 1, 31), Decimal(12)),
            (date(2025, 10, 1), Decimal(9)),
            (date(2025, 11, 30), Decimal("10.5")),
        ]
    )
    xs = [point.x for point in chart.points]
    assert xs[0] == LEFT
    assert xs[-1] == WIDTH - RIGHT
    assert xs == sorted(xs)
    assert [p.value for p in chart.points] == [Decimal(9), Decimal("10.5"), Decimal(12)]
    assert chart.polyline == " ".join(f"{p.x},{p.y}" for p in chart.points)
    assert [(d.text, d.anchor) for d in chart.dates] == [
        ("01/10/2025", "start"),
        ("31/01/2026", "end"),
    ]


def test_one_date_sits_in_the_middle_and_no_date_draws_nothing() -> None:
    single = line_chart([(date(2025, 10, 1), Decimal(11))])
    assert single.points[0].x == (LEFT + WIDTH - RIGHT) / 2
    assert [d.anchor for d in single.dates] == ["middle"]
    empty = line_chart([])
    assert empty.points == ()
    assert empty.polyline == ""
    assert empty.dates == ()
