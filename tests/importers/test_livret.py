"""The livret scolaire export, read back with openpyxl."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.chart import BarChart, LineChart
from openpyxl.worksheet.worksheet import Worksheet

from importers.livret import write_livret
from importers.livret_appreciations import APPRECIATIONS_TITLE
from importers.livret_blocks import (
    COMPANY_TITLE,
    COMPLEMENTS_TITLE,
    ENGAGEMENT_LABEL,
    HEAD_LABEL,
    JURY_STATEMENT,
    PRESIDENT_LABEL,
    RESULTS_TITLE,
)
from importers.livret_layout import COLUMN_WIDTHS
from importers.page_fit import (
    BODY_POINTS,
    MIN_PRINTED_POINTS,
    PageFit,
    choose_fit,
    sheet_size,
)
from importers.report_records import Livret, LivretStudent, LivretUnitRow
from tests.importers import report_samples as samples
from tests.importers.export_checks import exact, find, formula_parts, load, texts

D = Decimal
LEA_SHEET = "01 MARTIN Léa"


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    return write_livret(samples.livret())


@pytest.fixture(scope="module")
def lea(workbook_bytes: bytes) -> Worksheet:
    return load(workbook_bytes)[LEA_SHEET]


def test_the_summary_comes_first_then_one_sheet_per_student(
    workbook_bytes: bytes,
) -> None:
    names = load(workbook_bytes).sheetnames
    assert names[0] == "Synthèse"
    assert names[1] == LEA_SHEET
    assert names[3] == "03 D ALMEIDA Noah"
    assert len(names) == 4


#: Row of a unit's student line (its class line is the next row).
def unit_line(index: int) -> int:
    return 8 + 2 * index


U4 = unit_line(3)


def test_units_follow_the_reglement_order_whatever_the_order_of_the_rows(
    lea: Worksheet,
) -> None:
    codes = [lea.cell(row=unit_line(i), column=1).value for i in range(7)]
    assert codes == ["U1", "U2", "U3", "U4", "U5", "U6", "UF1"]
    assert lea.cell(row=U4, column=2).value == "Relation client et négociation-vente"
    assert f"B{U4}:B{U4 + 1}" in {str(r) for r in lea.merged_cells.ranges}


def test_each_unit_shows_its_coefficient_under_its_reference(lea: Worksheet) -> None:
    coefficients = [lea.cell(row=unit_line(i) + 1, column=1).value for i in range(7)]
    assert coefficients == [
        "coef. 3",
        "coef. 1,5",
        None,
        "coef. 5",
        None,
        None,
        "facultative",
    ]


def test_a_unit_shows_the_student_and_the_class_per_semester_and_year(
    lea: Worksheet,
) -> None:
    # U4 is the 4th unit: base 14.5 in the sample.
    def line(row: int, columns: tuple[int, ...]) -> list[object]:
        return [lea.cell(row=row, column=c).value for c in columns]

    averages = (4, 5, 6, 10, 11, 12, 16)
    assert line(U4, (3,)) == ["Étudiant(e)"]
    assert [exact(v) for v in line(U4, averages)] == [
        D("13.5"),
        D("15.5"),
        D("14.5"),
        D("14.5"),
        D(15),
        D("14.75"),
        D("14.625"),
    ]
    assert line(U4 + 1, (3,)) == ["Classe"]
    assert [exact(v) for v in line(U4 + 1, averages)] == [
        D("9.5"),
        D("10.25"),
        D("9.875"),
        D(10),
        D("11.5"),
        D("10.75"),
        D("10.4"),
    ]
    # The class's year means in %: (6, 12, 6) of 24, then (3, 13, 8) of 24.
    assert [exact(v) for v in line(U4 + 1, (7, 8, 9, 13, 14, 15))] == [
        25,
        50,
        25,
        13,
        54,
        33,
    ]
    assert lea.cell(row=U4, column=17).value == "3/24"
    # The year appreciations stand in their own block under the table.
    title, _ = find(lea, APPRECIATIONS_TITLE)
    row = title + 2 + 3  # the title, the header, then U1 … U4
    assert lea.cell(row=row, column=1).value == "U4"
    assert line(row, (2, 10)) == ["Travail régulier en U4.", "Des progrès nets."]
    assert lea.cell(row=U4, column=4).number_format == "0.00"
    assert lea.cell(row=U4, column=6).font.bold


def test_a_unit_without_grades_leaves_its_cells_empty(lea: Worksheet) -> None:
    uf1 = unit_line(6)
    assert [lea.cell(row=uf1, column=c).value for c in range(4, 20)] == [None] * 16


def test_the_year_headers_name_each_year_once(lea: Worksheet) -> None:
    assert lea["D6"].value == "1re année (2025–2026)"
    assert lea["J6"].value == "2e année (2026–2027)"


def test_complements_give_absences_per_year_and_engagement(lea: Worksheet) -> None:
    title, _ = find(lea, COMPLEMENTS_TITLE)
    row, column = find(lea, "Absences")
    assert row == title + 1
    assert [lea.cell(row=row, column=c).value for c in (3, 5)] == [
        "2025–2026",
        "2026–2027",
    ]
    assert [lea.cell(row=row + 1, column=c).value for c in (3, 4)] == ["½ j.", "heures"]
    lines = {
        lea.cell(row=r, column=1).value: [
            exact(lea.cell(row=r, column=c).value) for c in range(3, 7)
        ]
        for r in range(row + 2, row + 5)
    }
    assert lines == {
        "Justifiées": [2, 7, 1, D("3.5")],
        "Non justifiées": [1, D("3.5"), 0, 0],
        "En attente": [0, 0, 1, 4],
    }
    row, column = find(lea, ENGAGEMENT_LABEL)
    assert lea.cell(row=row, column=column + 2).value == (
        "Force de proposition en entreprise, toujours ponctuelle."
    )


def test_company_periods_give_employer_dates_tutor_and_appreciation(
    lea: Worksheet,
) -> None:
    row, _ = find(lea, COMPANY_TITLE)
    assert lea.cell(row=row + 2, column=1).value == "Boulangeries Martin SARL"
    starts, ends = lea.cell(row=row + 2, column=3), lea.cell(row=row + 2, column=5)
    assert (starts.value.date(), ends.value.date()) == (
        samples.date(2025, 9, 1),
        samples.date(2027, 8, 31),
    )
    assert lea.cell(row=row + 2, column=7).value == "M. Paul Roux"
    assert lea.cell(row=row + 3, column=1).value == (
        "Appréciation du tuteur : Très bonne intégration dans l'équipe commerciale."
    )


def test_avis_cotation_class_size_results_and_visas_are_on_the_sheet(
    lea: Worksheet,
) -> None:
    row, column = find(lea, "Très favorable")
    assert lea.cell(row=row, column=column - 1).value == "X"
    # Cotation: one student of three for each avis, none « Favorable ».
    assert exact(lea.cell(row=row, column=column + 4).value) == 33
    row, column = find(lea, "Favorable")
    assert lea.cell(row=row, column=column - 1).value is None
    assert lea.cell(row=row, column=column + 4).value == 0
    row, column = find(lea, "Effectif total de la classe")
    assert lea.cell(row=row, column=column + 5).value == 3
    find(lea, "Étudiante sérieuse et motivée.")
    row, column = find(lea, RESULTS_TITLE)
    assert lea.cell(row=row + 1, column=column).value == "Session"
    sessions = [lea.cell(row=row + 1, column=column + c).value for c in (2, 3, 4)]
    assert sessions == ["2024", "2025", "2026"]
    last = [lea.cell(row=row + r, column=column + 4).value for r in (2, 3, 4)]
    assert [exact(v) for v in last] == [23, 19, 83]
    find(lea, JURY_STATEMENT)
    find(lea, "Signature")
    find(lea, "Date")
    row, column = find(lea, HEAD_LABEL)
    assert lea.cell(row=row, column=column + 3).value == (
        "Mme Sophie Laurent, directrice"
    )
    row, column = find(lea, PRESIDENT_LABEL)
    assert lea.cell(row=row, column=column + 3).value == "Mme Claire Bernard"


def test_without_roll_calls_contracts_or_sessions_the_boxes_are_left_to_fill(
    workbook_bytes: bytes,
) -> None:
    noah = load(workbook_bytes)["03 D ALMEIDA Noah"]
    row, column = find(noah, "Assiduité")
    assert noah.cell(row=row, column=column + 2).value is None
    assert f"C{row}:I{row + 1}" in {str(r) for r in noah.merged_cells.ranges}
    values = [cell.value for line in noah.iter_rows() for cell in line]
    assert "Justifiées" not in values
    assert "Entreprise" not in values


def test_the_other_parts_print_on_a_second_page(lea: Worksheet) -> None:
    (page_break,) = lea.row_breaks.brk
    row, _ = find(lea, COMPLEMENTS_TITLE)
    assert page_break.id == row - 2  # the block's last line, then a spacer


def test_each_student_sheet_has_a_profile_chart_on_one_scale(
    workbook_bytes: bytes,
) -> None:
    workbook = load(workbook_bytes)
    for sheet in workbook.worksheets[1:]:
        (chart,) = sheet._charts
        bars, line = chart._charts
        assert isinstance(bars, BarChart)
        assert isinstance(line, LineChart)
        quoted = "'" + sheet.title.replace("'", "''") + "'"
        assert bars.series[0].val.numRef.f.startswith(quoted + "!$B$")
        assert line.series[0].val.numRef.f.startswith(quoted + "!$C$")
        assert (bars.y_axis.scaling.min, bars.y_axis.scaling.max) == (0, 20)


def test_a_profile_above_20_raises_every_students_scale() -> None:
    livret = samples.livret()
    high = replace(livret.students[0].units[0], profile=D("23.1"))
    lea = replace(livret.students[0], units=(high,))
    workbook = load(write_livret(replace(livret, students=(lea, livret.students[2]))))
    tops = {sheet._charts[0].y_axis.scaling.max for sheet in workbook.worksheets[1:]}
    assert tops == {25}


def test_the_profile_column_shows_the_given_profile_and_the_class_at_10(
    lea: Worksheet,
) -> None:
    # The writer computes nothing: U1's profile is the record's, 11.625 / 10.4 × 10.
    row, column = find(lea, "Profil de l'étudiant")
    assert lea.cell(row=row + 1, column=column - 1).value == "U1"
    assert exact(lea.cell(row=row + 1, column=column).value) == D("11.18")
    assert lea.cell(row=row + 1, column=column).number_format == "0.00"
    assert lea.cell(row=row + 1, column=column + 1).value == 10
    assert lea.cell(row=row + 7, column=column).value is None  # UF1: no grade


def test_sheets_print_on_a4_fitted_to_width_with_print_titles(
    workbook_bytes: bytes,
) -> None:
    workbook = load(workbook_bytes)
    for sheet in workbook.worksheets:
        assert sheet.page_setup.paperSize == 9
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert workbook[LEA_SHEET].print_title_rows == "$1:$4"  # whose livret
    assert workbook["Synthèse"].print_title_rows == "$4:$4"


def test_a_student_sheet_is_narrow_enough_for_8_points_on_landscape_a4(
    lea: Worksheet,
) -> None:
    width, _ = sheet_size(lea, len(COLUMN_WIDTHS))
    too_tall = choose_fit(width, 10_000)
    assert (too_tall.landscape, too_tall.one_page) == (True, False)
    assert too_tall.scale * BODY_POINTS >= MIN_PRINTED_POINTS


def test_a_sheet_fits_one_page_only_when_its_text_stays_readable() -> None:
    assert choose_fit(400, 600) == PageFit(landscape=False, one_page=True, scale=1)
    wide = choose_fit(700, 400)
    assert (wide.landscape, wide.one_page) == (True, True)
    assert not choose_fit(800, 600).one_page  # 0.8 of 9 points: below 8


def test_the_summary_has_means_avis_and_a_link_per_student(
    workbook_bytes: bytes,
) -> None:
    summary = load(workbook_bytes)["Synthèse"]
    assert [c.value for c in summary[4]][:5] == ["N°", "Nom", "Prénom", "INE", "U1"]
    assert [summary.cell(row=5, column=c).value for c in (1, 2, 3, 4)] == [
        1,
        "Martin",
        "Léa",
        "1234567890A",
    ]
    assert exact(summary["E5"].value) == D("11.625")
    assert summary["L5"].value == "Très favorable"
    assert summary["M5"].hyperlink.location == f"'{LEA_SHEET}'!A1"
    assert summary["A8"].value == "Moyenne de la classe"
    assert exact(summary["E8"].value) == D("10.4")


def test_hostile_text_never_becomes_a_formula(workbook_bytes: bytes) -> None:
    workbook = load(workbook_bytes)
    values = texts(workbook)
    assert formula_parts(workbook_bytes) == []
    assert not any(value.startswith(("=", "+", "-", "@")) for value in values)
    assert "'" + samples.HOSTILE_LAST_NAME in values
    assert "'@cmd|calc" in values
    assert "'+33 6 12 34 56 78 appelé" in values
    assert "'=1+1" in values


def test_an_unknown_unit_or_avis_is_refused() -> None:
    livret = samples.livret()
    stray = LivretStudent(samples.NOAH, (LivretUnitRow("U9"),))
    with pytest.raises(ValueError, match="U9"):
        replace(livret, students=(stray,))
    with pytest.raises(ValueError, match="Excellent"):
        replace(livret, students=(LivretStudent(samples.NOAH, (), avis="Excellent"),))


def test_the_avis_list_is_configurable() -> None:
    options = ("Avis très favorable", "Avis réservé")
    student = LivretStudent(samples.NOAH, (), avis="Avis réservé")
    livret: Livret = replace(
        samples.livret(), students=(student,), avis_options=options
    )
    sheet = load(write_livret(livret)).worksheets[1]
    row, column = find(sheet, "Avis réservé")
    assert sheet.cell(row=row, column=column - 1).value == "X"
    row, column = find(sheet, "Avis très favorable")
    assert sheet.cell(row=row, column=column - 1).value is None


@settings(max_examples=10, deadline=None)
@given(name=st.text(max_size=40), comment=st.text(max_size=200))
def test_any_unicode_name_or_comment_exports_as_plain_text(
    name: str, comment: str
) -> None:
    identity = replace(samples.LEA, last_name=name, first_name=comment)
    unit = LivretUnitRow("U1", appreciation_year_1=comment, appreciation_year_2=name)
    student = LivretStudent(identity, (unit,), general_appreciation=comment)
    data = write_livret(replace(samples.livret(), students=(student,)))
    workbook = load(data)
    assert formula_parts(data) == []
    for value in texts(workbook):
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert not any(ch in value for ch in "\x00\x0b\ufffe\uffff")


def test_characters_xml_forbids_are_dropped_before_the_formula_check() -> None:
    identity = replace(samples.LEA, last_name="\ufffe=cmd\ud800", first_name="\uffff@x")
    data = write_livret(
        replace(samples.livret(), students=(LivretStudent(identity, ()),))
    )
    summary = load(data)["Synthèse"]
    assert [summary["B5"].value, summary["C5"].value] == ["'=cmd", "'@x"]
