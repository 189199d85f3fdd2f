"""POST /api/v1/simulations answers as ``python -m grading evaluate`` does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.service.api.conftest import World

CASES = sorted((Path(__file__).parents[2] / "grading" / "cases").glob("*.json"))
URL = "/api/v1/simulations"


def cli(document: Any) -> tuple[int, Any]:
    """Run the engine's command line on a document; return status and output."""
    run = subprocess.run(
        [sys.executable, "-m", "grading", "evaluate", "-"],
        input=document if isinstance(document, str) else json.dumps(document),
        capture_output=True,
        text=True,
        check=False,
    )
    return run.returncode, json.loads(run.stdout)


def test_the_shared_cases_are_there() -> None:
    assert len(CASES) >= 6


@pytest.mark.parametrize("path", CASES, ids=lambda path: path.stem)
def test_every_shared_case_answers_as_the_command_line(
    client: FlaskClient, world: World, path: Path
) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    response = client.post(URL, json=case["input"], headers=world.headers(world.alice))
    status, expected = cli(case["input"])
    assert status == 0
    assert response.status_code == 200
    assert response.get_json() == expected
    assert response.get_json()["decision"] == case["expect"]["decision"]


BAD_INPUTS = [
    {"session": {"year": 2026}, "units": {"U4": {"status": "dispensed"}}},
    {"session": {"year": 2026}, "units": {"U1": {"grade": "12.345"}}},
    {"session": {"year": 2026}, "units": {"U1": {"grade": 21}}},
    {"session": {"year": 2026}, "units": {"U9": {"grade": 12}}},
    {"session": {"year": 2026}, "units": {"U1": {"grade": 12, "status": "absent"}}},
    {
        "form": "globale",
        "session": {"year": 2026},
        "units": {},
        "benefits": [{"unit": "U1", "grade": 9, "session_year": 2024}],
    },
    {"session": {"year": 2026}, "units": {}, "control": {"U4": 12}},
    {"session": {"year": 2026}, "units": {}, "policy": {"validity": "calendar"}},
]


@pytest.mark.parametrize("document", BAD_INPUTS)
def test_bad_input_gives_the_engine_error_naming_the_field(
    client: FlaskClient, world: World, document: dict[str, Any]
) -> None:
    response = client.post(URL, json=document, headers=world.headers(world.director))
    status, expected = cli(document)
    assert status == 2
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["detail"] == expected["error"]
    assert body["errors"] == {expected["field"]: [expected["error"]]}


def test_malformed_json_is_a_422_on_the_whole_body(
    client: FlaskClient, world: World
) -> None:
    response = client.post(
        URL,
        data='{"session": {"year": 2026}, "units": {',
        content_type="application/json",
        headers=world.headers(world.trainer_a),
    )
    status, expected = cli('{"session": {"year": 2026}, "units": {')
    assert status == 2
    assert expected["field"] is None
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["_schema"]


def test_a_number_out_of_range_is_refused_not_a_server_error(
    client: FlaskClient, world: World
) -> None:
    document = {"session": {"year": 2026}, "units": {"U1": {"grade": "1e999999999"}}}
    response = client.post(URL, json=document, headers=world.headers(world.alice))
    assert response.status_code == 422
    huge = '{"session": {"year": 2026}, "units": {"U1": {"grade": 1%s}}}' % ("0" * 5000)
    response = client.post(
        URL,
        data=huge,
        content_type="application/json",
        headers=world.headers(world.alice),
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "_schema": ["JSON mal formé : un nombre y est trop long"]
    }


def test_every_role_may_simulate_but_not_anonymously(
    client: FlaskClient, world: World
) -> None:
    document = {"session": {"year": 2026}, "units": {"U1": {"grade": 12}}}
    for user in (world.director, world.trainer_b, world.chloe):
        response = client.post(URL, json=document, headers=world.headers(user))
        assert response.status_code == 200
        assert response.get_json()["decision"] == "incomplet"
    assert client.post(URL, json=document).status_code == 401


def test_a_jury_change_is_simulated_as_the_command_line_does(
    client: FlaskClient, world: World
) -> None:
    case = json.loads((CASES[0]).read_text(encoding="utf-8"))["input"]
    unit = next(code for code, entry in case["units"].items() if "grade" in entry)
    document = case | {"jury": {unit: {"grade": 15, "reason": "Erreur de report"}}}
    response = client.post(URL, json=document, headers=world.headers(world.director))
    status, expected = cli(document)
    assert (status, response.status_code) == (0, 200)
    assert response.get_json() == expected
    assert response.get_json()["units"][unit]["source"] == "jury"
