"""Schemathesis against /api/openapi.json: no server error, no schema violation,
and every answer sent with a media type the document gives (problem+json for errors).

Every operation of the document gets 50 generated requests (derandomized, so the
run is reproducible) with the director's token, on a fresh small centre per
operation. Operations are listed from the document itself, so a new endpoint is
tested without touching this file.
"""

from __future__ import annotations

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
)

from service.app import create_app
from tests.service.api.conftest import World

EXAMPLES_PER_OPERATION = 50
METHODS = ("get", "put", "post", "patch", "delete")


def documented_operations() -> list[tuple[str, str]]:
    """List (method, path) of every operation in the API's OpenAPI document."""
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "spec", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    document = app.test_client().get("/api/openapi.json").get_json()
    return [
        (method, path)
        for path, item in document["paths"].items()
        for method in METHODS
        if method in item
    ]


@pytest.mark.parametrize(("method", "path"), documented_operations())
def test_every_operation_answers_within_its_documented_schema(
    app: Flask, world: World, method: str, path: str
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    operation = schema[path][method.upper()]
    headers = world.headers(world.director)

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(
            headers=headers,
            checks=[
                not_a_server_error,
                content_type_conformance,
                response_schema_conformance,
                negative_data_rejection,
            ],
        )

    call()
