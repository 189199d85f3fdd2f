"""CSV and text exports (Excel's CSV, Moodle's « Fichier texte ») read as a table.

The text is UTF-8 (with or without BOM), else cp1252. The separator is the one
of ``;``, ``,``, tab and ``:`` that splits the first lines into the same number
of cells (then the most cells); quoted cells are honoured, so a colon inside a
Moodle header (« Devoir : Essai ») does not pass for a separator. Only the
first 64 KiB are sniffed, and a file with more separators than the cell cap is
refused before it is split (a line of five million « ; » is 5 MB).
"""

import csv
import io
from itertools import islice

from importers.census import TOO_MANY_CELLS
from importers.records import RejectedFileError, file_error
from importers.safety import ImportLimits
from importers.table import Table, check_size, long_texts, trim

_MOJIBAKE = ("Ã©", "Ã¨", "Ã§", "Ã ", "Ã´")
_DELIMITERS = (";", ",", "\t", ":")
_SAMPLE_ROWS = 6
_SAMPLE_CHARS = 64 * 1024

MOJIBAKE = (
    "Les accents sont mal encodés (« Ã© » au lieu de « é ») : enregistrez le "
    "fichier en « CSV UTF-8 » ou « CSV (séparateur : point-virgule) », puis "
    "réessayez."
)
BAD_CSV = (
    "Le fichier CSV est mal formé (guillemet non fermé ou cellule démesurée) : "
    "enregistrez-le de nouveau depuis votre tableur, puis réessayez."
)
NOT_TEXT = "Ce fichier CSV n'est pas un texte lisible (ni UTF-8 ni Windows-1252)."


def is_csv(filename: str) -> bool:
    """Tell whether a file name asks for the CSV reader."""
    return filename.lower().endswith((".csv", ".txt"))


def read_csv(data: bytes, filename: str, limits: ImportLimits) -> Table:
    """Decode a CSV (UTF-8 with or without BOM, else cp1252) and split its cells."""
    text, encoding = _decode(data)
    delimiter = _sniff(_sample(text))
    if text.count(delimiter) > limits.max_cells:
        raise RejectedFileError(TOO_MANY_CELLS.format(limit=limits.max_cells))
    try:
        rows = _csv_rows(text, delimiter, limits)
    except csv.Error:
        raise RejectedFileError(BAD_CSV) from None
    errors = list(long_texts(filename, rows, limits))
    if any(marker in text for marker in _MOJIBAKE):
        errors.insert(0, file_error(MOJIBAKE))
    return Table(filename, tuple(rows), tuple(errors), encoding, delimiter)


def _csv_rows(
    text: str, delimiter: str, limits: ImportLimits
) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    for values in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        row = trim([value if value.strip() else None for value in values])
        check_size(len(rows), row, limits)
        rows.append(row)
    return rows


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _strict(data, "cp1252"), "cp1252"


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise RejectedFileError(NOT_TEXT) from None


def _sample(text: str) -> str:
    """The first 64 KiB of the text, ending at a line break when there is one."""
    if len(text) <= _SAMPLE_CHARS:
        return text
    head = text[:_SAMPLE_CHARS]
    end = head.rfind("\n")
    return head[: end + 1] if end > 0 else head


def _sniff(text: str) -> str:
    return max(_DELIMITERS, key=lambda delimiter: _fit(text, delimiter))


def _fit(text: str, delimiter: str) -> tuple[bool, int, int]:
    """Score a separator: it splits at all, lines as wide as the first, width."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        sample = [row for row in islice(reader, _SAMPLE_ROWS * 4) if any(row)]
    except csv.Error:
        return (False, -1, 0)
    sample = sample[:_SAMPLE_ROWS]
    width = len(sample[0]) if sample else 0
    return (width > 1, sum(len(row) == width for row in sample), width)
