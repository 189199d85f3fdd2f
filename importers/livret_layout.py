"""The grid of a student's livret sheet: its columns and its two halves (R8)."""

import math

from openpyxl.worksheet.worksheet import Worksheet

from importers.page_fit import CHARS_PER_WIDTH, DEFAULT_ROW_HEIGHT

#: Unit and coefficient, title (two lines hold the règlement's), line; per year
#: S1, S2, year, % < 8, 8–12, ≥ 12; over the training; rank; two columns the
#: blocks under the table use. Narrow enough that landscape A4 keeps 9-point
#: text at ≥ 8 points (page_fit).
COLUMN_WIDTHS = (7.5, 24, 7.5) + (5, 5, 5, 4, 4.5, 4) * 2 + (5.5, 4.5, 11, 11)
#: Under the units table, blocks stand in two halves (first and last column).
LEFT = (1, 9)
RIGHT = (10, 19)
#: Blank rows between blocks are half a line high (page_fit).
SPACER_HEIGHT = 6


def width(first: int, last: int) -> float:
    """Give the width (column units) of columns ``first`` to ``last``."""
    return sum(COLUMN_WIDTHS[first - 1 : last])


def raise_height(sheet: Worksheet, row: int, height: float) -> None:
    """Make ``row`` at least ``height`` points tall: both halves share the rows."""
    dimension = sheet.row_dimensions[row]
    dimension.height = max(dimension.height or DEFAULT_ROW_HEIGHT, height)


def lines_needed(text: str, columns: float, minimum: int = 1) -> int:
    """Give how many default-height rows a box ``columns`` wide needs for ``text``.

    Boxes span rows of the default height instead of raising one row, so that a
    tall box of one half never stretches the other half's rows.
    """
    return max(minimum, math.ceil(len(text) / (columns * CHARS_PER_WIDTH)))
