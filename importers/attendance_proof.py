"""The proof of attendance of a contract for its funder (« attestation
d'assiduité », R8): the contract, the hours by month, then every half-day.

Two sheets: « Attestation » (the apprentice, the contract, the hours by month
and their total, the centre's signature) and « Demi-journées » (each planned
half-day with its subjects, hours and roll-call mark, and the total).
"""

from datetime import date

from openpyxl.worksheet.worksheet import Worksheet

from importers.attendance_records import (
    FunderProof,
    HoursFigures,
    ProofHalfDay,
    month_label,
)
from importers.bloc_attestation import BLANK, signatory_sentence
from importers.french_dates import SHORT_WEEKDAYS
from importers.page_fit import fit_sheet, text_height
from importers.xlsx_style import (
    COUNT,
    DATE,
    GRADE,
    HEADER,
    LABEL,
    NOTE,
    PLAIN,
    STRONG_GRADE,
    SUBTITLE,
    TEXT,
    TITLE,
    WRAP,
    CellValue,
    merge,
    new_workbook,
    put,
    put_box,
    put_row,
    set_widths,
    setup_page,
    to_bytes,
)

PROOF_TITLE = "Attestation"
HALF_DAYS_TITLE = "Demi-journées"
FACTS_ROW = 6
MONTHS_ROW = 13
PROOF_WIDTHS = (16, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5, 9.5)
MONTH_HEADERS = (
    "Mois",
    "Heures prévues",
    "Heures de présence",
    "Absences justifiées",
    "Absences non justifiées",
    "Absences en attente de justificatif",
    "Retards et départs anticipés",
    "Demi-journées non émargées",
)
HALF_DAY_HEADERS = (
    "Date",
    "Jour",
    "Demi-journée",
    "Matières",
    "Heures prévues",
    "Heures de présence",
    "Émargement",
    "Justificatif",
)
#: Narrow enough for portrait A4 at full size: a long list prints portrait.
HALF_DAY_WIDTHS = (10, 6, 10, 16, 9, 9, 11, 12)
HALF_DAY_HEADER_ROW = 3
NOT_TAKEN = "non émargée"
HOURS_NOTE = (
    "Heures en décimales (3,50 = 3 h 30). Heures prévues = présence + absences "
    "+ retards et départs anticipés + demi-journées non émargées."
)
MARKS_NOTE = (
    "P : présent(e) · ABS : absent(e) · R 15 : arrivé(e) avec 15 min de retard · "
    "D 30 : parti(e) 30 min avant la fin"
)


def write_funder_proof(proof: FunderProof) -> bytes:
    """Write the proof of attendance of a contract as xlsx bytes."""
    workbook = new_workbook()
    sheet = workbook.create_sheet(PROOF_TITLE)
    _write_heading(sheet, proof)
    _write_facts(sheet, proof)
    row = _write_months(sheet, proof)
    put(sheet, row + 1, 1, HOURS_NOTE, NOTE)
    _write_signature(sheet, row + 3, proof)
    set_widths(sheet, PROOF_WIDTHS)
    fit_sheet(sheet, len(PROOF_WIDTHS), None)
    _write_half_days(workbook.create_sheet(HALF_DAYS_TITLE), proof)
    return to_bytes(workbook)


def _write_heading(sheet: Worksheet, proof: FunderProof) -> None:
    put(sheet, 1, 1, "Attestation d'assiduité", TITLE)
    put(sheet, 2, 1, f"{proof.centre} — {proof.training}", SUBTITLE)
    put(sheet, 3, 1, signatory_sentence(proof.signatory), PLAIN)
    period = f"du {proof.first_day:%d/%m/%Y} au {proof.last_day:%d/%m/%Y}"
    attended = f"l'apprenti(e) ci-dessous a suivi la formation {period} comme suit :"
    put(sheet, 4, 1, attended, PLAIN)


def _write_facts(sheet: Worksheet, proof: FunderProof) -> None:
    """The apprentice and the contract, two label-value pairs a row."""
    person, contract = proof.apprentice, proof.contract
    pairs: tuple[tuple[tuple[str, CellValue], tuple[str, CellValue]], ...] = (
        (("Nom", person.last_name), ("Prénom", person.first_name)),
        (("Né(e) le", person.birth_date), ("INE", person.ine)),
        (("Contrat", contract.kind), ("Financeur", contract.funder or None)),
        (("Début du contrat", contract.starts_on), ("Fin", contract.ends_on)),
        (("Employeur", contract.employer), ("Tuteur·rice", contract.tutor or None)),
    )
    for row, pair in enumerate(pairs, start=FACTS_ROW):
        for column, (label, value) in zip((1, 5), pair, strict=True):
            put(sheet, row, column, label, LABEL)
            style = DATE if isinstance(value, date) else TEXT
            put_row(sheet, row, (value, None, None), style, first=column + 1)
            merge(sheet, row, column + 1, row, column + 3)


