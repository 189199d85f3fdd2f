"""OpenDocument sheets: values as LibreOffice and Moodle write them, and the gates."""

from __future__ import annotations

import random
import time
from datetime import date
from decimal import Decimal

import pytest

from importers.cells import UNCACHED_FORMULA
from importers.moodle import read_moodle_gradebook
from importers.ods import ENCRYPTED, MACROS, NOT_ODS, TEXT_RENAMED
from importers.ods_values import DAMAGED
from importers.records import RejectedFileError
from importers.roster import read_roster
from importers.safety import FORBIDDEN_XML, ImportLimits
from importers.tabular import read_table
from tests.importers.moodle_samples import (
    FIXTURE_HEADERS,
    FIXTURE_ROWS,
    moodle_ods,
    moodle_xlsx,
    ods_cell,
    ods_content,
    ods_package,
    ods_row,
)
from tests.importers.test_mutations import _break_a_part, _flip_bytes

LIBREOFFICE_ROWS = (
    ods_row(ods_cell("Nom") + ods_cell("Note") + ods_cell(None, 1022))
    + ods_row(ods_cell(None, 1024), repeat=2)
    + ods_row(
        ods_cell("Dupont") + ods_cell("12.5") + "<table:table-cell office:value-type="
        '"date" office:date-value="2025-09-23"><text:p>23/09/25</text:p>'
        "</table:table-cell>" + ods_cell(None, 1021)
    )
    + ods_row(
        ods_cell("2", repeat=2)
        + "<table:covered-table-cell/>"
        + "<table:table-cell><office:annotation><text:p>note</text:p>"
        '</office:annotation><text:p>a<text:s text:c="2"/>b</text:p>'
        "<text:p>c<text:tab/>d</text:p></table:table-cell>"
        + '<table:table-cell office:value-type="boolean" '
        'office:boolean-value="true"><text:p>VRAI</text:p></table:table-cell>'
        + '<table:table-cell table:formula="of:=A1"/>'
    )
    + ods_row(ods_cell(None, 1024), repeat=1_048_570)
)


def _read(data: bytes, name: str = "notes.ods", **limits: int) -> object:
    return read_table(data, name, ImportLimits(**limits))


def test_values_repeats_and_text_are_read_as_libreoffice_writes_them() -> None:
    data = ods_package(ods_content(LIBREOFFICE_ROWS, "Relevé"))
    started = time.perf_counter()
    table = read_table(data, "releve.ods")
    assert time.perf_counter() - started < 2  # a million empty rows never expanded
    assert table.sheet == "Relevé"
    assert table.rows == (
        ("Nom", "Note"),
        (),
        (),
        ("Dupont", Decimal("12.5"), date(2025, 9, 23)),
        (2, 2, None, "a  b\nc\td", True, UNCACHED_FORMULA),
    )


def test_an_ods_is_known_by_its_content_whatever_its_name() -> None:
    data = ods_package(ods_content(ods_row(ods_cell("Nom") + ods_cell("12"))))
    assert read_table(data, "notes.xlsx").rows == (("Nom", 12),)


def test_row_and_column_caps_hold_for_repeated_cells() -> None:
    wide = ods_package(ods_content(ods_row(ods_cell("x", repeat=500))))
    with pytest.raises(RejectedFileError, match="La ligne 1 dépasse 100 colonnes"):
        read_table(wide, "a.ods")
    tall = ods_package(ods_content(ods_row(ods_cell("x"), repeat=50_000)))
    with pytest.raises(RejectedFileError, match="dépasse 5000 lignes"):
        read_table(tall, "a.ods")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            ods_package(
                ods_content(
                    ods_row(ods_cell("&lol;")),
                    prolog='<!DOCTYPE lol [<!ENTITY lol "lol">]>',
                )
            ),
            FORBIDDEN_XML,
        ),
        (
            ods_package(ods_content(""), {"Basic/Standard/Module1.xml": b"<x/>"}),
            MACROS,
        ),
        (
            ods_package(
                ods_content(""),
                {"META-INF/manifest.xml": b"<manifest><encryption-data/></manifest>"},
            ),
            ENCRYPTED,
        ),
        (moodle_xlsx([["Nom"], ["Léa"]]), NOT_ODS),
        (b"Nom;Note\nDupont;12\n", TEXT_RENAMED),
        (ods_package(ods_content(ods_row(ods_cell("x"))))[:200], DAMAGED),
    ],
    ids=["dtd", "macros", "encrypted", "xlsx", "csv", "truncated"],
)
def test_hostile_or_broken_files_are_refused_in_french(
    data: bytes, message: str
) -> None:
    with pytest.raises(RejectedFileError) as refused:
        read_table(data, "notes.ods")
    assert refused.value.message == message


def test_mutated_ods_exports_give_errors_never_an_exception() -> None:
    rows = [FIXTURE_HEADERS, *FIXTURE_ROWS]
    valid = moodle_ods(rows)
    rng = random.Random(20261206)
    outcomes = {"ok": 0, "errors": 0}
    for index in range(150):
        mutate = _flip_bytes if index % 2 else _break_a_part
        for result in (
            read_moodle_gradebook(mutate(valid, rng), "notes.ods"),
            read_roster(mutate(valid, rng), "notes.ods"),
        ):
            outcomes["ok" if result.ok else "errors"] += 1
    assert outcomes["errors"] > 0
