"""Gates an upload must pass before openpyxl sees it (reliability D3, D4, table B).

Order: size cap, file type by magic bytes (OLE2 ``.xls`` or encrypted, text),
zip directory (entries, declared sizes, ratio), then every member is inflated
in 64 KiB chunks (never ``ZipFile.read``) to count the real size, refuse any
``<!DOCTYPE``/``<!ENTITY`` (NUL bytes removed, so UTF-16 is caught too), count
rows, cells, cell formats, shared strings and tags (``census``) and
note which parts hold formulas (``<f>``), so readers only look for formulas
without a cached value where there are formulas at all.
"""

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO

import openpyxl

from importers.census import BOMS, Census
from importers.records import RejectedFileError

MIB = 1024 * 1024
_CHUNK = 64 * 1024
#: Members smaller than this are not ratio-checked: tiny parts compress oddly.
_RATIO_FLOOR = 64 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_MACRO_NAMES = (".xlsm", ".xltm", ".xlam")
#: How an HTML page starts (a web export or an « .xls » of a school system).
_HTML = re.compile(
    rb"^(?:<\?xml[^>]*>|<!--.*?-->|\s)*<(?:!doctype\s+html|html|table)\b",
    re.IGNORECASE | re.DOTALL,
)
#: What a damaged zip raises (NotImplementedError: a compression zipfile lacks).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    NotImplementedError,
    RuntimeError,
    ValueError,
    OSError,
    zipfile.LargeZipFile,
)
#: A DTD or entity refused in any XML part (D3), searched in a sliding window.
DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
#: Bytes of a window carried to the next chunk, so no marker is cut in two.
WINDOW_TAIL = 32

TOO_BIG = (
    "Le fichier dépasse la taille maximale de {limit} Mo. Gardez seulement les "
    "données utiles (ou découpez le fichier), puis réessayez."
)
EMPTY = "Le fichier est vide. Choisissez le bon fichier, puis réessayez."
OLD_XLS = (
    "Ce fichier est au format Excel 97-2003 (.xls), qui n'est pas accepté. "
    "Ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format "
    "« Classeur Excel (.xlsx) », puis réessayez."
)
ENCRYPTED = (
    "Ce classeur est protégé par un mot de passe (chiffré) : Carnet ne peut pas "
    "le lire. Retirez le mot de passe (Excel : Fichier > Informations > Protéger "
    "le classeur > Chiffrer avec mot de passe, videz le champ), enregistrez, "
    "puis réessayez."
)
MACROS = (
    "Ce classeur contient des macros (.xlsm) : il est refusé par sécurité. "
    "Enregistrez-le au format « Classeur Excel (.xlsx) », sans macros, "
    "puis réessayez."
)
TEXT_RENAMED = (
    "Ce fichier est un texte (CSV) renommé en .xlsx. Importez-le sous son vrai "
    "nom en .csv, ou ouvrez-le dans Excel et enregistrez-le au format .xlsx."
)
HTML_RENAMED = (
    "Ce fichier est une page web (HTML) renommée en {extension}, pas un classeur. "
    "Ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format « Classeur "
    "Excel (.xlsx) », puis réessayez."
)
NOT_XLSX = (
    "Ce fichier n'est pas un classeur Excel (.xlsx). Ouvrez-le dans Excel ou "
    "LibreOffice et enregistrez-le au format « Classeur Excel (.xlsx) »."
)
DAMAGED = (
    "Le fichier est endommagé ou incomplet (téléchargement interrompu ?). "
    "Ouvrez-le dans Excel ou LibreOffice, enregistrez-le de nouveau au format "
    ".xlsx, puis réessayez."
)
TOO_MANY_PARTS = (
    "Le classeur contient {count} éléments internes (limite {limit}) : il est "
    "refusé par sécurité. Copiez les données utiles dans un nouveau classeur."
)
TOO_LARGE_INFLATED = (
    "Une fois décompressé, le classeur dépasse {limit} Mo : il est refusé par "
    "sécurité. Copiez les données utiles dans un nouveau classeur."
)
ODD_RATIO = (
    "Une partie du classeur est anormalement compressée (taux {ratio}:1, limite "
    "{limit}:1), signe d'un fichier piégé : il est refusé. Copiez les données "
    "utiles dans un nouveau classeur."
)
FORBIDDEN_XML = (
    "Le classeur contient une déclaration XML interdite (DOCTYPE ou ENTITY), "
    "signe d'un fichier piégé : il est refusé. Ouvrez-le dans Excel ou "
    "LibreOffice et enregistrez-le de nouveau au format .xlsx."
)


@dataclass(frozen=True)
class ImportLimits:
    """Limits applied to every upload (reliability table B); all configurable."""

    max_file_bytes: int = 5 * MIB
    max_zip_entries: int = 200
    max_declared_bytes: int = 20 * MIB
    max_ratio: int = 100
    max_inflated_bytes: int = 20 * MIB
    max_sheets: int = 20
    max_rows: int = 5_000
    max_columns: int = 100
    max_text_chars: int = 2_000
    #: Counted while inflating, before openpyxl loads them (importers.census);
    #: a valid file just under all of them is read in under 2 s of CPU
    #: (bench/uploads.py).
    max_cells: int = 60_000
    max_cell_formats: int = 5_000
    max_shared_strings: int = 25_000
    max_xml_tags: int = 500_000


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class CheckedWorkbook:
    """The bytes of an xlsx that passed every gate, and its parts with formulas."""

    data: bytes
    formula_parts: frozenset[str]


