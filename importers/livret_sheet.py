"""One student's sheet of the livret scolaire, after the national BTS model (R8).

The units table comes first: per unit two lines, the student's averages and
the class's (S1, S2, year; S3, S4, year; over the training), the spread of
the class's year means in %, the rank. Under it the trainers' appreciations of
each year (``importers.livret_appreciations``). Then, left: the éléments
complémentaires, the company periods and the profile; right: the avis and the
cotation de la classe, the section's results and the visas
(``importers.livret_blocks``).
"""

from decimal import Decimal

from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from importers.livret_appreciations import page_breaks, write_appreciations
from importers.livret_blocks import (
    write_avis,
    write_company,
    write_complements,
    write_results,
    write_visas,
)
from importers.livret_layout import COLUMN_WIDTHS, LEFT, RIGHT, SPACER_HEIGHT
from importers.livret_profile import write_profile
from importers.page_fit import fit_sheet, row_top, text_height
from importers.report_records import (
    Distribution,
    Livret,
    LivretStudent,
    LivretUnitRow,
    UnitHeading,
    YearAverages,
)
from importers.xlsx_style import (
    COUNT,
    DATE,
    GRADE,
    HEADER,
    LABEL,
    LINK,
    STRONG_GRADE,
    TEXT,
    TITLE,
    WRAPPED_LABEL,
    CellValue,
    merge,
    put,
    put_row,
    set_widths,
    sheet_reference,
)

#: The identity's rows, repeated on every printed page.
IDENTITY_ROWS = (1, 4)
IDENTITY_TITLES = f"{IDENTITY_ROWS[0]}:{IDENTITY_ROWS[1]}"
#: Row of the two-line header of the units table.
TABLE_HEADER_ROW = 6
FIRST_UNIT_ROW = TABLE_HEADER_ROW + 2
#: First column of each year's block (S1 | S3), and the later columns.
YEAR_COLUMNS = (4, 10)
MEAN_COLUMN, RANK_COLUMN = 16, 17
SUMMARY_LINK_TEXT = "Retour à la synthèse"
STUDENT_LINE, CLASS_LINE = "Étudiant(e)", "Classe"
#: The identity's blocks: first column → (label's last column, value's last).
IDENTITY_SPANS = {1: (1, 3), 4: (5, LEFT[1]), RIGHT[0]: (RIGHT[0] + 1, RIGHT[1])}


def write_student_sheet(
    sheet: Worksheet,
    livret: Livret,
    student: LivretStudent,
    links: tuple[str, int],
) -> None:
    """Lay out a student's livret on an empty sheet, printable on A4 (R8).

    ``links`` are the summary sheet's title and the profile axis' top
    (``profile_scale``, computed once per livret).
    """
    summary_title, profile_top = links
    set_widths(sheet, COLUMN_WIDTHS)
    _write_identity(sheet, livret, student, summary_title)
    for spacer in (2, TABLE_HEADER_ROW - 1):
        sheet.row_dimensions[spacer].height = SPACER_HEIGHT
    _write_table_header(sheet, livret)
    top = _write_units(sheet, livret, student) + 2
    sheet.row_dimensions[top - 1].height = SPACER_HEIGHT
    lines = write_appreciations(sheet, livret, student, top)
    top = lines.stop + 1
    sheet.row_dimensions[top - 1].height = SPACER_HEIGHT
    left = write_complements(sheet, livret, student, top)
    left = write_company(sheet, student, left + 1)
    right = write_avis(sheet, livret, student, top)
    right = write_results(sheet, livret, right + 1)
    write_visas(sheet, livret, right + 1)
    # Last: the chart's place in points needs every row's height.
    chart_bottom = write_profile(sheet, livret, student, (left + 1, profile_top))
    # The model's other parts print on a second page: with the units table, they
    # cannot fit one A4 page at 8 points (docs/excel.md).
    bottom = max(chart_bottom, row_top(sheet, sheet.max_row + 1))
    titles = row_top(sheet, IDENTITY_ROWS[1] + 1)
    for row in page_breaks(sheet, lines, (titles, bottom)):
        sheet.row_breaks.append(Break(id=row))
    fit_sheet(sheet, len(COLUMN_WIDTHS), IDENTITY_TITLES, chart_bottom)


def _write_identity(
    sheet: Worksheet, livret: Livret, student: LivretStudent, summary_title: str
) -> None:
    put(sheet, 1, 1, f"Livret scolaire — {livret.diploma}", TITLE)
    link = put(sheet, 1, RIGHT[1], SUMMARY_LINK_TEXT, LINK)
    link.hyperlink = Hyperlink(
        ref=link.coordinate, location=sheet_reference(summary_title)
    )
    identity = student.identity
    facts: tuple[tuple[int, int, str, CellValue, str], ...] = (
        (3, 1, "Nom", identity.full_name, LABEL),
        (4, 1, "Classe", livret.cohort, LABEL),
        (3, 4, "Né(e) le", identity.birth_date, DATE),
        (4, 4, "INE", identity.ine, TEXT),
        (3, RIGHT[0], "Centre", livret.centre, TEXT),
        (4, RIGHT[0], "Session", livret.session, TEXT),
    )
    for row, column, label, value, style in facts:
        _fact(sheet, (row, column), label, (value, style))


