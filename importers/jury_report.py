"""The jury's results table (procès-verbal de délibération) of a session."""

from collections import Counter

from openpyxl.worksheet.worksheet import Worksheet

from importers.page_fit import fit_sheet, text_height
from importers.report_records import JuryReport, JuryRow
from importers.xlsx_style import (
    COUNT,
    DATE,
    GRADE,
    HEADER,
    LABEL,
    NOTE,
    STRONG_GRADE,
    SUBTITLE,
    TEXT,
    TITLE,
    WRAP,
    WRAPPED_LABEL,
    merge,
    new_workbook,
    put,
    put_box,
    put_row,
    set_widths,
    to_bytes,
)

SHEET_TITLE = "Procès-verbal"
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
IDENTITY_HEADERS = ("N° candidat", "Nom", "Prénom", "Né(e) le")
RESULT_HEADERS = ("Total des points", "Diviseur", "Moyenne", "Décision", "Observations")
FIRST_UNIT_COLUMN = len(IDENTITY_HEADERS) + 1
TALLY_COUNT_COLUMN = 3
CODES_LEGEND = (
    "ABS : absent(e) · ABJ : absence justifiée (force majeure) · "
    "DISP : dispensé(e) · moyenne = total ÷ diviseur"
)
#: Wide enough for « Autorisé(e) aux épreuves de contrôle » on two lines at most.
DECISION_WIDTH = 20
REMARKS_WIDTH = 24


def write_jury_report(report: JuryReport) -> bytes:
    """Write the procès-verbal of a session as xlsx bytes (one sheet)."""
    workbook = new_workbook()
    sheet = workbook.create_sheet(SHEET_TITLE)
    _write_heading(sheet, report)
    header = (*IDENTITY_HEADERS, *(unit.code for unit in report.units), *RESULT_HEADERS)
    put_row(sheet, HEADER_ROW, header, HEADER)
    row = HEADER_ROW
    for row, candidate in enumerate(report.rows, start=FIRST_ROW):
        _write_candidate(sheet, row, candidate, len(report.units))
    row = _write_legend(sheet, row + 2, report)
    row = _write_tally(sheet, row + 1, report)
    _write_signatures(sheet, row + 1, report)
    units = (6 for _ in report.units)
    widths = (10, 16, 13, 10, *units, 8, 7, 8, DECISION_WIDTH, REMARKS_WIDTH)
    set_widths(sheet, widths)
    sheet.freeze_panes = f"C{FIRST_ROW}"
    fit_sheet(sheet, len(widths), f"{HEADER_ROW}:{HEADER_ROW}")
    return to_bytes(workbook)


def _write_heading(sheet: Worksheet, report: JuryReport) -> None:
    title = (
        f"Procès-verbal de délibération — {report.diploma} — session {report.session}"
    )
    put(sheet, 1, 1, title, TITLE)
    put(sheet, 2, 1, "Centre", LABEL)
    put_row(sheet, 2, (report.centre, None, None), TEXT, first=2)
    merge(sheet, 2, 2, 2, 4)
    put(sheet, 3, 1, "Date du jury", LABEL)
    put(sheet, 3, 2, report.jury_date, DATE)
    put(sheet, 3, 3, "Président(e)", LABEL)
    president = report.president or None
    put_row(sheet, 3, (president, None, None, None, None), TEXT, first=4)
    merge(sheet, 3, 4, 3, 8)


def _write_candidate(
    sheet: Worksheet, row: int, candidate: JuryRow, units: int
) -> None:
    identity = candidate.candidate
    names = (candidate.candidate_number, identity.last_name, identity.first_name)
    put_row(sheet, row, names, TEXT)
    put(sheet, row, 4, identity.birth_date, DATE)
    put_row(sheet, row, candidate.marks, GRADE, FIRST_UNIT_COLUMN)
    column = FIRST_UNIT_COLUMN + units
    put_row(sheet, row, (candidate.total, candidate.divisor), GRADE, column)
    put(sheet, row, column + 2, candidate.average, STRONG_GRADE)
    put(sheet, row, column + 3, candidate.decision, WRAPPED_LABEL)
    put(sheet, row, column + 4, candidate.remarks, WRAP)
    sheet.row_dimensions[row].height = text_height(
        (candidate.decision, DECISION_WIDTH), (candidate.remarks, REMARKS_WIDTH)
    )


def _write_legend(sheet: Worksheet, top: int, report: JuryReport) -> int:
    """Name every unit and the codes; return the last row used."""
    for offset, unit in enumerate(report.units):
        put(sheet, top + offset, 1, f"{unit.code} : {unit.title}", NOTE)
    last = top + len(report.units)
    put(sheet, last, 1, CODES_LEGEND, NOTE)
    return last


def _write_tally(sheet: Worksheet, top: int, report: JuryReport) -> int:
    """Count the candidates per decision; return the last row used."""
    put(sheet, top, 1, "Récapitulatif", SUBTITLE)
    tally = sorted(Counter(candidate.decision for candidate in report.rows).items())
    rows = (*tally, ("Candidats", len(report.rows)))
    for row, (label, count) in enumerate(rows, start=top + 1):
        put_row(sheet, row, (label, None), LABEL)  # a full label over two columns
        merge(sheet, row, 1, row, 2)
        put(sheet, row, TALLY_COUNT_COLUMN, count, COUNT)
    return top + len(rows)


def _write_signatures(sheet: Worksheet, row: int, report: JuryReport) -> None:
    put(sheet, row, 1, "Le président ou la présidente du jury", SUBTITLE)
    put(sheet, row, 6, "Les membres du jury", SUBTITLE)
    put_box(sheet, (row + 1, 1), (3, 4), report.president)
    put_box(sheet, (row + 1, 6), (3, 8), "")
