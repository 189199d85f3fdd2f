"""Where things are on a gradebook sheet, and its French legend."""

from collections.abc import Sequence

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from importers.cells import format_points
from importers.records import SheetAssessment
from importers.text import safe_text

NOTES_SHEET = "Notes"
LEGEND_SHEET = "Mode d'emploi"
HEADER_ROW = 4
IDENTITY_HEADERS = ("Identifiant Carnet", "INE", "Nom", "Prénom")
FIRST_GRADE_COLUMN = len(IDENTITY_HEADERS)
_ONE_LINE = 90  # characters that fit on one line of the legend's column B

INSTRUCTIONS = (
    "Saisissez les notes dans les cases jaunes : une note de 0 au maximum "
    "(deux décimales au plus) ou un code ABS, ABJ, DISP, NN. Une case vide "
    "laisse la note inchangée. Voir la feuille « Mode d'emploi »."
)

LEGEND = (
    ("Codes", ""),
    ("ABS", "Absence non justifiée"),
    ("ABJ", "Absence justifiée (force majeure)"),
    ("DISP", "Dispensé de l'épreuve"),
    ("NN", "Non noté"),
    ("", ""),
    ("Règles", ""),
    ("Case vide", "La note enregistrée dans Carnet reste inchangée."),
    ("Décimales", "Deux au plus (12,5 ou 12,25) ; une note n'est jamais arrondie."),
    ("Élèves", "Reconnus par l'identifiant Carnet ou l'INE, jamais par le nom."),
    ("Colonnes grises", "Protégées : ne les modifiez pas, n'ajoutez pas d'élève."),
    ("Formules", "Évitez-les ; si vous en mettez, enregistrez depuis Excel."),
    (
        "Notes modifiées entre-temps",
        "Si une note a changé dans Carnet depuis l'export, l'import est refusé : "
        "réexportez la feuille (ou forcez l'import en connaissance de cause).",
    ),
    ("Format", "Gardez le format .xlsx, sans macros ni mot de passe."),
)


def grade_header(assessment: SheetAssessment) -> str:
    """Return the header of an assessment's grade column."""
    title = " ".join(assessment.title.split())  # XML turns CR into LF: avoid both
    return safe_text(f"{title} (/{format_points(assessment.max_points)})")


def set_print_layout(sheet: Worksheet, title_row: int | None = None) -> None:
    """Print on A4 landscape, fitted to the page width, header row repeated."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if title_row is not None:
        sheet.print_title_rows = f"{title_row}:{title_row}"


def write_legend(sheet: Worksheet, assessments: Sequence[SheetAssessment]) -> None:
    """Fill the visible legend sheet: codes, rules and the maximum per column."""
    sheet.append(["Mode d'emploi de la feuille de notes"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([INSTRUCTIONS])
    sheet.append([])
    for label, text in LEGEND:
        sheet.append([label, text])
    sheet.append([])
    sheet.append(["Évaluations", "Note maximale"])
    for assessment in assessments:
        sheet.append([safe_text(assessment.title), assessment.max_points])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80
    for number, (cell,) in enumerate(sheet.iter_rows(min_col=2, max_col=2), 1):
        cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
        if len(str(cell.value or "")) > _ONE_LINE:
            sheet.row_dimensions[number].height = 30
    set_print_layout(sheet)
