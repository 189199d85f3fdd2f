"""Counts taken while an xlsx part is inflated, before openpyxl parses anything.

openpyxl loads every cell format (``<xf>``) and every shared string (``<si>``)
up front, and walks a whole sheet that has no ``<dimension>`` just to size it:
a small file can hold hundreds of thousands of them (issue 10). The safety scan
feeds each part's bytes here, chunk by chunk; the tags are counted in the raw
bytes (C-speed regexes, any namespace prefix) and the upload is refused at the
first count past its limit, long before the end of the part.

Only XML parts are counted: a part whose first byte, after a byte-order mark
and white space, is ``<`` (whatever its name: openpyxl finds parts through
relationships). Images and other binary parts are skipped.

Every tag starts with ``<`` and XML text cannot hold a bare ``<``, so counting
``<`` bounds the elements of any part (CDATA and comments only add to it). A
tag name longer than ``MAX_NAME`` is refused outright, so no long prefix can
hide a counted tag from the fixed-width window carried between chunks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from importers.records import RejectedFileError

if TYPE_CHECKING:
    from importers.safety import ImportLimits

#: Longest tag name (prefix included) accepted; real ones stay under 40.
MAX_NAME = 64
_TAIL = MAX_NAME + 16
_PREFIX = rb"(?:[^\s<>/!?:]{1,%d}:)?" % MAX_NAME
_LONG_NAME = re.compile(rb"<[^\s<>/!?]{%d}" % (MAX_NAME + 1))
#: UTF-8 and UTF-16 byte-order marks (NUL bytes removed) a part may start with.
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

TOO_MANY_ROWS = "Le fichier dépasse {limit} lignes : découpez-le en plusieurs fichiers."
TOO_MANY_CELLS = (
    "Le fichier compte plus de {limit} cellules : gardez seulement les données "
    "utiles (ou découpez-le), puis réessayez."
)
TOO_MANY_FORMATS = (
    "Le classeur compte plus de {limit} formats de cellule : copiez les données "
    "utiles dans un nouveau classeur (collage des valeurs seules), puis réessayez."
)
TOO_MANY_STRINGS = (
    "Le classeur compte plus de {limit} textes différents : gardez seulement les "
    "données utiles (ou découpez le fichier), puis réessayez."
)
TOO_MANY_TAGS = (
    "Le classeur compte plus de {limit} balises XML : il est refusé par "
    "sécurité. Copiez les données utiles dans un nouveau classeur."
)
ODD_TAG = (
    "Le classeur contient une balise XML anormale (nom de plus de {limit} "
    "caractères) : il est refusé par sécurité. Ouvrez-le dans Excel ou "
    "LibreOffice et enregistrez-le de nouveau au format .xlsx."
)


def _tag(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<" + _PREFIX + name + rb"[\s/>]")


#: (pattern, ImportLimits field, message) for each counted element.
_COUNTED = (
    (_tag(rb"row"), "max_rows", TOO_MANY_ROWS),
    (_tag(rb"c"), "max_cells", TOO_MANY_CELLS),
    (_tag(rb"xf"), "max_cell_formats", TOO_MANY_FORMATS),
    (_tag(rb"si"), "max_shared_strings", TOO_MANY_STRINGS),
)


class Census:
    """The counts of a workbook, fed each member's bytes (NUL bytes removed) in
    order. Rows are counted per part (per sheet), everything else workbook-wide:
    openpyxl sizes every sheet that lacks a ``<dimension>``, read or not."""

    def __init__(self, limits: ImportLimits) -> None:
        self._limits = limits
        self._tail = b""
        #: Whether the current part is XML; None until its first non-blank byte.
        self._xml: bool | None = None
        self.tags = 0
        self.counts = [0] * len(_COUNTED)

    def next_part(self) -> None:
        """Start a new zip member: nothing carried over, its rows from zero."""
        self._tail = b""
        self._xml = None
        self.counts[0] = 0

    def feed(self, chunk: bytes) -> None:
        """Count the tags of ``chunk``; raise at the first count past its limit."""
        if self._xml is None:
            start = chunk.lstrip()
            for bom in BOMS:
                start = start.removeprefix(bom).lstrip()
            self._xml = start.startswith(b"<") if start else None
        if self._xml:
            self._count(chunk)

    def _count(self, chunk: bytes) -> None:
        self.tags += chunk.count(b"<")
        if self.tags > self._limits.max_xml_tags:
            raise RejectedFileError(
                TOO_MANY_TAGS.format(limit=self._limits.max_xml_tags)
            )
        window = self._tail + chunk
        if _LONG_NAME.search(window):
            raise RejectedFileError(ODD_TAG.format(limit=MAX_NAME))
        seen = len(self._tail)
        for index, (pattern, field, message) in enumerate(_COUNTED):
            # A match ending inside the carried tail was counted with the last chunk.
            found = sum(1 for m in pattern.finditer(window) if m.end() > seen)
            self.counts[index] += found
            limit: int = getattr(self._limits, field)
            if self.counts[index] > limit:
                raise RejectedFileError(message.format(limit=limit))
        self._tail = window[-_TAIL:]
