"""OpenDocument spreadsheets (.ods: LibreOffice, Moodle's « Feuille de calcul ODS »).

An .ods is a zip holding ``content.xml``. The gates mirror the xlsx ones
(reliability D3, D4): size cap, zip magic, entry count, declared size and ratio,
the ``mimetype`` member; macros (``Basic/``, ``Scripts/``) and encrypted files
are refused. ``content.xml`` is streamed once (stdlib ``iterparse``), its
inflated size counted and any DTD or entity refused before the parser sees it.
Like an xlsx, the table named « Notes » is read, else the first visible table
holding a header row, else the first visible one. Repeated empty rows and cells
(LibreOffice writes a million of them) are never expanded. Like the xlsx
census, tags, rows, cells and cell styles are counted as they stream by, and
the file is refused at the first count past its limit (issue 10).
"""

import io
import zipfile
from collections.abc import Iterator
from typing import IO, BinaryIO
from xml.etree.ElementTree import Element, ParseError, iterparse

from importers.census import (
    TOO_MANY_CELLS,
    TOO_MANY_FORMATS,
    TOO_MANY_ROWS,
    TOO_MANY_TAGS,
)
from importers.headers import is_data_sheet, text_header_index
from importers.ods_values import DAMAGED, TABLE, cell_value
from importers.records import RejectedFileError
from importers.safety import (
    DTD,
    FORBIDDEN_XML,
    HTML_RENAMED,
    OLD_XLS,
    TOO_LARGE_INFLATED,
    WINDOW_TAIL,
    ZIP_ERRORS,
    ImportLimits,
    check_zip_entries,
    check_zip_sizes,
    looks_like_html,
    looks_like_text,
    read_capped,
)
from importers.table import TOO_MANY_COLUMNS, Table, check_size, long_texts, trim

_STYLE_NS = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_STYLE = f"{_STYLE_NS}style"
_SHEET = f"{TABLE}table"
_ROW = f"{TABLE}table-row"
_CELLS = (f"{TABLE}table-cell", f"{TABLE}covered-table-cell")
#: Elements counted on their start tag: ImportLimits field and message.
_COUNTED = {
    _ROW: ("max_rows", TOO_MANY_ROWS),
    _CELLS[0]: ("max_cells", TOO_MANY_CELLS),
    _CELLS[1]: ("max_cells", TOO_MANY_CELLS),
    _STYLE: ("max_cell_formats", TOO_MANY_FORMATS),
}
_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_SMALL_PART = 1024 * 1024
_CHUNK = 64 * 1024

NOT_ODS = (
    "Ce fichier n'est pas un classeur OpenDocument (.ods). Ouvrez-le dans "
    "LibreOffice et enregistrez-le au format « Classeur ODF (.ods) » ou .xlsx."
)
TEXT_RENAMED = (
    "Ce fichier est un texte (CSV) renommé en .ods. Importez-le sous son vrai "
    "nom en .csv, ou enregistrez-le au format .ods depuis LibreOffice."
)
MACROS = (
    "Ce classeur contient des macros : il est refusé par sécurité. "
    "Enregistrez-le sans macros (.ods ou .xlsx), puis réessayez."
)
ENCRYPTED = (
    "Ce classeur est protégé par un mot de passe (chiffré) : Carnet ne peut pas "
    "le lire. Enregistrez-le de nouveau sans mot de passe, puis réessayez."
)
EMPTY_BOOK = "Le classeur ne contient aucune feuille."


def is_ods(filename: str, data: bytes) -> bool:
    """Tell an .ods by its name or by its leading ``mimetype`` member."""
    leading = data[30:38] == b"mimetype" and data[38:].startswith(_MIMETYPE)
    return filename.lower().endswith(".ods") or leading


