"""The grade grid as the template prints it: every text ready and escaped once.

A grid of 24 students × 20 assessments is 480 cells of a dozen attributes each;
escaping the same name or title in every cell would cost more than loading the
grid. Each row's name and each column's label are escaped here once (Markup), and
each cell's value and version are already strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from service.operations.subject_grid import Cell, Column, Figures, SubjectGrid
from service.web.cell_forms import shown


@dataclass(frozen=True, slots=True)
class ColumnView:
    """One assessment's header and what every cell of its column repeats."""

    column: Column
    key: Markup
    #: « , Jeu de rôle (sur 20) »: the end of each cell's label.
    label: Markup
    figures: dict[str, str]


@dataclass(frozen=True, slots=True)
class CellView:
    """One cell: the value shown (« 12,5 », « ABS », empty) and its version."""

    value: Markup
    version: Markup


@dataclass(frozen=True, slots=True)
class RowView:
    """One student's row."""

    key: Markup
    name: Markup
    cells: list[CellView]
    mean: str


def grid_view(grid: SubjectGrid) -> tuple[list[ColumnView], list[RowView]]:
    """Return the grid's columns and rows ready for the template."""
    columns = [
        ColumnView(
            column,
            Markup(column.id),
            escape(f", {column.title} (sur {shown(column.max_score)})"),
            _figures(grid.figures[column.id]),
        )
        for column in grid.columns
    ]
    rows = [
        RowView(
            Markup(row.student_id),
            escape(row.name),
            [_cell(row.cells.get(column.id)) for column in grid.columns],
            shown(row.mean),
        )
        for row in grid.rows
    ]
    return columns, rows


EMPTY = CellView(Markup(""), Markup(""))


def _cell(cell: Cell | None) -> CellView:
    if cell is None:
        return EMPTY
    value = cell.status.value if cell.status is not None else shown(cell.score)
    # Digits, a comma or a status code: nothing to escape.
    return CellView(Markup(value), Markup(cell.version))


def _figures(figures: Figures) -> dict[str, str]:
    return {
        "mean": shown(figures.mean),
        "minimum": shown(figures.minimum),
        "maximum": shown(figures.maximum),
        "count": str(figures.count),
    }