def check_defusedxml() -> None:
    """Refuse to start when openpyxl would parse without defusedxml (D3)."""
    if not openpyxl.DEFUSEDXML:
        raise RuntimeError(
            "openpyxl.DEFUSEDXML is False: install defusedxml and leave "
            "OPENPYXL_DEFUSEDXML unset before accepting spreadsheet uploads."
        )


def read_capped(source: bytes | BinaryIO, limits: ImportLimits) -> bytes:
    """Return the upload's bytes, refusing it beyond the size cap or when empty."""
    if isinstance(source, bytes):
        data = source
    else:
        data = source.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise RejectedFileError(TOO_BIG.format(limit=_mib(limits.max_file_bytes)))
    if not data:
        raise RejectedFileError(EMPTY)
    return data


def check_xlsx(
    source: bytes | BinaryIO, filename: str, limits: ImportLimits = DEFAULT_LIMITS
) -> CheckedWorkbook:
    """Run every gate on an xlsx upload; raise ``RejectedFileError`` on failure."""
    data = read_capped(source, limits)
    _check_magic(data, filename)
    if filename.lower().endswith(_MACRO_NAMES):
        raise RejectedFileError(MACROS)
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            _check_directory(archive, limits)
            formula_parts = _scan_members(archive, limits)
    except RejectedFileError:
        raise
    except ZIP_ERRORS:
        raise RejectedFileError(DAMAGED) from None
    return CheckedWorkbook(data=data, formula_parts=frozenset(formula_parts))


def looks_like_text(data: bytes) -> bool:
    """Tell whether bytes look like a text (CSV) file rather than a binary one."""
    head = data[:4096]
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the head is still text.
        return error.start >= len(head) - 3 or _cp1252(head)
    return True


def _check_magic(data: bytes, filename: str) -> None:
    if data.startswith(_OLE2):
        encrypted = "EncryptionInfo".encode("utf-16-le") in data
        raise RejectedFileError(ENCRYPTED if encrypted else OLD_XLS)
    if data.startswith(_ZIP):
        return
    if looks_like_html(data):
        extension = posixpath.splitext(filename.lower())[1] or ".xlsx"
        raise RejectedFileError(HTML_RENAMED.format(extension=extension))
    raise RejectedFileError(TEXT_RENAMED if looks_like_text(data) else NOT_XLSX)


def looks_like_html(data: bytes) -> bool:
    """Tell an HTML page (UTF-8 or UTF-16, with or without BOM) by its start."""
    head = data[:4096]
    for bom in BOMS:
        head = head.removeprefix(bom)
    return _HTML.match(head.replace(b"\x00", b"")) is not None


def _check_directory(archive: zipfile.ZipFile, limits: ImportLimits) -> None:
    members = archive.infolist()
    check_zip_entries(members, limits)
    names = {member.filename.lower() for member in members}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise RejectedFileError(MACROS)
    if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
        raise RejectedFileError(NOT_XLSX)
    check_zip_sizes(members, limits)


def check_zip_entries(members: list[zipfile.ZipInfo], limits: ImportLimits) -> None:
    """Refuse a zip (xlsx, ods) with too many entries (D4), before anything else."""
    if len(members) > limits.max_zip_entries:
        raise RejectedFileError(
            TOO_MANY_PARTS.format(count=len(members), limit=limits.max_zip_entries)
        )


def check_zip_sizes(members: list[zipfile.ZipInfo], limits: ImportLimits) -> None:
    """Refuse a zip whose declared sizes or compression ratios are bombs (D4)."""
    if sum(member.file_size for member in members) > limits.max_declared_bytes:
        raise RejectedFileError(
            TOO_LARGE_INFLATED.format(limit=_mib(limits.max_declared_bytes))
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= _RATIO_FLOOR and ratio > limits.max_ratio:
            raise RejectedFileError(
                ODD_RATIO.format(ratio=int(ratio), limit=limits.max_ratio)
            )


def _scan_members(archive: zipfile.ZipFile, limits: ImportLimits) -> set[str]:
    inflated = 0
    formula_parts: set[str] = set()
    census = Census(limits)
    for member in archive.infolist():
        if member.is_dir():
            continue
        tail = b""
        census.next_part()
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                inflated += len(chunk)
                if inflated > limits.max_inflated_bytes:
                    raise RejectedFileError(
                        TOO_LARGE_INFLATED.format(limit=_mib(limits.max_inflated_bytes))
                    )
                plain = chunk.replace(b"\x00", b"")
                census.feed(plain)
                window = tail + plain
                _check_window(member.filename, window)
                if _FORMULA.search(window):
                    formula_parts.add(member.filename)
                tail = window[-WINDOW_TAIL:]
    return formula_parts


def _check_window(name: str, window: bytes) -> None:
    if DTD.search(window):
        raise RejectedFileError(FORBIDDEN_XML)
    if name == "[Content_Types].xml" and b"macroenabled" in window.lower():
        raise RejectedFileError(MACROS)


def _cp1252(head: bytes) -> bool:
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _mib(size: int) -> str:
    return f"{size / MIB:.0f}"
