"""Printing a sheet on A4 with readable text: one page when it fits, else by width.

A sheet is fitted to one A4 page (portrait, else landscape) only when its text
then stays at least ``MIN_PRINTED_POINTS``; otherwise it is printed landscape,
fitted to the page width, on as many pages as it needs, with its print titles
repeated. The writers size their columns so that the width alone never scales
the body text below that size (LibreOffice's PDF renders check it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from importers.xlsx_style import setup_page

#: A4 in points (portrait), and the margins ``setup_page`` sets (inches × 72).
A4 = (595.0, 842.0)
SIDE_MARGINS = 2 * 0.4 * 72
TOP_BOTTOM_MARGINS = 2 * 0.6 * 72
#: Room kept for the footer, and the margin of error of the estimate.
SLACK = 12.0
SAFETY = 1.03
#: The body text's size in the named styles, and the smallest size printed.
BODY_POINTS = 9.0
MIN_PRINTED_POINTS = 8.0
MIN_SCALE = MIN_PRINTED_POINTS / BODY_POINTS
#: Points per unit of column width (Calibri's digit, plus padding), as
#: LibreOffice lays the columns out (measured on its PDF renders).
POINTS_PER_WIDTH = 5.95
COLUMN_PADDING = 3.75
DEFAULT_COLUMN_WIDTH = 8.43
#: A row without a set height holds one line of 9-point text.
DEFAULT_ROW_HEIGHT = 12.75
#: A wrapped 9-point line, and how many 9-point characters fit in a unit of width.
LINE_HEIGHT = 12
CHARS_PER_WIDTH = 1.2


@dataclass(frozen=True, slots=True)
class PageFit:
    """How a sheet prints: its orientation and whether it fits one page."""

    landscape: bool
    one_page: bool
    scale: float


def choose_fit(width: float, height: float) -> PageFit:
    """Choose the orientation and fit of a ``width`` × ``height`` points sheet."""
    fits = []
    for landscape in (False, True):
        page_width, page_height = A4[::-1] if landscape else A4
        usable_width = page_width - SIDE_MARGINS - SLACK
        usable_height = page_height - TOP_BOTTOM_MARGINS - SLACK
        scale = min(1.0, usable_width / width, usable_height / height)
        fits.append(PageFit(landscape, scale >= MIN_SCALE * SAFETY, scale))
    for fit in fits:  # portrait first, as documents are
        if fit.one_page:
            return fit
    landscape_width = A4[1] - SIDE_MARGINS - SLACK
    return PageFit(True, False, min(1.0, landscape_width / width))


def fit_sheet(
    sheet: Worksheet, columns: int, title_rows: str | None, chart_bottom: float = 0
) -> PageFit:
    """Set up the printing of ``sheet`` (its first ``columns``) on A4 and say how."""
    fit = choose_fit(*sheet_size(sheet, columns, chart_bottom))
    setup_page(
        sheet, landscape=fit.landscape, title_rows=title_rows, one_page=fit.one_page
    )
    return fit


def sheet_size(
    sheet: Worksheet, columns: int, chart_bottom: float = 0
) -> tuple[float, float]:
    """Estimate the printed size (points) of the first ``columns`` columns.

    Rows count their set height, or one line; ``chart_bottom`` is how far down a
    chart reaches, when it hangs below the last row.
    """
    widths = sheet.column_dimensions
    width = sum(
        (widths[letter].width if letter in widths else DEFAULT_COLUMN_WIDTH)
        * POINTS_PER_WIDTH
        + COLUMN_PADDING
        for letter in _letters(columns)
    )
    rows = sheet.row_dimensions
    height = sum(
        rows[row].height if row in rows and rows[row].height else DEFAULT_ROW_HEIGHT
        for row in range(1, sheet.max_row + 1)
    )
    return width, max(height, chart_bottom)


def page_height(sheet: Worksheet, columns: int) -> float:
    """Give how much of the sheet's height (points) a landscape A4 page holds
    when the sheet is fitted to the page's width, with the margin of error.
    """
    width, _ = sheet_size(sheet, columns)
    scale = choose_fit(width, math.inf).scale
    return (A4[0] - TOP_BOTTOM_MARGINS - SLACK) / scale / SAFETY


def text_height(*texts: tuple[str, float], lines: int = 1) -> float:
    """Estimate the height (points) of a row whose 9-point texts each wrap in a
    column ``width`` units wide; at least ``lines`` lines.
    """
    wrapped = [
        math.ceil(len(text) / (width * CHARS_PER_WIDTH)) for text, width in texts
    ]
    return LINE_HEIGHT * max([lines, *wrapped]) + 2


def row_top(sheet: Worksheet, row: int) -> float:
    """Give the distance (points) from the sheet's top to the top of ``row``."""
    rows = sheet.row_dimensions
    return sum(
        rows[r].height if r in rows and rows[r].height else DEFAULT_ROW_HEIGHT
        for r in range(1, row)
    )


def _letters(columns: int) -> list[str]:
    return [get_column_letter(index) for index in range(1, columns + 1)]
