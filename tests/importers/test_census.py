"""Hostile small files (issue 10) stop at the first count past its limit.

Each file is refused with its French message naming the limit, openpyxl never
loads it, and the census reads only the first few percent of the large part.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import replace

import pytest

from importers import census, tabular
from importers.census import MAX_NAME, Census
from importers.records import RejectedFileError
from importers.safety import DEFAULT_LIMITS, ImportLimits, check_xlsx
from importers.tabular import read_table
from tests.importers import hostile

SERVICE_LIMITS = replace(DEFAULT_LIMITS, max_rows=12_000)


class Spy:
    """Counts the bytes the census is fed, and fails if openpyxl loads the file."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fed = 0
        feed = Census.feed

        def counting(census: Census, chunk: bytes) -> None:
            self.fed += len(chunk)
            feed(census, chunk)

        def never(*args: object, **kwargs: object) -> None:
            raise AssertionError("openpyxl loaded a hostile file")

        monkeypatch.setattr(Census, "feed", counting)
        monkeypatch.setattr(tabular, "load_workbook", never)


def _inflated(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(info.file_size for info in archive.infolist())


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            hostile.many_formats,
            "Le classeur compte plus de 5000 formats de cellule",
        ),
        (
            hostile.many_strings,
            "Le classeur compte plus de 25000 textes différents",
        ),
        (hostile.many_rows, "Le fichier dépasse 12000 lignes"),
    ],
)
def test_each_hostile_xlsx_is_refused_early_naming_its_limit(
    monkeypatch: pytest.MonkeyPatch, build: Callable[[], bytes], message: str
) -> None:
    data = build()
    assert len(data) < DEFAULT_LIMITS.max_file_bytes
    spy = Spy(monkeypatch)
    with pytest.raises(RejectedFileError) as caught:
        read_table(data, "notes.xlsx", SERVICE_LIMITS)
    assert caught.value.message.startswith(message)
    assert spy.fed < _inflated(data) / 10


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (hostile.ods_many_styles, "Le classeur compte plus de 5000 formats de cellule"),
        (hostile.ods_many_rows, "Le fichier dépasse 12000 lignes"),
    ],
)
def test_each_hostile_ods_is_refused_naming_its_limit(
    build: Callable[[], bytes], message: str
) -> None:
    with pytest.raises(RejectedFileError) as caught:
        read_table(build(), "notes.ods", SERVICE_LIMITS)
    assert caught.value.message.startswith(message)


@pytest.mark.parametrize(
    ("field", "parts", "message"),
    [
        # 3 cell formats and the cell-style format every workbook has.
        ("max_cell_formats", {"formats": b"<xf/>" * 3}, census.TOO_MANY_FORMATS),
        (
            "max_shared_strings",
            {"strings": b"<si><t>a</t></si>" * 4},
            census.TOO_MANY_STRINGS,
        ),
        (
            "max_cells",
            {"rows": b"<row>" + b"<c/>" * 4 + b"</row>"},
            census.TOO_MANY_CELLS,
        ),
        ("max_xml_tags", {"formats": b"<xf/>" * 4}, census.TOO_MANY_TAGS),
    ],
)
def test_a_count_at_its_limit_passes_and_one_more_is_refused(
    field: str, parts: dict[str, bytes], message: str
) -> None:
    data = hostile.workbook(**parts)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        tags = sum(archive.read(i).count(b"<") for i in archive.infolist())
    limit = tags if field == "max_xml_tags" else 4
    check_xlsx(data, "a.xlsx", replace(DEFAULT_LIMITS, **{field: limit}))
    with pytest.raises(RejectedFileError) as caught:
        check_xlsx(data, "a.xlsx", replace(DEFAULT_LIMITS, **{field: limit - 1}))
    assert caught.value.message == message.format(limit=limit - 1)


def test_a_workbook_under_every_limit_is_read_whole() -> None:
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (n, n) for n in (1, 2)
    )
    table = read_table(hostile.workbook(rows=rows), "a.xlsx")
    assert table.rows == (("Nom",), ("Nom",))


