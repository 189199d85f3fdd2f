"""Checks shared by the export tests: formulas, text values, LibreOffice runs."""

import html
import re
import shutil
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

from importers.xlsx_style import TEXT, new_workbook, put, to_bytes

#: A formula element in a worksheet part (charts use ``<c:f>``, not this).
_SHEET_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
LIBREOFFICE_TIMEOUT = 180


def load(data: bytes) -> openpyxl.Workbook:
    """Read an export back with openpyxl (normal mode, formulas as written)."""
    return openpyxl.load_workbook(BytesIO(data))


def formula_parts(data: bytes) -> list[str]:
    """Name the worksheet parts of an xlsx that contain a formula element."""
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/sheet")
            and _SHEET_FORMULA.search(archive.read(name))
        ]


def all_cells(workbook: openpyxl.Workbook) -> Iterator[tuple[Worksheet, Cell]]:
    """Yield (sheet, cell) for every cell holding a value."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell, Cell) and cell.value is not None:
                    yield sheet, cell


def texts(workbook: openpyxl.Workbook) -> list[str]:
    """Give every text value of a workbook."""
    return [
        cell.value for _, cell in all_cells(workbook) if isinstance(cell.value, str)
    ]


def find(sheet: Worksheet, value: str) -> tuple[int, int]:
    """Give (row, column) of the first cell holding exactly ``value``."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell.row, cell.column or 0
    raise AssertionError(f"{value!r} not found on sheet {sheet.title!r}")


def exact(value: object) -> Decimal:
    """Read a numeric cell back as the Decimal it was written from."""
    assert isinstance(value, int | float), f"not a number: {value!r}"
    return Decimal(str(value))


def soffice() -> str:
    """Give LibreOffice's command; fail (never skip) when it is missing."""
    command = shutil.which("soffice")
    assert command, (
        "LibreOffice (soffice) is required: apt-get install libreoffice-calc-nogui"
    )
    return command


def convert(
    files: list[Path], target: str, outdir: Path
) -> subprocess.CompletedProcess[str]:
    """Convert files with one headless LibreOffice run and its own profile."""
    profile = Path("/tmp") / f"lo-carnet-{uuid.uuid4().hex}"
    try:
        return subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                *(str(path) for path in files),
            ],
            capture_output=True,
            text=True,
            timeout=LIBREOFFICE_TIMEOUT,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


#: Size of the body text in the exports' named styles (importers.xlsx_style).
BODY_POINTS = 9
_WORD = re.compile(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<')


def calibration_workbook() -> bytes:
    """A one-cell workbook printed at 100 %: how tall 9-point words come out."""
    workbook = new_workbook()
    sheet = workbook.create_sheet("Calibrage")
    put(sheet, 1, 1, "Calibrage du corps de texte", TEXT)
    sheet.page_setup.scale = 100
    return to_bytes(workbook)


def pdf_words(pdf: Path) -> list[tuple[str, float]]:
    """Every word of a PDF with its box's height (points), via pdftotext -bbox."""
    command = shutil.which("pdftotext")
    assert command, "poppler-utils (pdftotext) is required: scripts/system-packages"
    run = subprocess.run(
        [command, "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=LIBREOFFICE_TIMEOUT,
        check=True,
    )
    return [
        (html.unescape(word), float(bottom) - float(top))
        for top, bottom, word in _WORD.findall(run.stdout)
    ]


def pdf_pages(pdf: Path) -> int:
    """The number of pages of a PDF, via pdfinfo (poppler-utils)."""
    command = shutil.which("pdfinfo")
    assert command, "poppler-utils (pdfinfo) is required: scripts/system-packages"
    run = subprocess.run(
        [command, str(pdf)],
        capture_output=True,
        text=True,
        timeout=LIBREOFFICE_TIMEOUT,
        check=True,
    )
    (pages,) = re.findall(r"^Pages:\s+(\d+)$", run.stdout, re.MULTILINE)
    return int(pages)


def round_trip(files: list[Path], folder: Path) -> dict[str, openpyxl.Workbook]:
    """Open and save ``files`` as xlsx in ``folder`` with LibreOffice; return each
    saved workbook by name, its sheets checked to be the written ones."""
    run = convert(files, "xlsx", folder)
    assert run.returncode == 0, run.stderr
    saved = {}
    for path in files:
        again = load((folder / path.name).read_bytes())
        assert again.sheetnames == load(path.read_bytes()).sheetnames, path.name
        saved[path.name] = again
    return saved


def printed_sizes(files: list[Path], folder: Path) -> dict[str, tuple[float, str]]:
    """Print ``files`` to PDF in ``folder`` with one LibreOffice run; return each
    file's smallest printed text size (points) and one word that size."""
    calibration = folder / "calibrage.xlsx"
    calibration.write_bytes(calibration_workbook())
    run = convert([*files, calibration], "pdf", folder)
    assert run.returncode == 0, run.stderr
    sizes = {}
    for path in files:
        pdf = folder / f"{path.stem}.pdf"
        assert pdf.is_file(), f"no PDF for {path.name}: {run.stdout} {run.stderr}"
        sizes[path.name] = smallest_points(pdf, folder / "calibrage.pdf")
    return sizes


def smallest_points(pdf: Path, calibration: Path) -> tuple[float, str]:
    """The smallest printed text size of ``pdf`` (points) and one word that size.

    A word's box height is its font size times a factor of the font; the
    calibration PDF (``calibration_workbook`` rendered) gives that factor.
    """
    (_, reference), *_ = pdf_words(calibration)
    height, word = min((height, word) for word, height in pdf_words(pdf))
    return height * BODY_POINTS / reference, word
