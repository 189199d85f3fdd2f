"""Moodle exports as Moodle writes them: text (CSV), xlsx and OpenDocument (.ods).

``FIXTURE_HEADERS`` and the rows follow the layout of Moodle's own grade-export
test data (``grade/import/csv/tests/load_data_test.php``: the export with its
« Last downloaded from this course » column): bare item names, no display type,
a feedback column, the course total, and the export time last.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook

EPOCH = "1767603600"  # 2026-01-05 09:00 UTC
FIXTURE_HEADERS = [
    "First name",
    "Surname",
    "ID number",
    "Institution",
    "Department",
    "Email address",
    "Assignment: Assignment for grape group",
    "Feedback: Assignment for grape group",
    "Course total",
    "Last downloaded from this course",
]
FIXTURE_ROWS = [
    [
        "Anne",
        "Able",
        "",
        "Moodle HQ",
        "Rock on!",
        "student7@example.com",
        "56.00",
        "We welcome feedback",
        "56.00",
        EPOCH,
    ],
    [
        "Bobby",
        "Bunce",
        "",
        "Moodle HQ",
        "Rock on!",
        "student5@example.com",
        "75.00",
        "",
        "75.00",
        EPOCH,
    ],
]
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def moodle_csv(rows: Sequence[Sequence[object]], delimiter: str = ",") -> bytes:
    """Write rows the way Moodle's text export does (quoted when needed, UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerows(rows)
    return buffer.getvalue().encode()


def moodle_xlsx(rows: Sequence[Sequence[object]], title: str = "Grades") -> bytes:
    """Write rows as Moodle's Excel export: numbers as numbers, the rest as text."""
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = title
    for row in rows:
        # The export time (last column) is written as text, grades as numbers.
        sheet.append([*map(_number_or_text, row[:-1]), *row[-1:]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods_cell(value: object, repeat: int = 1, text: bool = False) -> str:
    """One ``table:table-cell`` as Moodle's ODS writer makes it."""
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    if value is None or value == "":
        return f"<table:table-cell{repeated}/>"
    if not text and isinstance(_number_or_text(value), float | int):
        return (
            f'<table:table-cell office:value-type="float" '
            f"office:value={quoteattr(str(value))}{repeated}>"
            f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"{repeated}>'
        f"<text:p>{escape(str(value))}</text:p></table:table-cell>"
    )


def ods_row(cells: str, repeat: int = 1) -> str:
    """One ``table:table-row`` holding ready-made cells."""
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{cells}</table:table-row>"


def ods_content(rows_xml: str, title: str = "Grades", prolog: str = "") -> bytes:
    """A ``content.xml`` with one table."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f"<office:document-content {_NAMESPACES}><office:body><office:spreadsheet>"
        f"<table:table table:name={quoteattr(title)}>{rows_xml}</table:table>"
        "</office:spreadsheet></office:body></office:document-content>"
    ).encode()


def ods_package(content: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """Zip a ``content.xml`` into an .ods (mimetype first, stored)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        parts = {"META-INF/manifest.xml": _MANIFEST} | (extra or {})
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def moodle_ods(rows: Sequence[Sequence[object]], title: str = "Grades") -> bytes:
    """Write rows as Moodle's ODS export."""
    xml = "".join(
        ods_row("".join(ods_cell(v, text=i == len(row) - 1) for i, v in enumerate(row)))
        for row in rows
    )
    return ods_package(ods_content(xml, title))


def _number_or_text(value: object) -> object:
    if isinstance(value, str) and value:
        try:
            return float(value)
        except ValueError:
            return value
    return value


_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
    b'manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type'
    b'="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
    b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)
