"""A student's livret prints on two pages whatever its appreciations' lengths
allow, and never cuts a unit's line across pages (issue 15, « Print »).
"""

from dataclasses import replace
from pathlib import Path

from importers.livret import write_livret
from importers.livret_appreciations import APPRECIATIONS_TITLE
from importers.livret_blocks import COMPLEMENTS_TITLE
from importers.page_fit import MIN_PRINTED_POINTS
from importers.report_records import Livret, LivretUnitRow, UnitHeading
from tests.importers import report_samples as samples
from tests.importers.export_checks import (
    calibration_workbook,
    convert,
    find,
    load,
    pdf_pages,
    smallest_points,
)

#: The longest appreciation that keeps two pages when every unit and year of
#: the règlement's eight has one that long: two lines in its half of the sheet.
TWO_PAGES_LENGTH = 140
#: The longest the API and the appreciations page store.
STORED_LENGTH = 1000
D0 = samples.D(0)
SENTENCE = "Travail sérieux et régulier, des progrès nets en négociation. "


def long_livret(length: int, with_ee: bool = True) -> Livret:
    """The sample livret with every appreciation ``length`` characters long, on
    the règlement's eight units (EE too) or the sample's seven.
    """
    livret = samples.livret()
    ee = (UnitHeading("EE", "Engagement étudiant", D0),) if with_ee else ()
    units = (*livret.units, *ee)
    text = (SENTENCE * (length // len(SENTENCE) + 1))[:length]
    students = []
    for student in livret.students:
        rows = {row.unit_code: row for row in student.units}
        written = tuple(
            replace(
                rows.get(unit.code, LivretUnitRow(unit.code)),
                appreciation_year_1=text,
                appreciation_year_2=text,
            )
            for unit in units
        )
        students.append(replace(student, units=written))
    return replace(livret, units=units, students=tuple(students))


def test_the_longest_appreciations_print_on_two_pages_at_8_points(
    tmp_path: Path,
) -> None:
    # At the bound on eight units, and with lines left over for page 2.
    livrets = {
        "huit": long_livret(TWO_PAGES_LENGTH),
        "reste": long_livret(200, with_ee=False),
    }
    for name, livret in livrets.items():
        (tmp_path / f"{name}.xlsx").write_bytes(write_livret(livret))
    (tmp_path / "calibrage.xlsx").write_bytes(calibration_workbook())
    files = [tmp_path / f"{name}.xlsx" for name in (*livrets, "calibrage")]
    run = convert(files, "pdf", tmp_path)
    assert run.returncode == 0, run.stderr
    for name, livret in livrets.items():
        pdf = tmp_path / f"{name}.pdf"
        assert pdf_pages(pdf) == 1 + 2 * len(livret.students), name
        points, word = smallest_points(pdf, tmp_path / "calibrage.pdf")
        assert points >= MIN_PRINTED_POINTS - 0.05, (name, points, word)


def test_page_one_ends_after_a_whole_unit_line_and_the_rest_follows() -> None:
    # Seven units of 200 characters (three lines each): five lines on page 1.
    sheet = load(write_livret(long_livret(200, with_ee=False))).worksheets[1]
    title, _ = find(sheet, APPRECIATIONS_TITLE)
    lines = range(title + 2, title + 9)
    (page_one,) = sheet.row_breaks.brk
    assert page_one.id == lines[4]  # the other lines open page 2


def test_stored_length_appreciations_keep_the_other_parts_whole() -> None:
    # 16 appreciations of 1000 characters cannot share two pages at 8 points:
    # the lines break between units, then the other parts take a page of their own.
    sheet = load(write_livret(long_livret(STORED_LENGTH))).worksheets[1]
    title, _ = find(sheet, APPRECIATIONS_TITLE)
    complements, _ = find(sheet, COMPLEMENTS_TITLE)
    lines = range(title + 2, title + 10)
    page_one, before_rest = (brk.id for brk in sheet.row_breaks.brk)
    assert page_one in lines
    assert before_rest == lines[-1] == complements - 2
