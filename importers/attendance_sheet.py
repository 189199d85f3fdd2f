"""A cohort's monthly sign-in sheet (« feuille d'émargement », R8), on A4.

One sheet for the month when it prints on one A4 page with its text at 8 points
or more (``page_fit``), else one sheet per week. Rows are the apprentices, columns
the half-days (date, morning or afternoon, hours); each cell holds the roll call's
code (« P », « ABS », « R 15 », « D 30 », blank when not taken). The apprentice
signs in the last column, the trainer under each half-day.
"""

from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from importers.attendance_records import (
    SheetHalfDay,
    SignInLine,
    SignInSheet,
    day_label,
    month_label,
)
from importers.page_fit import PageFit, choose_fit, fit_sheet, sheet_size, text_height
from importers.xlsx_style import (
    COUNT,
    HEADER,
    LABEL,
    NOTE,
    SUBTITLE,
    TEXT,
    TITLE,
    WRAPPED_LABEL,
    merge,
    new_workbook,
    put,
    put_row,
    set_widths,
    to_bytes,
)

HEADER_ROW = 4
TRAINER_ROW = HEADER_ROW + 3
FIRST_ROW = TRAINER_ROW + 1
NAME_WIDTH = 22
HALF_DAY_WIDTH = 8.5
SIGNATURE_WIDTH = 16
#: An apprentice's row, tallest first (room to sign): the tallest that keeps
#: the sheet on one page, else the last. The trainers sign in a taller row.
LINE_HEIGHTS = (20, 18, 16, 15)
TRAINER_SIGNATURE_HEIGHT = 32
#: The blank row between the title and the table.
SPACER_HEIGHT = 6
LEGEND = (
    "P : présent(e) · ABS : absent(e) · R 15 : arrivé(e) avec 15 min de retard · "
    "D 30 : parti(e) 30 min avant la fin · case vide : appel non fait"
)


def write_sign_in_sheet(sheet: SignInSheet) -> bytes:
    """Write the month's sign-in sheet as xlsx bytes (one sheet, or one a week)."""
    workbook = new_workbook()
    month, fit = _write_page(workbook, month_label(sheet.month), sheet, sheet.half_days)
    weeks = _weeks(sheet.half_days)
    if not fit.one_page and len(weeks) > 1:
        workbook.remove(month)
        for week in weeks:
            _write_page(workbook, _week_title(week), sheet, week)
    return to_bytes(workbook)


def _weeks(half_days: Sequence[SheetHalfDay]) -> list[tuple[SheetHalfDay, ...]]:
    """Group the half-days by ISO week, in order."""
    weeks: dict[tuple[int, int], list[SheetHalfDay]] = {}
    for half_day in half_days:
        year, week, _ = half_day.day.isocalendar()
        weeks.setdefault((year, week), []).append(half_day)
    return [tuple(week) for week in weeks.values()]


def _week_title(week: Sequence[SheetHalfDay]) -> str:
    """A sheet name « semaine du 02-11 » (no « / » in sheet names)."""
    return f"semaine du {week[0].day:%d-%m}"


def _period(half_days: Sequence[SheetHalfDay]) -> str:
    """« du 02/11/2026 au 06/11/2026 »: the first and last half-days' dates."""
    first, last = half_days[0].day, half_days[-1].day
    return f"du {first:%d/%m/%Y} au {last:%d/%m/%Y}"


