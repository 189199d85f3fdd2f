"""A candidate's attestation of the blocs de compétences held, with validity (R4)."""

from datetime import date

from openpyxl.worksheet.worksheet import Worksheet

from importers.page_fit import fit_sheet, text_height
from importers.report_records import BlocAttestation, BlocLine, Signatory
from importers.xlsx_style import (
    COUNT,
    DATE,
    GRADE,
    HEADER,
    LABEL,
    NOTE,
    PLAIN,
    SUBTITLE,
    TEXT,
    TITLE,
    WRAPPED_LABEL,
    merge,
    new_workbook,
    put,
    put_box,
    put_row,
    set_widths,
    to_bytes,
)

SHEET_TITLE = "Attestation"
WIDTHS = (8, 30, 6, 7, 12, 11, 14)
#: Printed where a name, a role or the place is not configured: filled by hand.
BLANK = "………………………………"
IDENTITY_ROW = 5
TABLE_ROW = 11
BLOC_HEADERS = (
    "Bloc",
    "Intitulé du bloc de compétences",
    "Unité",
    "Note /20",
    "Session",
    "Obtenu le",
    "Valable jusqu'à",
)
#: R4: D643-15 (2022) in the words of the Code de l'éducation.
VALIDITY_NOTE = (
    "Les notes et unités correspondantes sont valables cinq ans à compter de "
    "leur date d'obtention (article D643-15 du Code de l'éducation)."
)


def write_bloc_attestation(attestation: BlocAttestation) -> bytes:
    """Write the attestation of blocs as xlsx bytes (one A4 sheet, portrait)."""
    workbook = new_workbook()
    sheet = workbook.create_sheet(SHEET_TITLE)
    _write_heading(sheet, attestation)
    put_row(sheet, TABLE_ROW, BLOC_HEADERS, HEADER)
    for offset, bloc in enumerate(attestation.blocs, start=1):
        _write_bloc(sheet, TABLE_ROW + offset, bloc)
    row = TABLE_ROW + len(attestation.blocs) + 2
    for offset, note in enumerate((VALIDITY_NOTE, *attestation.notes)):
        put(sheet, row + offset, 1, note, NOTE)
    _write_signature(sheet, row + len(attestation.notes) + 2, attestation)
    set_widths(sheet, WIDTHS)
    fit_sheet(sheet, len(WIDTHS), None)
    return to_bytes(workbook)


def _write_heading(sheet: Worksheet, attestation: BlocAttestation) -> None:
    put(sheet, 1, 1, "Attestation de blocs de compétences", TITLE)
    put(sheet, 2, 1, f"{attestation.diploma} — {attestation.centre}", SUBTITLE)
    put(sheet, 3, 1, signatory_sentence(attestation.signatory), PLAIN)
    student = attestation.student
    fields: tuple[tuple[str, str | date | None, str], ...] = (
        ("Nom", student.last_name, TEXT),
        ("Prénom", student.first_name, TEXT),
        ("Né(e) le", student.birth_date, DATE),
        ("INE", student.ine, TEXT),
    )
    for offset, (label, value, style) in enumerate(fields):
        put(sheet, IDENTITY_ROW + offset, 1, label, LABEL)
        put(sheet, IDENTITY_ROW + offset, 2, value, style)
    rncp = f" (RNCP {attestation.rncp})" if attestation.rncp else ""
    obtained = f"a obtenu les blocs de compétences suivants{rncp} :"
    put(sheet, TABLE_ROW - 1, 1, obtained, PLAIN)


def signatory_sentence(signatory: Signatory) -> str:
    """« Je soussigné(e), name, role, atteste que : », dots where blank."""
    name = signatory.name or BLANK
    role = signatory.role or BLANK
    return f"Je soussigné(e), {name}, {role}, atteste que :"


def _write_bloc(sheet: Worksheet, row: int, bloc: BlocLine) -> None:
    put(sheet, row, 1, bloc.bloc or None, LABEL)
    put(sheet, row, 2, bloc.title, WRAPPED_LABEL)
    sheet.row_dimensions[row].height = text_height((bloc.title, WIDTHS[1]))
    put(sheet, row, 3, bloc.unit_code, COUNT)
    put(sheet, row, 4, bloc.grade, GRADE)
    put(sheet, row, 5, bloc.session, COUNT)
    put(sheet, row, 6, bloc.obtained_on, DATE)
    valid = bloc.valid_through
    put(sheet, row, 7, valid, DATE if isinstance(valid, date) else COUNT)


def _write_signature(sheet: Worksheet, row: int, attestation: BlocAttestation) -> None:
    put(sheet, row, 1, "Fait à", LABEL)
    put(sheet, row, 2, attestation.signatory.place or BLANK, TEXT)
    put(sheet, row, 3, "le", LABEL)
    put_row(sheet, row, (attestation.issued_on, None), DATE, first=4)
    merge(sheet, row, 4, row, 5)
    put(sheet, row + 2, 1, "Signature et cachet", SUBTITLE)
    signatory = attestation.signatory
    signed = "\n".join(part for part in (signatory.name, signatory.role) if part)
    put_box(sheet, (row + 3, 1), (4, 4), signed)
