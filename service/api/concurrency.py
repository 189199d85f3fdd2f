"""Optimistic concurrency over HTTP (D6): ETag = row version, If-Match required."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import request

from service.problems import Problem, stale

#: OpenAPI description of the If-Match header of a versioned write.
IF_MATCH_PARAMETER: dict[str, Any] = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": "ETag (version) lu par le GET ; absent : 428, périmé : 412",
    "schema": {"type": "string"},
}


def etag(version: int) -> dict[str, str]:
    """Return the response headers carrying a row's version as its ETag."""
    return {"ETag": f'"{version}"'}


def expected_version() -> int:
    """Return the version the client last read (If-Match), or answer 428."""
    tags = request.if_match
    if tags.star_tag or not tags:
        raise Problem(
            HTTPStatus.PRECONDITION_REQUIRED,
            "En-tête If-Match requis : relisez la ressource et renvoyez son ETag.",
        )
    for tag in tags:
        if tag.isdigit():
            return int(tag)
    raise stale()
