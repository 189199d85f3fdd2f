"""Shared look of the exported workbooks: named styles, safe cell writes, A4 pages.

Every value goes through :func:`put`: text through ``safe_text`` (reliability
D10, never a formula), ``Decimal`` as a number shown with two decimals (the
stored value stays exact), dates as real dates, ``None`` as an empty cell.
"""

import re
import weakref
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.cell_range import CellRange
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from importers.report_records import Rank
from importers.text import safe_text

#: Per workbook, the style array of each named style already applied once.
_STYLE_ARRAYS: weakref.WeakKeyDictionary[Workbook, dict[str, StyleArray]] = (
    weakref.WeakKeyDictionary()
)

#: The workbook written last and its style arrays (a weak reference and a dict).
_LAST_BOOK: list[Any] = []

#: What a writer may put in a cell.
CellValue = str | Decimal | int | date | Rank | None

TITLE = "carnet-titre"
SUBTITLE = "carnet-sous-titre"
HEADER = "carnet-entete"
LABEL = "carnet-libelle"
WRAPPED_LABEL = "carnet-libelle-long"
TEXT = "carnet-texte"
PLAIN = "carnet-phrase"
WRAP = "carnet-texte-long"
GRADE = "carnet-note"
STRONG_GRADE = "carnet-note-forte"
COUNT = "carnet-nombre"
DATE = "carnet-date"
NOTE = "carnet-remarque"
LINK = "carnet-lien"

FONT_NAME = "Calibri"
GRADE_FORMAT = "0.00"
DATE_FORMAT = "DD/MM/YYYY"

_THIN = Side(style="thin", color="808080")
_GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center")
_WRAP = Alignment(horizontal="left", vertical="center", wrap_text=True)
_TOP_WRAP = Alignment(horizontal="left", vertical="top", wrap_text=True)
#: Characters Excel refuses in a sheet name.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_MAX = 31
#: The longest text a cell holds (openpyxl cuts there too).
_TEXT_MAX = 32767
#: Values stored as numbers as they are (``bool`` would be a boolean).
_NUMBERS = (Decimal, int)


class _SharedStyle(StyleArray):
    """A named style's array, shared by every cell of that style, never changed.

    openpyxl hashes a cell's array to find its style id, twice per cell it
    saves (a tuple built each time): the hash is computed once. Changing the
    array (``cell.font = ...`` on a cell written by ``put``) raises instead of
    restyling every cell of the style.
    """

    __slots__ = ("_hash",)

    def __init__(self, values: StyleArray) -> None:
        self._hash = hash(tuple(values))

    def __hash__(self) -> int:  # type: ignore[override]
        return self._hash

    def __setitem__(self, index: Any, value: Any) -> None:
        raise TypeError("a named style's shared array is never changed")


def _font(**details: Any) -> Font:
    """Calibri, the workbook's default, named on every style: without a name,
    LibreOffice falls back to a wider serif font and the page layout drifts.
    """
    return Font(name=FONT_NAME, **details)


