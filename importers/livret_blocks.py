"""The blocks under a livret sheet's units table (R8): éléments complémentaires,
company periods (left half), the avis with the cotation de la classe, the
section's results and the visas (right half). Each returns its last row.
"""

from openpyxl.worksheet.worksheet import Worksheet

from importers.livret_layout import LEFT, RIGHT, lines_needed, raise_height, width
from importers.page_fit import text_height
from importers.report_records import Livret, LivretStudent
from importers.xlsx_style import (
    COUNT,
    DATE,
    GRADE,
    HEADER,
    LABEL,
    NOTE,
    SUBTITLE,
    TEXT,
    WRAPPED_LABEL,
    merge,
    put,
    put_box,
    put_row,
)

COMPLEMENTS_TITLE = "Éléments complémentaires (assiduité, motivation, engagement)"
ENGAGEMENT_LABEL = "Motivation et engagement"
COMPANY_TITLE = "Périodes en entreprise"
AVIS_TITLE = "Avis de l'équipe pédagogique"
GENERAL_TITLE = "Appréciation générale"
CLASS_SIZE_LABEL = "Effectif total de la classe"
RESULTS_TITLE = "Résultats de la section (3 dernières sessions)"
NO_RESULTS = "Aucune session publiée dans Carnet."
VISAS_TITLE = "Visas"
HEAD_LABEL = "Chef(fe) d'établissement"
PRESIDENT_LABEL = "Président(e) du jury"
JURY_STATEMENT = (
    "Le président du jury atteste que le livret scolaire de l'étudiant(e) "
    "a été examiné lors de la délibération du jury."
)
#: Half-days and hours of absence, each justified, unjustified and pending.
ATTENDANCE_KINDS = ("justif.", "non justif.", "en attente")
#: Room for a handwritten date and signature.
SIGNATURE_LINES = 3


def write_complements(
    sheet: Worksheet, livret: Livret, student: LivretStudent, top: int
) -> int:
    """Write the absences per year (or an empty box) and motivation, engagement."""
    put(sheet, top, LEFT[0], COMPLEMENTS_TITLE, SUBTITLE)
    row = top + 1
    if student.attendance:
        row = _attendance(sheet, student, row) + 1
    else:
        row = _labelled_box(sheet, row, "Assiduité", "") + 1
    return _labelled_box(sheet, row, ENGAGEMENT_LABEL, student.engagement)


def _attendance(sheet: Worksheet, student: LivretStudent, top: int) -> int:
    """Write the absences table: per year, half-days and hours (three kinds)."""
    put_row(sheet, top, ("Assiduité", None), HEADER)
    put_row(sheet, top, ("Demi-journées d'absence", None, None), HEADER, 3)
    put_row(sheet, top, ("Heures d'absence", None, None, None), HEADER, 6)
    put_row(sheet, top + 1, (None, None, *ATTENDANCE_KINDS), HEADER)
    put_row(sheet, top + 1, (*ATTENDANCE_KINDS, None), HEADER, 6)
    for area in ((top, 1, top + 1, 2), (top, 3, top, 5), (top, 6, top, 9)):
        merge(sheet, *area)
    merge(sheet, top + 1, 8, top + 1, 9)
    raise_height(sheet, top + 1, text_height(lines=2))
    row = top + 1
    for row, year in enumerate(student.attendance, start=top + 2):
        put_row(sheet, row, (year.year_label, None), LABEL)
        merge(sheet, row, 1, row, 2)
        halves = (
            year.half_days_justified,
            year.half_days_unjustified,
            year.half_days_pending,
        )
        put_row(sheet, row, halves, COUNT, 3)
        hours = (year.hours_justified, year.hours_unjustified, year.hours_pending)
        put_row(sheet, row, (*hours, None), GRADE, 6)
        merge(sheet, row, 8, row, 9)
    return row


def _labelled_box(sheet: Worksheet, row: int, label: str, text: str) -> int:
    """Write a label over the first two columns and a text box to the half's end."""
    lines = lines_needed(text, width(3, LEFT[1]), 2)
    put_box(sheet, (row, 1), (lines, 2), label, WRAPPED_LABEL)
    put_box(sheet, (row, 3), (lines, LEFT[1] - 2), text)
    return row + lines - 1


