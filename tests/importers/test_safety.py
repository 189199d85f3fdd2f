import io
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from importers import safety
from importers.gradebook_sheet import read_gradebook_sheet
from importers.records import RejectedFileError, file_error
from importers.safety import ImportLimits, check_defusedxml, check_xlsx
from tests.importers.fixtures.make_fixtures import (
    KNOWN,
    STABLE,
    XLSM_MAIN,
    minimal_xlsx,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("zip_bomb.xlsx", safety.TOO_LARGE_INFLATED.format(limit=20)),
        ("zip_ratio_bomb.xlsx", safety.ODD_RATIO.format(ratio=1015, limit=100)),
        ("lying_header.xlsx", safety.DAMAGED),
        ("billion_laughs.xlsx", safety.FORBIDDEN_XML),
        ("xxe.xlsx", safety.FORBIDDEN_XML),
        ("xxe_utf16.xlsx", safety.FORBIDDEN_XML),
        ("macros.xlsm", safety.MACROS),
        ("old_format.xls", safety.OLD_XLS),
        ("encrypted.xlsx", safety.ENCRYPTED),
        ("truncated.xlsx", safety.DAMAGED),
        ("csv_renamed.xlsx", safety.TEXT_RENAMED),
    ],
)
def test_each_hostile_or_broken_file_is_rejected_with_its_french_message(
    name: str, message: str
) -> None:
    data = (FIXTURES / name).read_bytes()
    started = time.perf_counter()
    result = read_gradebook_sheet(data, name, KNOWN)
    elapsed = time.perf_counter() - started
    assert result.errors == (file_error(message),)
    assert result.grades == ()
    assert elapsed < 5  # loose bound; real figures are in bench/excel_import.py


def test_the_zip_bomb_is_small_on_disk_and_huge_inflated() -> None:
    data = (FIXTURES / "zip_bomb.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    assert len(data) < 300_000
    assert inflated > 200 * 1024 * 1024


def test_the_lying_header_declares_less_than_it_holds() -> None:
    data = (FIXTURES / "lying_header.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size == 1000
    assert info.compress_size > 20_000


def test_macros_are_refused_even_when_the_file_is_named_xlsx() -> None:
    data = (FIXTURES / "macros.xlsm").read_bytes()
    with pytest.raises(RejectedFileError) as caught:
        check_xlsx(data, "notes.xlsx")
    assert caught.value.message == safety.MACROS


def test_a_macro_enabled_content_type_alone_is_refused() -> None:
    data = minimal_xlsx(main_type=XLSM_MAIN)
    with pytest.raises(RejectedFileError, match="macros"):
        check_xlsx(data, "notes.xlsx")


def test_a_macro_extension_is_refused_even_without_a_vba_part() -> None:
    with pytest.raises(RejectedFileError, match="macros"):
        check_xlsx(minimal_xlsx(), "notes.xlsm")


def test_a_file_over_the_size_cap_is_refused_before_parsing() -> None:
    limits = ImportLimits(max_file_bytes=1000)
    with pytest.raises(RejectedFileError) as caught:
        check_xlsx(io.BytesIO(minimal_xlsx() + b"\x00" * 1000), "a.xlsx", limits)
    assert caught.value.message == safety.TOO_BIG.format(limit="0")


def test_too_many_zip_entries_are_refused() -> None:
    extra = tuple((f"xl/media/{i}.bin", b"x") for i in range(10))
    with pytest.raises(RejectedFileError, match="15 éléments internes"):
        check_xlsx(minimal_xlsx(extra=extra), "a.xlsx", ImportLimits(max_zip_entries=9))


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(RejectedFileError) as caught:
        check_xlsx(buffer.getvalue(), "a.xlsx")
    assert caught.value.message == safety.NOT_XLSX


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", safety.EMPTY), (b"\x89PNG\r\n\x1a\n\x00\x00", safety.NOT_XLSX)],
)
def test_empty_and_binary_files_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(RejectedFileError) as caught:
        check_xlsx(data, "a.xlsx")
    assert caught.value.message == message


def test_a_valid_workbook_passes_and_its_formula_parts_are_noted() -> None:
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><f>1+1</f></c>'
        b"</row></sheetData></worksheet>"
    )
    checked = check_xlsx(minimal_xlsx(sheet=sheet), "a.xlsx")
    assert checked.formula_parts == frozenset({"xl/worksheets/sheet1.xml"})
    assert check_xlsx(minimal_xlsx(), "a.xlsx").formula_parts == frozenset()


def test_the_app_refuses_to_start_without_defusedxml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    check_defusedxml()
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        check_defusedxml()


@pytest.mark.parametrize(
    "name", sorted(set(STABLE) - {"zip_bomb.xlsx", "zip_ratio_bomb.xlsx"})
)
def test_the_committed_hand_made_fixtures_are_what_the_script_builds(name: str) -> None:
    assert (FIXTURES / name).read_bytes() == STABLE[name]()
