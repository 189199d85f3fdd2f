import io
import random
import zipfile

from importers.gradebook_sheet import read_gradebook_sheet, write_gradebook_sheet
from importers.gradebook_stamp import NOT_CARNET
from importers.moodle import read_moodle_gradebook
from importers.records import file_error
from importers.roster import read_roster
from tests.importers.fixtures.make_fixtures import BOOK, KNOWN

VALID = write_gradebook_sheet(BOOK)


def _flip_bytes(data: bytes, rng: random.Random) -> bytes:
    mutated = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        mutated[rng.randrange(len(mutated))] = rng.randrange(256)
    return bytes(mutated)


def _break_a_part(data: bytes, rng: random.Random) -> bytes:
    """Rewrite one XML part with a slice cut out or bytes swapped (valid zip)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        victim = rng.choice(source.namelist())
        for name in source.namelist():
            part = source.read(name)
            if name == victim and part:
                start = rng.randrange(len(part))
                part = part[:start] + part[start + rng.randint(1, 40) :]
            target.writestr(name, part)
    return out.getvalue()


def test_mutated_workbooks_give_errors_never_an_exception() -> None:
    rng = random.Random(20261130)
    outcomes = {"ok": 0, "errors": 0}
    for index in range(150):
        mutate = _flip_bytes if index % 2 else _break_a_part
        data = mutate(VALID, rng)
        for result in (
            read_gradebook_sheet(data, "notes.xlsx", KNOWN),
            read_moodle_gradebook(data, "notes.xlsx"),
            read_roster(data, "notes.xlsx"),
        ):
            outcomes["ok" if result.ok else "errors"] += 1
    assert outcomes["errors"] > 0


def test_a_stamp_with_a_bad_column_is_not_a_carnet_sheet() -> None:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(VALID)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for name in source.namelist():
            part = source.read(name)
            if name == "xl/worksheets/sheet3.xml":  # the stamp
                assert b"<t>E</t>" in part
                part = part.replace(b"<t>E</t>", b"<t>??</t>")
            target.writestr(name, part)
    result = read_gradebook_sheet(out.getvalue(), "notes.xlsx", KNOWN)
    assert result.errors == (file_error(NOT_CARNET),)