def _write_months(sheet: Worksheet, proof: FunderProof) -> int:
    """The hours by month and their total; return the total's row."""
    put(sheet, MONTHS_ROW - 1, 1, "Heures par mois", SUBTITLE)
    put_row(sheet, MONTHS_ROW, MONTH_HEADERS, HEADER)
    widths = zip(MONTH_HEADERS, PROOF_WIDTHS, strict=True)
    sheet.row_dimensions[MONTHS_ROW].height = text_height(*widths)
    row = MONTHS_ROW
    for row, month in enumerate(proof.months, start=MONTHS_ROW + 1):
        put(sheet, row, 1, month_label(month.month), LABEL)
        put_row(sheet, row, _hours(month.hours), GRADE, first=2)
    row += 1
    put(sheet, row, 1, "Total", LABEL)
    put_row(sheet, row, _hours(proof.total), STRONG_GRADE, first=2)
    return row


def _hours(figures: HoursFigures) -> tuple[CellValue, ...]:
    return (
        figures.planned,
        figures.attended,
        figures.absent_justified,
        figures.absent_unjustified,
        figures.absent_pending,
        figures.late_or_early,
        figures.not_taken,
    )


def _write_signature(sheet: Worksheet, row: int, proof: FunderProof) -> None:
    put(sheet, row, 1, "Fait à", LABEL)
    put_row(sheet, row, (proof.signatory.place or BLANK, None), TEXT, first=2)
    merge(sheet, row, 2, row, 3)
    put(sheet, row, 4, "le", LABEL)
    put_row(sheet, row, (proof.issued_on, None), DATE, first=5)
    merge(sheet, row, 5, row, 6)
    put(sheet, row + 2, 1, "Signature et cachet du centre", SUBTITLE)
    signatory = proof.signatory
    signed = "\n".join(part for part in (signatory.name, signatory.role) if part)
    put_box(sheet, (row + 3, 1), (4, 4), signed)


def _write_half_days(sheet: Worksheet, proof: FunderProof) -> None:
    """Every planned half-day of the period, then the total and the legend."""
    put(sheet, 1, 1, f"Demi-journées — {proof.apprentice.full_name}", TITLE)
    period = f"du {proof.first_day:%d/%m/%Y} au {proof.last_day:%d/%m/%Y}"
    put(sheet, 2, 1, f"{proof.training} — {period}", SUBTITLE)
    put_row(sheet, HALF_DAY_HEADER_ROW, HALF_DAY_HEADERS, HEADER)
    widths = zip(HALF_DAY_HEADERS, HALF_DAY_WIDTHS, strict=True)
    sheet.row_dimensions[HALF_DAY_HEADER_ROW].height = text_height(*widths)
    row = HALF_DAY_HEADER_ROW
    for row, half_day in enumerate(proof.half_days, start=HALF_DAY_HEADER_ROW + 1):
        _write_half_day(sheet, row, half_day)
    row += 1
    put(sheet, row, 1, "Total", LABEL)
    put_row(sheet, row, (None, None, None), TEXT, first=2)
    merge(sheet, row, 1, row, 4)
    totals = (proof.total.planned, proof.total.attended)
    put_row(sheet, row, totals, STRONG_GRADE, first=5)
    put(sheet, row + 2, 1, MARKS_NOTE, NOTE)
    set_widths(sheet, HALF_DAY_WIDTHS)
    sheet.freeze_panes = f"A{HALF_DAY_HEADER_ROW + 1}"
    rows = f"{HALF_DAY_HEADER_ROW}:{HALF_DAY_HEADER_ROW}"
    if not fit_sheet(sheet, len(HALF_DAY_WIDTHS), rows).one_page:
        # Longer than a page: portrait still holds the list's width at 100 %.
        setup_page(sheet, landscape=False, title_rows=rows)


def _write_half_day(sheet: Worksheet, row: int, half_day: ProofHalfDay) -> None:
    subjects = ", ".join(half_day.subjects)
    put(sheet, row, 1, half_day.day, DATE)
    put_row(
        sheet, row, (SHORT_WEEKDAYS[half_day.day.weekday()], half_day.slot), TEXT, 2
    )
    put(sheet, row, 4, subjects, WRAP)
    put_row(sheet, row, (half_day.planned, half_day.attended), GRADE, first=5)
    mark = NOT_TAKEN if half_day.mark is None else half_day.mark.code
    put(sheet, row, 7, mark, COUNT)
    put(sheet, row, 8, half_day.justification or None, TEXT)
    sheet.row_dimensions[row].height = text_height((subjects, HALF_DAY_WIDTHS[3]))