def read_ods(source: bytes | BinaryIO, limits: ImportLimits) -> Table:
    """Read the first table of an .ods after the safety gates."""
    data = read_capped(source, limits)
    _check_magic(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_directory(archive, limits)
            with archive.open("content.xml") as stream:
                return _read_content(_Capped(stream, limits), limits)
    except RejectedFileError:
        raise
    except (*ZIP_ERRORS, ParseError):
        raise RejectedFileError(DAMAGED) from None


def _check_magic(data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RejectedFileError(OLD_XLS)
    if not data.startswith(b"PK\x03\x04") and looks_like_html(data):
        raise RejectedFileError(HTML_RENAMED.format(extension=".ods"))
    if not data.startswith(b"PK\x03\x04"):
        raise RejectedFileError(TEXT_RENAMED if looks_like_text(data) else NOT_ODS)


def _check_directory(archive: zipfile.ZipFile, limits: ImportLimits) -> None:
    members = archive.infolist()
    check_zip_entries(members, limits)
    names = {member.filename for member in members}
    if any(name.startswith(("Basic/", "Scripts/")) for name in names):
        raise RejectedFileError(MACROS)
    if not {"mimetype", "content.xml"} <= names:
        raise RejectedFileError(NOT_ODS)
    check_zip_sizes(members, limits)
    if _small_part(archive, "mimetype").strip() != _MIMETYPE:
        raise RejectedFileError(NOT_ODS)
    if b"encryption-data" in _small_part(archive, "META-INF/manifest.xml"):
        raise RejectedFileError(ENCRYPTED)


def _small_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """Read a small member (mimetype, manifest), never past 1 MiB."""
    if name not in archive.namelist():
        return b""
    with archive.open(name) as stream:
        return stream.read(_SMALL_PART)


class _Capped:
    """A stream counting what it inflates (a zip header may lie) and its tags,
    refusing any ``<!DOCTYPE``/``<!ENTITY`` (NUL bytes removed) before the
    parser sees it."""

    def __init__(self, stream: IO[bytes], limits: ImportLimits) -> None:
        self._stream = stream
        self._limits = limits
        self._inflated = 0
        self._tags = 0
        self._tail = b""

    def read(self, size: int = _CHUNK) -> bytes:
        """Read like the stream, after the checks."""
        chunk = self._stream.read(size if size > 0 else _CHUNK)
        self._inflated += len(chunk)
        if self._inflated > self._limits.max_inflated_bytes:
            limit = self._limits.max_inflated_bytes >> 20
            raise RejectedFileError(TOO_LARGE_INFLATED.format(limit=limit))
        plain = chunk.replace(b"\x00", b"")
        self._tags += plain.count(b"<")
        if self._tags > self._limits.max_xml_tags:
            limit = self._limits.max_xml_tags
            raise RejectedFileError(TOO_MANY_TAGS.format(limit=limit))
        window = self._tail + plain
        if DTD.search(window):
            raise RejectedFileError(FORBIDDEN_XML)
        self._tail = window[-WINDOW_TAIL:]
        return chunk


def _read_content(stream: _Capped, limits: ImportLimits) -> Table:
    """Read the tables in order; return « Notes » as soon as it ends."""
    events: Iterator[tuple[str, Element]] = iterparse(stream, ("start", "end"))
    tables: list[tuple[Table, bool]] = []
    hidden: set[str] = set()  # table styles with table:display="false"
    reader = _RowCollector(limits)
    counts: dict[str, int] = {}
    for event, element in events:
        if event == "start":
            if element.tag == _SHEET:
                reader, counts["max_rows"] = _RowCollector(limits), 0
            _count(element.tag, counts, limits)
        elif element.tag == _ROW:
            reader.add(element)
            element.clear()
        elif element.tag == _SHEET:
            title = element.get(f"{TABLE}name", "")
            rows = tuple(reader.rows)
            table = Table(title, rows, long_texts(title, rows, limits))
            if is_data_sheet(title):
                return table
            tables.append((table, element.get(f"{TABLE}style-name") not in hidden))
            element.clear()
        elif element.tag == _STYLE and _hides_table(element):
            hidden.add(element.get(f"{_STYLE_NS}name", ""))
    return _first_with_header(tables)


def _hides_table(style: Element) -> bool:
    properties = style.find(f"{_STYLE_NS}table-properties")
    return properties is not None and properties.get(f"{TABLE}display") == "false"


def _first_with_header(tables: list[tuple[Table, bool]]) -> Table:
    """The first visible table holding a header row, else the first visible."""
    visible = [table for table, shown in tables if shown] or [t for t, _ in tables]
    if not visible:
        raise RejectedFileError(EMPTY_BOOK)
    with_header = [t for t in visible if text_header_index(t) is not None]
    return (with_header or visible)[0]


def _count(tag: str, counts: dict[str, int], limits: ImportLimits) -> None:
    """Count a row, cell or style element; refuse the file past its limit."""
    if tag not in _COUNTED:
        return
    field, message = _COUNTED[tag]
    counts[field] = counts.get(field, 0) + 1
    limit: int = getattr(limits, field)
    if counts[field] > limit:
        raise RejectedFileError(message.format(limit=limit))


class _RowCollector:
    """Rows of the first table, repeated rows and cells expanded only when filled."""

    def __init__(self, limits: ImportLimits) -> None:
        self.rows: list[tuple[object, ...]] = []
        self._limits = limits
        self._empty = 0

    def add(self, row: Element) -> None:
        """Add a ``table:table-row`` (``number-rows-repeated`` times)."""
        repeat = int(row.get(f"{TABLE}number-rows-repeated", "1"))
        values = self._cells(row)
        if not values:
            self._empty += repeat
            return
        for _ in range(self._empty):
            self._append(())
        self._empty = 0
        for _ in range(repeat):
            self._append(values)

    def _append(self, values: tuple[object, ...]) -> None:
        check_size(len(self.rows), values, self._limits)
        self.rows.append(values)

    def _cells(self, row: Element) -> tuple[object, ...]:
        values: list[object] = []
        blanks = 0
        for cell in row:
            if cell.tag not in _CELLS:
                continue
            repeat = int(cell.get(f"{TABLE}number-columns-repeated", "1"))
            value = cell_value(cell)
            if value is None:
                blanks += repeat
                continue
            if len(values) + blanks + repeat > self._limits.max_columns:
                raise RejectedFileError(
                    TOO_MANY_COLUMNS.format(
                        row=len(self.rows) + self._empty + 1,
                        limit=self._limits.max_columns,
                    )
                )
            values += [None] * blanks + [value] * repeat
            blanks = 0
        return trim(values)
