"""The shared worked cases pass through the library and through the CLI."""

import hashlib
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from grading import evaluate, parse_candidate, result_to_json

VENDORED = Path(__file__).resolve().parent / "cases"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "domain" / "cases"
CASES = sorted(VENDORED.glob("*.json"))


def _case(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _check(output: dict[str, Any], expect: dict[str, Any]) -> None:
    assert output["decision"] == expect["decision"]
    for key in ("average", "total_points", "divisor", "professional_average"):
        assert Decimal(str(output[key])) == Decimal(str(expect[key])), key
    assert Decimal(str(output["optional_points"])) == Decimal(
        str(expect["optional_points"])
    )
    acquired = [code for code, unit in output["units"].items() if unit["acquired"]]
    assert acquired == expect["acquired"]
    assert [block["unit"] for block in output["blocks"]] == expect["acquired"]


# SHA-256 over (name, bytes) of the vendored copy, taken when it was copied from
# ../shared/domain/cases. A fresh CI clone has no ../shared: the digest pins the copy.
VENDORED_DIGEST = "71dd4401cbca290b470a35200f591f5dd3658457150a03f0d74e418753b22d7c"


def _digest(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_the_vendored_cases_match_the_shared_reference() -> None:
    vendored = {path.name: path.read_bytes() for path in CASES}
    assert len(vendored) == 6
    assert _digest(CASES) == VENDORED_DIGEST
    if SHARED.is_dir():  # next to the shared reference: catch drift in either copy
        shared = {path.name: path.read_bytes() for path in SHARED.glob("*.json")}
        assert vendored == shared


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_case_through_the_library(path: Path) -> None:
    case = _case(path)
    result = evaluate(parse_candidate(case["input"]))
    _check(result_to_json(result), case["expect"])


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_case_through_the_cli_on_standard_input(path: Path) -> None:
    case = _case(path)
    completed = subprocess.run(
        [sys.executable, "-m", "grading", "evaluate", "-"],
        input=json.dumps(case["input"]),
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout
    assert completed.stderr == ""
    _check(json.loads(completed.stdout), case["expect"])


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_case_file_given_by_name_to_the_cli(path: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "grading", "evaluate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout
    _check(json.loads(completed.stdout), _case(path)["expect"])
