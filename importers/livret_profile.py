"""The profile of a student's livret (R8): student mean ÷ class mean × 10 per unit,
as numbers and as a chart on one scale for every student of the livret.
"""

import math

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from importers.page_fit import row_top
from importers.report_records import Livret, LivretStudent
from importers.xlsx_style import (
    COUNT,
    GRADE,
    HEADER,
    LABEL,
    NOTE,
    SUBTITLE,
    put,
    put_row,
)

#: 10 is the class mean on the profile scale (student ÷ class × 10).
PROFILE_REFERENCE = 10
#: The profile axis tops at 20 (twice the class mean), or higher in steps of 5.
PROFILE_SCALE_MIN_TOP = 20
PROFILE_SCALE_STEP = 5
#: The profile's table (3 columns) and its chart, under the company periods.
PROFILE_COLUMN = 1
PROFILE_CHART_CM = (5, 5)
POINTS_PER_CM = 72 / 2.54


def write_profile(
    sheet: Worksheet, livret: Livret, student: LivretStudent, place: tuple[int, int]
) -> float:
    """Write the profile values and their chart; return how far down it reaches."""
    top, scale = place
    column = PROFILE_COLUMN
    put(sheet, top, column, "Profil (moyenne ÷ moyenne de la classe × 10)", SUBTITLE)
    header = top + 1
    titles = ("Unité", "Profil de l'étudiant", "Classe")
    put_row(sheet, header, titles, HEADER, first=column)
    rows = {row.unit_code: row for row in student.units}
    last = header
    for last, unit in enumerate(livret.units, start=header + 1):
        row = rows.get(unit.code)
        put(sheet, last, column, unit.code, LABEL)
        put(sheet, last, column + 1, row.profile if row else None, GRADE)
        put(sheet, last, column + 2, PROFILE_REFERENCE, COUNT)
    put(sheet, last + 1, column, "10 = moyenne de la classe dans l'unité.", NOTE)
    chart = _profile_chart(sheet, header, last, scale)
    anchor = f"{get_column_letter(column + 3)}{header}"
    sheet.add_chart(chart, anchor)
    return row_top(sheet, header) + PROFILE_CHART_CM[1] * POINTS_PER_CM


def profile_scale(livret: Livret) -> int:
    """Top of the profile axis, the same for every student of the livret (R8)."""
    highest = max(
        (
            row.profile
            for student in livret.students
            for row in student.units
            if row.profile is not None
        ),
        default=0,
    )
    steps = math.ceil(highest / PROFILE_SCALE_STEP)
    return max(PROFILE_SCALE_MIN_TOP, steps * PROFILE_SCALE_STEP)


def _profile_chart(sheet: Worksheet, header: int, last: int, scale: int) -> BarChart:
    """Bars of the student's profile, a line at the class (10), one fixed scale."""
    column = PROFILE_COLUMN
    categories = Reference(sheet, min_col=column, min_row=header + 1, max_row=last)
    bars = BarChart()
    bars.type = "col"
    bars.add_data(
        Reference(sheet, min_col=column + 1, min_row=header, max_row=last),
        titles_from_data=True,
    )
    bars.set_categories(categories)
    line = LineChart()
    line.add_data(
        Reference(sheet, min_col=column + 2, min_row=header, max_row=last),
        titles_from_data=True,
    )
    line.set_categories(categories)
    bars += line
    # R8: one fixed scale for every student, so that two profiles compare.
    bars.y_axis.scaling.min = 0
    bars.y_axis.scaling.max = scale
    bars.y_axis.majorUnit = PROFILE_SCALE_STEP
    bars.x_axis.delete = False
    bars.y_axis.delete = False
    bars.legend.position = "b"
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].smooth = False
    bars.varyColors = False
    line.varyColors = False
    bars.width, bars.height = PROFILE_CHART_CM
    return bars