def _styles() -> tuple[NamedStyle, ...]:
    """Build fresh named styles (a NamedStyle binds to one workbook)."""
    return (
        NamedStyle(TITLE, font=_font(bold=True, size=14), alignment=_LEFT),
        NamedStyle(SUBTITLE, font=_font(bold=True, size=11), alignment=_LEFT),
        NamedStyle(
            HEADER,
            font=_font(bold=True, size=9),
            fill=_HEADER_FILL,
            border=_GRID,
            alignment=_CENTER,
        ),
        NamedStyle(LABEL, font=_font(bold=True, size=9), border=_GRID, alignment=_LEFT),
        NamedStyle(
            WRAPPED_LABEL, font=_font(bold=True, size=9), border=_GRID, alignment=_WRAP
        ),
        NamedStyle(TEXT, font=_font(size=9), border=_GRID, alignment=_LEFT),
        NamedStyle(WRAP, font=_font(size=9), border=_GRID, alignment=_TOP_WRAP),
        NamedStyle(
            GRADE,
            font=_font(size=9),
            border=_GRID,
            alignment=_CENTER,
            number_format=GRADE_FORMAT,
        ),
        NamedStyle(
            STRONG_GRADE,
            font=_font(bold=True, size=9),
            border=_GRID,
            alignment=_CENTER,
            number_format=GRADE_FORMAT,
        ),
        NamedStyle(COUNT, font=_font(size=9), border=_GRID, alignment=_CENTER),
        NamedStyle(
            DATE,
            font=_font(size=9),
            border=_GRID,
            alignment=_CENTER,
            number_format=DATE_FORMAT,
        ),
        NamedStyle(PLAIN, font=_font(size=10), alignment=_LEFT),
        # 9 points like the body: printed at ≥ 8 points once fitted (page_fit).
        NamedStyle(NOTE, font=_font(italic=True, size=9), alignment=_LEFT),
        NamedStyle(
            LINK, font=_font(size=9, color="0563C1", underline="single"), border=_GRID
        ),
    )