def _fact(
    sheet: Worksheet,
    place: tuple[int, int],
    label: str,
    shown: tuple[CellValue, str],
) -> None:
    """Write a label and its value, each over the columns its block gives it."""
    row, column = place
    label_end, value_end = IDENTITY_SPANS[column]
    put_row(sheet, row, (label, *(None,) * (label_end - column)), LABEL, column)
    value, style = shown
    put_row(
        sheet,
        row,
        (value, *(None,) * (value_end - label_end - 1)),
        style,
        label_end + 1,
    )
    if label_end > column:
        merge(sheet, row, column, row, label_end)
    if value_end > label_end + 1:
        merge(sheet, row, label_end + 1, row, value_end)


def _write_table_header(sheet: Worksheet, livret: Livret) -> None:
    top, sub = TABLE_HEADER_ROW, TABLE_HEADER_ROW + 1
    put_row(sheet, top, ("Unité, coef.", "Intitulé", "Moyennes"), HEADER)
    put_row(sheet, sub, (None, None, None), HEADER)
    for first, (number, label) in zip(
        YEAR_COLUMNS, ((1, "1re"), (2, "2e")), strict=True
    ):
        year = livret.year_labels[number - 1]
        put_row(sheet, top, (f"{label} année ({year})", *(None,) * 5), HEADER, first)
        semesters = (f"S{2 * number - 1}", f"S{2 * number}", "Année")
        put_row(sheet, sub, (*semesters, "< 8 %", "8–12 %", "≥ 12 %"), HEADER, first)
        merge(sheet, top, first, top, first + 5)
    put_row(sheet, top, ("Sur 2 ans", "Rang"), HEADER, MEAN_COLUMN)
    put_row(sheet, sub, ("Moy.", None), HEADER, MEAN_COLUMN)
    for column in (1, 2, 3, RANK_COLUMN):
        merge(sheet, top, column, sub, column)
    sheet.row_dimensions[sub].height = text_height(lines=2)


def _write_units(sheet: Worksheet, livret: Livret, student: LivretStudent) -> int:
    """Write two lines per unit of the règlement, in its order; return the last row."""
    rows = {row.unit_code: row for row in student.units}
    row_number = FIRST_UNIT_ROW - 1
    for index, unit in enumerate(livret.units):
        row_number = FIRST_UNIT_ROW + 2 * index
        row = rows.get(unit.code, LivretUnitRow(unit_code=unit.code))
        last = index == len(livret.units) - 1
        _write_unit(sheet, row_number, unit, row, last)
        height = text_height((unit.title, COLUMN_WIDTHS[1]), lines=2)
        for line in (row_number, row_number + 1):
            sheet.row_dimensions[line].height = height / 2
        row_number += 1
    return row_number


def _write_unit(
    sheet: Worksheet,
    first: int,
    unit: UnitHeading,
    row: LivretUnitRow,
    last: bool = False,
) -> None:
    """Write a unit's two lines: reference over coefficient, title, averages.

    Cells with nothing to show whose edges the neighbours' borders already draw
    are not written (the student line's spread, the lower half of the merged
    title, the class line's rank): fewer cells to write.
    """
    second = first + 1
    put(sheet, first, 1, unit.code, LABEL)
    put(sheet, second, 1, unit.coefficient_label, TEXT)
    put(sheet, first, 2, unit.title, WRAPPED_LABEL)
    put(sheet, first, 3, STUDENT_LINE, LABEL)
    put(sheet, second, 3, CLASS_LINE, TEXT)
    years = (
        (row.year_1, row.class_year_1, row.distribution_year_1),
        (row.year_2, row.class_year_2, row.distribution_year_2),
    )
    for column, (mine, theirs, spread) in zip(YEAR_COLUMNS, years, strict=True):
        _averages(sheet, (first, column), mine, True)
        _averages(sheet, (second, column), theirs, False)
        put_row(sheet, second, _shares(spread), COUNT, column + 3)
    put(sheet, first, MEAN_COLUMN, row.student_mean, STRONG_GRADE)
    put(sheet, second, MEAN_COLUMN, row.class_mean, GRADE)
    put(sheet, first, RANK_COLUMN, row.rank, COUNT)
    if last:  # nothing under the table draws its bottom edge
        put(sheet, second, 2, None, LABEL)
        put(sheet, second, RANK_COLUMN, None, COUNT)
    merge(sheet, first, 2, second, 2)


def _averages(
    sheet: Worksheet, place: tuple[int, int], year: YearAverages, student: bool
) -> None:
    """Write S1, S2 and the year; the student's year mean stands out."""
    row, column = place
    put_row(sheet, row, (year.first_semester, year.second_semester), GRADE, column)
    put(sheet, row, column + 2, year.year, STRONG_GRADE if student else GRADE)


def _shares(spread: Distribution | None) -> tuple[Decimal | None, ...]:
    if spread is None:
        return (None, None, None)
    return spread.shares
