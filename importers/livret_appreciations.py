"""The trainers' appreciations of a student's livret (R8): a block as wide as
the sheet under the units table, a line per unit, each year's text in a half.

Out of the table, the appreciations leave it two text lines a unit; a line of
the block grows with its longer text. Page 1 ends after the last whole line
that fits (``page_breaks``), the others open page 2 above the model's other
parts; a page of their own when both overflow it.
"""

from openpyxl.worksheet.worksheet import Worksheet

from importers.livret_layout import COLUMN_WIDTHS, width
from importers.page_fit import page_height, row_top, text_height
from importers.report_records import Livret, LivretStudent, LivretUnitRow
from importers.xlsx_style import HEADER, LABEL, SUBTITLE, WRAP, merge, put, put_box

APPRECIATIONS_TITLE = "Appréciations des formateurs"
#: Each year's text spans a half of the sheet: columns 2–9, then 10–19.
YEAR_SPANS = ((2, 9), (10, len(COLUMN_WIDTHS)))
#: A page's room (points) per column widths: every livret sheet has the same.
_ROOMS: dict[tuple[float, ...], float] = {}


def write_appreciations(
    sheet: Worksheet, livret: Livret, student: LivretStudent, top: int
) -> range:
    """Write the block from row ``top``; return the rows of its unit lines."""
    put(sheet, top, 1, APPRECIATIONS_TITLE, SUBTITLE)
    header = top + 1
    put(sheet, header, 1, "Unité", HEADER)
    for (first, last), number in zip(YEAR_SPANS, (1, 2), strict=True):
        year = livret.year_labels[number - 1]
        label = f"{'1re' if number == 1 else '2e'} année ({year})"
        put_box(sheet, (header, first), (1, last - first + 1), label, HEADER)
    rows = {row.unit_code: row for row in student.units}
    lines = range(header + 1, header + 1 + len(livret.units))
    for index, (line, unit) in enumerate(zip(lines, livret.units, strict=True)):
        row = rows.get(unit.code, LivretUnitRow(unit_code=unit.code))
        texts = (row.appreciation_year_1, row.appreciation_year_2)
        put(sheet, line, 1, unit.code, LABEL)
        # Every other line's inner cells draw their neighbours' edges too.
        whole = index % 2 == 1 or line == lines[-1]
        _write_texts(sheet, line, texts, whole)
    return lines


def _write_texts(
    sheet: Worksheet, line: int, texts: tuple[str, str], whole: bool
) -> None:
    """Write a line's two texts, each merged over its half; the line's height."""
    heights = []
    for (first, last), text in zip(YEAR_SPANS, texts, strict=True):
        if whole:
            put_box(sheet, (line, first), (1, last - first + 1), text, WRAP)
        else:
            put(sheet, line, first, text, WRAP)
            if last == YEAR_SPANS[-1][1]:  # the first half's right edge is drawn
                put(sheet, line, last, None, WRAP)
            merge(sheet, line, first, line, last)
        heights.append((text, width(first, last)))
    sheet.row_dimensions[line].height = text_height(*heights)


def page_breaks(
    sheet: Worksheet, lines: range, extent: tuple[float, float]
) -> tuple[int, ...]:
    """Give the rows after which a page ends: page 1 after the block's last
    line that fits, and, when the lines left over and the other parts overflow
    page 2, after the block too. ``extent`` is the height (points) of the rows
    repeated on every page and how far down the sheet prints.
    """
    titles, bottom = extent
    room = _page_room(sheet)
    end, reached = lines.start - 3, row_top(sheet, lines.start)
    for line in lines:
        line_bottom = reached + sheet.row_dimensions[line].height
        if line_bottom > room:
            break
        end, reached = line, line_bottom
    if end == lines[-1] or titles + bottom - reached <= room:
        return (end,)
    return (end, lines[-1])


def _page_room(sheet: Worksheet) -> float:
    """Give the height a page holds of a livret sheet, computed once: it
    depends on the columns' widths only (``page_height``).
    """
    if (room := _ROOMS.get(COLUMN_WIDTHS)) is None:
        room = _ROOMS[COLUMN_WIDTHS] = page_height(sheet, len(COLUMN_WIDTHS))
    return room
