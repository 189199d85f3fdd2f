"""A demo apprentice's livret holds every field of the national model (R8, issue 15).

The demo centre (4 apprentices a cohort), plus for the second-year cohort's first
apprentice: a contract, a roll call where she is absent (justified), the team's
avis with its words on engagement, and a draft grade that must appear nowhere.
LibreOffice then prints the workbook with its text at 8 points or more, on two
pages an apprentice.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from flask import Flask
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from importers.livret_appreciations import APPRECIATIONS_TITLE
from importers.livret_blocks import (
    COMPANY_TITLE,
    ENGAGEMENT_LABEL,
    HEAD_LABEL,
    PRESIDENT_LABEL,
    RESULTS_TITLE,
)
from importers.livret_layout import COLUMN_WIDTHS
from importers.page_fit import MIN_PRINTED_POINTS
from service.demo import load_demo
from service.extensions import db
from service.models import (
    Cohort,
    Contract,
    ContractType,
    ExamSession,
    JustificationStatus,
    Presence,
    Role,
    Student,
    User,
)
from service.operations.exports.livret import export_livret, livret_settings
from service.operations.livret_avis import AvisEntry, save_avis
from tests.importers.export_checks import (
    calibration_workbook,
    convert,
    exact,
    find,
    load,
    pdf_pages,
    smallest_points,
    texts,
)
from tests.service.exports.export_helpers import first_apprentice
from tests.service.factories import (
    make_assessment,
    make_grade,
    make_half_day,
    make_justification,
    make_mark,
)

DRAFT = Decimal("17.37")
ENGAGEMENT = "Très impliquée dans les projets de l'agence."
EMPLOYER = "Agence Horizon Immobilier"
TUTOR_SAYS = "Autonome avec les clients, force de proposition."


@pytest.fixture
def livret(app: Flask) -> tuple[bytes, str]:
    """The second-year demo cohort's livret, and its first apprentice's sheet."""
    app.config |= {
        "CENTRE_SIGNATORY_NAME": "Mme Sophie Laurent",
        "CENTRE_SIGNATORY_ROLE": "directrice",
        "JURY_PRESIDENT": "M. Paul Girard",
    }
    with app.app_context():
        load_demo(students_per_cohort=4)
        cohort = db.session.scalars(
            select(Cohort).where(Cohort.start_year == 2025)
        ).one()
        _, student = first_apprentice(cohort)
        session = db.session.scalars(
            select(ExamSession).where(ExamSession.year == 2027)
        ).one()
        _add_facts(app, cohort, student, session)
        db.session.commit()
        data = export_livret(cohort, session, livret_settings(app.config))
        title = f"01 {student.last_name.upper()} {student.first_name}"[:31]
    return data, title


def _add_facts(
    app: Flask, cohort: Cohort, student: Student, session: ExamSession
) -> None:
    director = db.session.scalars(
        select(User).where(User.role == Role.DIRECTOR)
    ).first()
    assert director is not None
    entry = AvisEntry("Très favorable", "Sérieuse et constante.", ENGAGEMENT)
    choices = app.config["LIVRET_AVIS_CHOICES"]
    save_avis(session, student.id, entry, director.id, choices)
    db.session.add(
        Contract(
            student=student,
            kind=ContractType.APPRENTISSAGE,
            starts_on=date(2025, 9, 1),
            ends_on=date(2027, 8, 31),
            employer=EMPLOYER,
            tutor_name="M. Karim Haddad",
            tutor_appreciation=TUTOR_SAYS,
        )
    )
    # Year 2: absent a whole morning (3 h 30), justified; a Sunday, out of the
    # demo's planning.
    day = date(2026, 9, 13)
    half_day = make_half_day(cohort, day=day, lessons=(("RCNV", 210),))
    make_mark(half_day, student, Presence.ABSENT)
    make_justification(
        student, day, status=JustificationStatus.JUSTIFIED, reason="Certificat médical"
    )
    draft = make_assessment(cohort, subject="CEJM", period="S3", published=False)
    make_grade(draft, student, score=DRAFT)


def right_of(sheet: Worksheet, label: str, offset: int = 1) -> object:
    row, column = find(sheet, label)
    return sheet.cell(row=row, column=column + offset).value


def test_the_livret_holds_every_field_of_the_model(livret: tuple[bytes, str]) -> None:
    book = load(livret[0])
    sheet = book[livret[1]]
    check_units(sheet)
    check_complements_company_avis_results_and_visas(sheet)
    check_one_profile_scale(book)
    check_no_draft(book)


def check_units(sheet: Worksheet) -> None:
    codes = [sheet.cell(row=r, column=1).value for r in range(8, 24, 2)]
    assert codes == ["U1", "U2", "U3", "U4", "U5", "U6", "UF1", "EE"]
    assert str(sheet["B14"].value).endswith("Relation client et négociation-vente")
    assert [sheet.cell(row=r, column=1).value for r in (15, 21)] == [
        "coef. 5",
        "facultative",
    ]
    assert sheet["D6"].value == "1re année (2025–2026)"
    assert [sheet.cell(row=7, column=c).value for c in range(4, 10)] == [
        "S1",
        "S2",
        "Année",
        "< 8 %",
        "8–12 %",
        "≥ 12 %",
    ]
    # U4 in year 1: the student's S1 and year, the class's, and a spread of 100 %.
    student_line = [sheet.cell(row=14, column=c).value for c in (4, 6, 16)]
    class_line = [sheet.cell(row=15, column=c).value for c in (3, 4, 6, 16)]
    assert all(isinstance(value, float | int) for value in student_line)
    assert class_line[0] == "Classe"
    assert all(isinstance(value, float | int) for value in class_line[1:])
    spread = [sheet.cell(row=15, column=c).value for c in (7, 8, 9)]
    assert sum(exact(value) for value in spread) in (99, 100, 101)
    title, _ = find(sheet, APPRECIATIONS_TITLE)
    lines = range(title + 2, title + 10)
    assert [sheet.cell(row=r, column=1).value for r in lines] == codes
    appreciations = [sheet.cell(row=r, column=c).value for r in lines for c in (2, 10)]
    assert any(appreciations), "the trainers' year appreciations"


def check_complements_company_avis_results_and_visas(sheet: Worksheet) -> None:
    header, _ = find(sheet, "Absences")
    assert sheet.cell(row=header, column=5).value == "2026–2027"
    row, _ = find(sheet, "Justifiées")
    # Year 2: with the demo's roll calls, at least the Sunday's justified 3.5 h.
    assert exact(sheet.cell(row=row, column=5).value) >= 1
    assert exact(sheet.cell(row=row, column=6).value) >= Decimal("3.5")
    for line in (row + 1, row + 2):
        for column in (3, 4, 5, 6):
            assert exact(sheet.cell(row=line, column=column).value) >= 0
    assert right_of(sheet, ENGAGEMENT_LABEL, 2) == ENGAGEMENT
    company, _ = find(sheet, COMPANY_TITLE)
    row, _ = find(sheet, EMPLOYER)
    assert row > company
    assert sheet.cell(row=row, column=7).value == "M. Karim Haddad"
    find(sheet, f"Appréciation du tuteur : {TUTOR_SAYS}")
    assert right_of(sheet, "Très favorable", -1) == "X"
    # Cotation: she alone has an avis in this session's cohort of 4: 25 %.
    assert right_of(sheet, "Très favorable", 4) == 25
    assert right_of(sheet, "Effectif total de la classe", 5) == 4
    find(sheet, "Sérieuse et constante.")
    row, column = find(sheet, RESULTS_TITLE)
    # The demo's locked 2025 session: its candidates presented and admitted.
    assert sheet.cell(row=row + 1, column=column + 2).value == "2025"
    presented = sheet.cell(row=row + 2, column=column + 2).value
    admitted = sheet.cell(row=row + 3, column=column + 2).value
    assert isinstance(presented, int)
    assert isinstance(admitted, int)
    assert 0 < admitted <= presented
    assert right_of(sheet, HEAD_LABEL, 3) == "Mme Sophie Laurent, directrice"
    assert right_of(sheet, PRESIDENT_LABEL, 3) == "M. Paul Girard"
    find(sheet, "Date")
    find(sheet, "Signature")


def check_one_profile_scale(book: Workbook) -> None:
    tops = set()
    for student_sheet in book.worksheets[1:]:
        (chart,) = student_sheet._charts
        assert chart.y_axis.scaling.min == 0
        tops.add(chart.y_axis.scaling.max)
    assert len(tops) == 1


def check_no_draft(book: Workbook) -> None:
    values = [
        cell.value for ws in book.worksheets for line in ws.iter_rows() for cell in line
    ]
    assert float(DRAFT) not in values
    assert str(DRAFT) not in texts(book)


def test_libreoffice_prints_it_at_8_points_or_more(
    livret: tuple[bytes, str], tmp_path: Path
) -> None:
    sheet = load(livret[0])[livret[1]]
    (tmp_path / "livret.xlsx").write_bytes(livret[0])
    (tmp_path / "calibrage.xlsx").write_bytes(calibration_workbook())
    run = convert(
        [tmp_path / "livret.xlsx", tmp_path / "calibrage.xlsx"], "pdf", tmp_path
    )
    assert run.returncode == 0, run.stderr
    points, word = smallest_points(tmp_path / "livret.pdf", tmp_path / "calibrage.pdf")
    assert points >= MIN_PRINTED_POINTS - 0.05, (points, word)
    assert len(COLUMN_WIDTHS) == 19
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.print_title_rows == "$1:$4"
    # The summary, then two pages an apprentice: no unit left alone on a third.
    students = len(load(livret[0]).worksheets) - 1
    assert pdf_pages(tmp_path / "livret.pdf") == 1 + 2 * students