def _write_page(
    workbook: Workbook,
    title: str,
    sheet: SignInSheet,
    half_days: Sequence[SheetHalfDay],
) -> tuple[Worksheet, PageFit]:
    """Lay out the sign-in sheet of ``half_days`` on a new worksheet, set up
    for A4; return it and how it prints."""
    page = workbook.create_sheet(title)
    heading = f"Feuille d'émargement — {sheet.cohort} — {month_label(sheet.month)}"
    put(page, 1, 1, heading, TITLE)
    put(page, 2, 1, f"{sheet.centre} — {_period(half_days)}", SUBTITLE)
    _write_header(page, half_days)
    columns = [sheet.half_days.index(half_day) for half_day in half_days]
    row = FIRST_ROW - 1  # no apprentice: the trainers' row comes first
    for row, line in enumerate(sheet.lines, start=FIRST_ROW):
        _write_line(page, row, line, columns)
    last = _write_trainer_signatures(page, row + 1, len(half_days))
    put(page, last + 1, 1, LEGEND, NOTE)
    page.row_dimensions[HEADER_ROW - 1].height = SPACER_HEIGHT
    widths = (NAME_WIDTH, *([HALF_DAY_WIDTH] * len(half_days)), SIGNATURE_WIDTH)
    set_widths(page, widths)
    page.freeze_panes = f"B{FIRST_ROW}"
    _size_lines(page, len(sheet.lines), len(widths))
    fit = fit_sheet(page, len(widths), f"{HEADER_ROW}:{TRAINER_ROW}")
    return page, fit


def _size_lines(page: Worksheet, lines: int, columns: int) -> None:
    """Give the apprentices' rows the tallest height that fits one page."""
    for height in LINE_HEIGHTS:
        for row in range(FIRST_ROW, FIRST_ROW + lines):
            page.row_dimensions[row].height = height
        if choose_fit(*sheet_size(page, columns)).one_page:
            return


def _write_header(page: Worksheet, half_days: Sequence[SheetHalfDay]) -> None:
    """Three header rows (date, slot, hours) and the row of trainers."""
    signature = len(half_days) + 2
    for column, title in ((1, "Apprenti·e"), (signature, "Signature de l'apprenti·e")):
        put_row(page, HEADER_ROW, (title,), HEADER, first=column)
        for row in (HEADER_ROW + 1, HEADER_ROW + 2):
            put(page, row, column, None, HEADER)
        merge(page, HEADER_ROW, column, HEADER_ROW + 2, column)
    put(page, TRAINER_ROW, 1, "Formateur·rice", LABEL)
    put(page, TRAINER_ROW, signature, None, TEXT)
    trainer_texts = []
    for column, half_day in enumerate(half_days, start=2):
        put(page, HEADER_ROW, column, day_label(half_day.day), HEADER)
        put(page, HEADER_ROW + 1, column, half_day.slot, HEADER)
        put(page, HEADER_ROW + 2, column, _unbroken_hours(half_day.hours), HEADER)
        trainers = ", ".join(half_day.trainers)
        put(page, TRAINER_ROW, column, trainers or None, WRAPPED_LABEL)
        trainer_texts.append((trainers, HALF_DAY_WIDTH))
    hours = [(half_day.hours, HALF_DAY_WIDTH) for half_day in half_days]
    page.row_dimensions[HEADER_ROW + 2].height = text_height(*hours)
    page.row_dimensions[TRAINER_ROW].height = text_height(*trainer_texts)


def _unbroken_hours(hours: str) -> str:
    """Keep « 8 h 30 » whole when the cell wraps: no-break spaces around « h »."""
    return hours.replace(" h", "\u00a0h").replace("h ", "h\u00a0")


def _write_line(
    page: Worksheet, row: int, line: SignInLine, columns: Sequence[int]
) -> None:
    put(page, row, 1, line.identity.full_name, LABEL)
    for column, index in enumerate(columns, start=2):
        mark = line.marks[index]
        put(page, row, column, None if mark is None else mark.code, COUNT)
    put(page, row, len(columns) + 2, None, TEXT)


def _write_trainer_signatures(page: Worksheet, row: int, half_days: int) -> int:
    """A row where each half-day's trainer signs; return its row."""
    put(page, row, 1, "Signature du formateur·rice", WRAPPED_LABEL)
    put_row(page, row, [None] * (half_days + 1), TEXT, first=2)
    page.row_dimensions[row].height = TRAINER_SIGNATURE_HEIGHT
    return row
