"""Small uploads that cost openpyxl a lot (issue 10), built in a second or so.

Each passes the size, entry-count and ratio gates like the files of the review:
a random block larger than deflate's 32 KiB window is repeated, so the zip
compresses it no better than random text. ``workbook`` and ``ods`` also build
ordinary files from given parts.
"""

import io
import os
import zipfile

from tests.importers.moodle_samples import ods_package

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml."
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
CONTENT_TYPES = (
    f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{_PKG}/content-types">'
    f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_TYPE}worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}styles+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    f'ContentType="{_TYPE}sharedStrings+xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/'
    f'relationships"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
    f'xmlns:r="{_REL}"><sheets><sheet name="Notes" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>"
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}/'
    f'relationships"><Relationship Id="rId1" Type="{_REL}/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_STYLES = (
    f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts><fills '
    'count="1"><fill><patternFill/></fill></fills><borders count="1"><border/>'
    '</borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs>{xfs}</cellXfs><cellStyles><cellStyle name="Normal" xfId="0" '
    'builtinId="0"/></cellStyles></styleSheet>'
)
_SHEET = f'<worksheet xmlns="{MAIN}"><sheetData>{{rows}}</sheetData></worksheet>'
#: Repeated units per random block: each block is larger than 32 KiB.
_BLOCK = 4_096


def workbook(
    rows: bytes = b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
    strings: bytes = b"<si><t>Nom</t></si>",
    formats: bytes = b"<xf/>",
) -> bytes:
    """Return an xlsx whose sheet, shared strings and cell formats are given."""
    parts = {
        "[Content_Types].xml": CONTENT_TYPES.encode(),
        "_rels/.rels": ROOT_RELS.encode(),
        "xl/workbook.xml": WORKBOOK.encode(),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS.encode(),
        "xl/styles.xml": _STYLES.replace("{xfs}", "")
        .encode()
        .replace(b"<cellXfs></cellXfs>", b"<cellXfs>" + formats + b"</cellXfs>"),
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">'.encode() + strings + b"</sst>",
        "xl/worksheets/sheet1.xml": _SHEET.replace("{rows}", "")
        .encode()
        .replace(b"<sheetData></sheetData>", b"<sheetData>" + rows + b"</sheetData>"),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    return buffer.getvalue()


def repeated(template: bytes, count: int, digits: int) -> bytes:
    """``count`` copies of ``template`` with ``%s`` replaced by random hex digits."""
    noise = os.urandom(_BLOCK * digits).hex().encode()
    block = b"".join(
        template % noise[i * digits : (i + 1) * digits] for i in range(_BLOCK)
    )
    whole, rest = divmod(count, _BLOCK)
    return block * whole + block[: len(block) // _BLOCK * rest]


def many_formats(count: int = 200_000) -> bytes:
    """An xlsx with ``count`` cell formats (the review's: 379 KB, 200,000)."""
    return workbook(
        formats=repeated(
            b'<xf numFmtId="%s" fontId="0" applyNumberFormat="1"/>', count, 2
        )
    )


def many_strings(count: int = 1_000_000) -> bytes:
    """An xlsx with ``count`` shared strings (the review's: 4 MB, 1,000,000)."""
    return workbook(strings=repeated(b"<si><t>%s</t></si>", count, 3))


def many_rows(count: int = 700_000) -> bytes:
    """A sheet of ``count`` rows and no ``<dimension>`` (the review's: 2.4 MB)."""
    return workbook(rows=repeated(b"<row><c><v>%s</v></c></row>", count, 1))


_ODS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><office:document-content '
    b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
)


def ods(rows: bytes = b"", styles: bytes = b"", tables: bytes = b"") -> bytes:
    """An .ods with these automatic styles, and these tables (else one table of
    these rows)."""
    content = (
        _ODS_HEAD
        + b"<office:automatic-styles>"
        + styles
        + b"</office:automatic-styles><office:body><office:spreadsheet>"
        + (tables or b'<table:table table:name="Notes">' + rows + b"</table:table>")
        + b"</office:spreadsheet></office:body>"
        + b"</office:document-content>"
    )
    return ods_package(content)


def ods_many_styles(count: int = 200_000) -> bytes:
    """An .ods with ``count`` cell styles."""
    style = b'<style:style style:name="ce%s" style:family="table-cell"/>'
    return ods(styles=repeated(style, count, 4))


def ods_many_rows(count: int = 200_000) -> bytes:
    """An .ods with ``count`` rows of one cell each (18 MB inflated, 1 MB)."""
    row = b"<table:table-row><table:table-cell><text:p>%s</text:p>"
    return ods(rows=repeated(row + b"</table:table-cell></table:table-row>", count, 1))
