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
    WRAP,
    WRAPPED_LABEL,
    CellValue,
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
ATTENDANCE_KINDS = ("justifiées", "non justifiées", "en attente")
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
    """Write the absences: a line per kind (justified, unjustified, pending),
    per training year two columns, half-days and hours.
    """
    put_row(sheet, top, ("Absences", None), HEADER)
    put_row(sheet, top + 1, (None, None), HEADER)
    merge(sheet, top, 1, top + 1, 2)
    kinds = [(f"{kind[0].upper()}{kind[1:]}", None) for kind in ATTENDANCE_KINDS]
    for offset, kind in enumerate(kinds, start=2):
        put_row(sheet, top + offset, kind, LABEL)
        merge(sheet, top + offset, 1, top + offset, 2)
    for index, year in enumerate(student.attendance):
        column = 3 + 2 * index
        put_row(sheet, top, (year.year_label, None), HEADER, column)
        merge(sheet, top, column, top, column + 1)
        put_row(sheet, top + 1, ("½ j.", "heures"), HEADER, column)
        figures = (
            (year.half_days_justified, year.hours_justified),
            (year.half_days_unjustified, year.hours_unjustified),
            (year.half_days_pending, year.hours_pending),
        )
        for offset, (halves, hours) in enumerate(figures, start=2):
            put(sheet, top + offset, column, halves, COUNT)
            put(sheet, top + offset, column + 1, hours, GRADE)
    return top + 1 + len(kinds)


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
    header = ("Entreprise", None, "Du", None, "Au", None, "Tuteur", None, None)
    put_row(sheet, top + 1, header, HEADER)
    _merge_company(sheet, top + 1)
    row = top + 1
    for period in student.company:
        row += 1
        put_row(sheet, row, (period.employer, None), WRAP)
        put_row(sheet, row, (period.starts_on, None, period.ends_on, None), DATE, 3)
        put_row(sheet, row, (period.tutor, None, None), WRAP, 7)
        _merge_company(sheet, row)
        # A long name wraps: its row grows (rarely: most names fit one line).
        names = ((period.employer, width(1, 2)), (period.tutor, width(7, 9)))
        raise_height(sheet, row, text_height(*names))
        if period.appreciation:
            said = f"Appréciation du tuteur : {period.appreciation}"
            lines = lines_needed(said, width(*LEFT))
            put_box(sheet, (row + 1, 1), (lines, LEFT[1]), said)
            row += lines
    return row


def _merge_company(sheet: Worksheet, row: int) -> None:
    for first, last in ((1, 2), (3, 4), (5, 6), (7, 9)):
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
    header = (None, "Avis (cotation de la classe en %)", None, None, None, "%")
    put_row(sheet, top + 1, header, HEADER, first)
    merge(sheet, top + 1, first + 1, top + 1, first + 4)
    raise_height(sheet, top + 1, text_height(lines=2))
    counts = livret.avis_counts()
    row = top + 1
    for row, count in enumerate(counts, start=top + 2):
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
    """Write the section's results at its last sessions: one column a session,
    candidates presented, admitted and the share admitted (%).
    """
    first = RIGHT[0]
    put(sheet, top, first, RESULTS_TITLE, SUBTITLE)
    results = livret.section_results
    if not results:
        put(sheet, top + 1, first, NO_RESULTS, NOTE)
        return top + 1
    lines: tuple[tuple[str, str, list[CellValue]], ...] = (
        ("Session", HEADER, [r.session for r in results]),
        ("Présentés", COUNT, [r.presented for r in results]),
        ("Admis", COUNT, [r.admitted for r in results]),
        ("Réussite (%)", COUNT, [r.rate for r in results]),
    )
    for row, (label, style, values) in enumerate(lines, start=top + 1):
        put_row(sheet, row, (label, None), HEADER if row == top + 1 else LABEL, first)
        merge(sheet, row, first, row, first + 1)
        put_row(sheet, row, values, style, first + 2)
    return top + len(lines)


def write_visas(sheet: Worksheet, livret: Livret, top: int) -> int:
    """Write the visas: the head of the centre and the jury president, each
    with date and signature boxes, and the president's statement.
    """
    first, last = RIGHT
    put(sheet, top, first, VISAS_TITLE, SUBTITLE)
    header = (None, None, None, "Nom", *(None,) * 4, "Date", "Signature")
    put_row(sheet, top + 1, header, HEADER, first)
    merge(sheet, top + 1, first, top + 1, first + 2)
    merge(sheet, top + 1, first + 3, top + 1, first + 7)
    row = top + 2
    for label, name in (
        (HEAD_LABEL, livret.head_of_centre),
        (PRESIDENT_LABEL, livret.president),
    ):
        put_box(sheet, (row, first), (SIGNATURE_LINES, 3), label, WRAPPED_LABEL)
        for column, size, text in (
            (first + 3, 5, name),
            (last - 1, 1, ""),
            (last, 1, ""),
        ):
            put_box(sheet, (row, column), (SIGNATURE_LINES, size), text, TEXT)
        row += SIGNATURE_LINES
    lines = lines_needed(JURY_STATEMENT, width(first, last))
    put_box(sheet, (row, first), (lines, last - first + 1), JURY_STATEMENT)
    return row + lines - 1
