"""The review's small hostile files through the upload API (issue 10).

The counts go just past the service's limits, so that the test client does not
spool the body to a temporary file (werkzeug never closes it); the full-size
files are read in tests/importers/test_census.py and bench/uploads.py. Each is
refused with its French message naming the limit, nothing is written,
and openpyxl never loads it. Times and RSS are printed by bench/uploads.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pytest
from flask import Flask
from flask.testing import FlaskClient

from importers import tabular
from tests.importers import hostile
from tests.service.api.conftest import World
from tests.service.imports.conftest import grade_rows, upload


@pytest.mark.parametrize(
    "case",
    [
        (
            partial(hostile.many_formats, 6_000),
            "Le classeur compte plus de 5000 formats de cellule",
        ),
        (
            partial(hostile.many_strings, 30_000),
            "Le classeur compte plus de 25000 textes différents",
        ),
        (partial(hostile.many_rows, 15_000), "Le fichier dépasse 12000 lignes"),
    ],
)
def test_each_hostile_file_is_refused_before_openpyxl_with_its_limit(
    app: Flask,
    client: FlaskClient,
    world: World,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[Callable[[], bytes], str],
) -> None:
    build, message = case

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl loaded a hostile file")

    monkeypatch.setattr(tabular, "load_workbook", never)
    response = upload(client, world.headers(world.trainer_a), build())
    body = response.get_json()
    assert body["state"] == "failed"
    [error] = body["preview"]["errors"]
    assert error["message"].startswith(message)
    assert grade_rows(app) == []