def write_company(sheet: Worksheet, student: LivretStudent, top: int) -> int:
    """Write the company periods: employer, dates, tutor, then the tutor's words."""
    put(sheet, top, 1, COMPANY_TITLE, SUBTITLE)
    if not student.company:
        put_box(sheet, (top + 1, 1), (1, LEFT[1]), "")
        return top + 1
    put_row(sheet, top + 1, ("Entreprise", None, None, "Du", None), HEADER)
    put_row(sheet, top + 1, ("Au", None, "Tuteur", None), HEADER, 6)
    _merge_company(sheet, top + 1)
    row = top + 1
    for period in student.company:
        row += 1
        put_row(sheet, row, (period.employer, None, None), TEXT)
        put_row(sheet, row, (period.starts_on, None, period.ends_on, None), DATE, 4)
        put_row(sheet, row, (period.tutor, None), TEXT, 8)
        _merge_company(sheet, row)
        if period.appreciation:
            said = f"Appréciation du tuteur : {period.appreciation}"
            lines = lines_needed(said, width(*LEFT))
            put_box(sheet, (row + 1, 1), (lines, LEFT[1]), said)
            row += lines
    return row


def _merge_company(sheet: Worksheet, row: int) -> None:
    for first, last in ((1, 3), (4, 5), (6, 7), (8, 9)):
        merge(sheet, row, first, row, last)


def write_avis(
    sheet: Worksheet, livret: Livret, student: LivretStudent, top: int
) -> int:
    """Write the avis options (the student's marked X), the class's share of each
    (« cotation de la classe ») and its size, beside the general appreciation.
    """
    first = RIGHT[0]
    put(sheet, top, first, AVIS_TITLE, SUBTITLE)
    put(sheet, top, first + 6, GENERAL_TITLE, SUBTITLE)
    for column, size, text in (
        (first, 1, ""),
        (first + 1, 4, "Avis"),
        (first + 5, 1, "Classe (%)"),
    ):
        put_box(sheet, (top + 1, column), (2, size), text, HEADER)
    counts = livret.avis_counts()
    row = top + 2
    for row, count in enumerate(counts, start=top + 3):
        put(sheet, row, first, "X" if count.avis == student.avis else None, COUNT)
        put_row(sheet, row, (count.avis, None, None, None), LABEL, first + 1)
        merge(sheet, row, first + 1, row, first + 4)
        put(sheet, row, first + 5, count.share, COUNT)
    row += 1
    put_row(sheet, row, (CLASS_SIZE_LABEL, None, None, None, None), LABEL, first)
    merge(sheet, row, first, row, first + 4)
    put(sheet, row, first + 5, livret.class_size, COUNT)
    text = student.general_appreciation
    lines = lines_needed(text, width(first + 6, RIGHT[1]), row - top)
    put_box(sheet, (top + 1, first + 6), (lines, 4), text)
    return top + lines


def write_results(sheet: Worksheet, livret: Livret, top: int) -> int:
    """Write the section's results at its last sessions (presented, admitted, %)."""
    first = RIGHT[0]
    put(sheet, top, first, RESULTS_TITLE, SUBTITLE)
    if not livret.section_results:
        put(sheet, top + 1, first, NO_RESULTS, NOTE)
        return top + 1
    header = ("Session", None, "Présentés", None, "Admis", None, "Réussite %", None)
    put_row(sheet, top + 1, header, HEADER, first)
    _pairs(sheet, top + 1)
    row = top + 1
    for row, result in enumerate(livret.section_results, start=top + 2):
        values = (result.session, None, result.presented, None, result.admitted)
        put_row(sheet, row, (*values, None, result.rate, None), COUNT, first)
        _pairs(sheet, row)
    return row


def _pairs(sheet: Worksheet, row: int) -> None:
    for column in range(RIGHT[0], RIGHT[0] + 8, 2):
        merge(sheet, row, column, row, column + 1)


def write_visas(sheet: Worksheet, livret: Livret, top: int) -> int:
    """Write the visas: the head of the centre and the jury president, each
    with date and signature boxes, and the president's statement.
    """
    first, last = RIGHT
    put(sheet, top, first, VISAS_TITLE, SUBTITLE)
    header = (None, None, "Nom", *(None,) * 5, "Date", "Signature")
    put_row(sheet, top + 1, header, HEADER, first)
    merge(sheet, top + 1, first, top + 1, first + 1)
    merge(sheet, top + 1, first + 2, top + 1, first + 7)
    row = top + 2
    for label, name in (
        (HEAD_LABEL, livret.head_of_centre),
        (PRESIDENT_LABEL, livret.president),
    ):
        put_box(sheet, (row, first), (SIGNATURE_LINES, 2), label, WRAPPED_LABEL)
        for column, size, text in (
            (first + 2, 6, name),
            (last - 1, 1, ""),
            (last, 1, ""),
        ):
            put_box(sheet, (row, column), (SIGNATURE_LINES, size), text, TEXT)
        row += SIGNATURE_LINES
    lines = lines_needed(JURY_STATEMENT, width(first, last))
    put_box(sheet, (row, first), (lines, last - first + 1), JURY_STATEMENT)
    return row + lines - 1