def test_tags_cut_between_chunks_are_counted_once_whatever_their_prefix() -> None:
    data = b"<x:row r='1'><row/><longer-prefix:row>" * 300
    pieces = _cut(data, random.Random(7))
    tally = Census(ImportLimits(max_rows=900))
    for piece in pieces:
        tally.feed(piece)
    assert tally.counts[0] == 900
    assert tally.tags == 900


def test_a_tag_name_too_long_to_count_is_refused() -> None:
    data = hostile.workbook(formats=b"<" + b"p" * MAX_NAME + b":xf/>")
    with pytest.raises(RejectedFileError) as caught:
        check_xlsx(data, "a.xlsx")
    assert caught.value.message == census.ODD_TAG.format(limit=MAX_NAME)


def test_a_part_in_utf16_is_counted_like_utf8() -> None:
    styles = (
        '<?xml version="1.0" encoding="UTF-16"?><styleSheet><cellXfs>'
        + "<xf/>" * 5
        + "</cellXfs></styleSheet>"
    ).encode("utf-16")
    data = _with_part(hostile.workbook(), "xl/styles.xml", styles)
    with pytest.raises(RejectedFileError) as caught:
        check_xlsx(data, "a.xlsx", ImportLimits(max_cell_formats=4))
    assert caught.value.message == census.TOO_MANY_FORMATS.format(limit=4)


def _cut(data: bytes, rnd: random.Random) -> list[bytes]:
    pieces, start = [], 0
    while start < len(data):
        end = start + rnd.randint(1, 40)
        pieces.append(data[start:end])
        start = end
    return pieces


def _with_part(data: bytes, name: str, part: bytes) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info.filename, source.read(info))
        target.writestr(name, part)
    return buffer.getvalue()


def test_a_csv_with_more_separators_than_the_cell_cap_is_refused_unsplit() -> None:
    data = "Nom;Prénom\n".encode() + b";" * 5_000_000
    with pytest.raises(RejectedFileError) as caught:
        read_table(data, "liste.csv", SERVICE_LIMITS)
    assert caught.value.message == census.TOO_MANY_CELLS.format(limit=60_000)


def test_a_long_csv_is_split_by_the_separator_of_its_first_lines() -> None:
    lines = ["Nom;Prénom;Note", *(f"Nom{n};Léa, Zoé;12,5" for n in range(4_000))]
    table = read_table("\n".join(lines).encode(), "notes.csv")
    assert table.delimiter == ";"
    assert len(table.rows) == 4_001
    assert table.rows[-1] == ("Nom3999", "Léa, Zoé", "12,5")


def test_a_binary_part_such_as_an_image_is_not_counted() -> None:
    image = b"\x89PNG\r\n\x1a\n" + random.Random(3).randbytes(400_000)
    assert image.count(b"<") > 1_000
    data = _with_part(hostile.workbook(), "xl/media/logo.png", image)
    check_xlsx(data, "a.xlsx", ImportLimits(max_xml_tags=200))


@pytest.mark.parametrize(
    ("field", "message"),
    [("max_cells", census.TOO_MANY_CELLS), ("max_xml_tags", census.TOO_MANY_TAGS)],
)
def test_an_ods_past_its_cell_or_tag_limit_is_refused(field: str, message: str) -> None:
    cell = b"<table:table-cell><text:p>1</text:p></table:table-cell>"
    data = hostile.ods(rows=b"<table:table-row>" + cell * 4 + b"</table:table-row>")
    read_table(
        data, "a.ods", ImportLimits(**{field: 4 if field == "max_cells" else 99})
    )
    limit = 3 if field == "max_cells" else 20
    with pytest.raises(RejectedFileError) as caught:
        read_table(data, "a.ods", ImportLimits(**{field: limit}))
    assert caught.value.message == message.format(limit=limit)