def new_workbook() -> Workbook:
    """Create an empty workbook (no default sheet) with Carnet's named styles."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for style in _styles():
        workbook.add_named_style(style)
    return workbook


def to_bytes(workbook: Workbook) -> bytes:
    """Serialise a workbook to xlsx bytes."""
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_value(value: CellValue) -> str | Decimal | int | date | None:
    """Turn a record value into what the cell stores; text is made safe (D10)."""
    if isinstance(value, str):
        return export_text(value)
    if isinstance(value, Rank):
        return str(value)
    return value


def export_text(value: str) -> str:
    """Make text safe for a cell: XML characters only, never a formula (D10)."""
    return safe_text(value)


def put(sheet: Worksheet, row: int, column: int, value: CellValue, style: str) -> Cell:
    """Write one value with a named style and return the cell.

    The cell is set in the sheet's cells as ``Worksheet.cell`` would keep it,
    without its slower look-up, and shares its style's array (never copied:
    the writers set a cell's style once, through this function only). Its
    slots are filled as ``Cell.__init__`` would; text, numbers and empty cells
    skip openpyxl's type inference: text made safe (D10) is stored as a
    string, never a formula.
    """
    cells = sheet._cells
    if isinstance(cells.get((row, column)), MergedCell):
        raise ValueError(f"cell {get_column_letter(column)}{row} is merged")
    cell = Cell.__new__(Cell)
    cell.parent = sheet
    cell.row, cell.column = row, column
    # ``_style`` and the others: openpyxl's slots, not in the stubs.
    cell._style = style_array(sheet, style)  # type: ignore[attr-defined]
    cell._hyperlink = cell._comment = None  # type: ignore[attr-defined]
    cell._value, cell.data_type = None, "n"  # type: ignore[attr-defined]
    stored = cell_value(value)
    if type(stored) is str:
        cell._value, cell.data_type = stored[:_TEXT_MAX], "s"  # type: ignore[attr-defined]
    elif type(stored) in _NUMBERS:
        cell._value = stored  # type: ignore[attr-defined]
    elif stored is not None:
        cell.value = stored
    cells[(row, column)] = cell
    return cell


def style_array(sheet: Worksheet, name: str) -> StyleArray:
    """Give the style array of a named style of the sheet's workbook.

    openpyxl looks a named style up by rebuilding its list of names on every
    assignment (15 % of a livret's time): it is looked up once per workbook.
    """
    book = sheet.parent
    assert book is not None, "a sheet of a workbook"
    if _LAST_BOOK and _LAST_BOOK[0]() is book:
        styles = _LAST_BOOK[1]
    else:
        styles = _STYLE_ARRAYS.setdefault(book, {})
        _LAST_BOOK[:] = [weakref.ref(book), styles]
    if (array := styles.get(name)) is None:
        probe = Cell(sheet, 1, 1)
        probe.style = name
        array = styles[name] = _SharedStyle(probe._style)  # type: ignore[attr-defined]
    return array  # type: ignore[no-any-return]


def put_row(
    sheet: Worksheet, row: int, values: Sequence[CellValue], style: str, first: int = 1
) -> None:
    """Write values left to right from column ``first``, all with one style."""
    for offset, value in enumerate(values):
        put(sheet, row, first + offset, value, style)


def put_box(
    sheet: Worksheet,
    top_left: tuple[int, int],
    size: tuple[int, int],
    value: str,
    style: str = WRAP,
) -> None:
    """Write a bordered, wrapped text box merged over ``size`` (rows, columns):
    its outline's cells, which draw its borders, the text in the first.

    Inside a merged box no edge is drawn. A box of several rows leaves out the
    inner cells of its top row under a bordered cell (Carnet's bordered styles
    draw the whole grid): that cell draws the edge.
    """
    row, column = top_left
    last_row, last_column = row + size[0] - 1, column + size[1] - 1
    put(sheet, row, column, value, style)
    cells = sheet._cells
    for r in range(row, last_row + 1):
        if r == last_row:
            outline: Iterable[int] = range(column, last_column + 1)
        elif r == row:
            inner = range(column + 1, last_column)
            outline = [c for c in inner if not _bordered(cells.get((r - 1, c)))]
            outline.append(last_column)
        else:
            outline = {column, last_column}
        for c in outline:
            if (r, c) != top_left:
                put(sheet, r, c, None, style)
    if (last_row, last_column) != (row, column):
        merge(sheet, row, column, last_row, last_column)


def _bordered(cell: Cell | MergedCell | None) -> bool:
    """Say whether a cell has a border (in Carnet's styles, the whole grid)."""
    return cell is not None and cell.border.bottom.style is not None


def merge(
    sheet: Worksheet, first_row: int, first_column: int, last_row: int, last_column: int
) -> None:
    """Merge a range whose cells are already styled.

    ``Worksheet.merge_cells`` (and even building a ``MergedCellRange``) re-derives
    the borders of the range's cells, which cost 70 % of a livret's writing
    time. The range's cells are styled by the caller, as Excel writes them, and
    the writer only needs the range's reference. The ranges go straight into
    their set: ``MultiCellRange.add`` first scans every range for one holding
    the new one, quadratic in a sheet's merges (a third of a livret's time).
    """
    # The bounds are set as ``CellRange.__init__`` would, without its
    # descriptors' type checks (the writers give positive integers).
    cell_range = CellRange.__new__(CellRange)
    vars(cell_range).update(
        min_col=first_column,
        min_row=first_row,
        max_col=last_column,
        max_row=last_row,
        title=None,
    )
    sheet.merged_cells.ranges.add(cell_range)


def set_widths(sheet: Worksheet, widths: Sequence[float]) -> None:
    """Set column widths from column A on."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def setup_page(
    sheet: Worksheet,
    *,
    landscape: bool,
    title_rows: str | None,
    one_page: bool = False,
) -> None:
    """Print on A4, fit to the page width (and height: ``one_page``), repeat
    ``title_rows`` (e.g. ``"5:6"``). ``importers.page_fit`` chooses.
    """
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3
    )
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    footer = sheet.oddFooter
    if footer is not None:
        footer.center.text = "Page &P / &N"


def sheet_title(index: int, text: str) -> str:
    """Build a unique, valid sheet name « 03 NOM Prénom » (≤ 31 characters)."""
    cleaned = _SHEET_FORBIDDEN.sub(" ", export_text(text)).replace("'", " ")
    title = f"{index:02d} {' '.join(cleaned.split())}"
    return title[:_SHEET_NAME_MAX].rstrip()


def sheet_reference(title: str, cell: str = "A1") -> str:
    """Give a quoted reference to a cell of a sheet, e.g. ``'01 DUPONT'!A1``."""
    return "'{}'!{}".format(title.replace("'", "''"), cell)
