"""Walk every GET route a reader may call, generically over the url_map and rules.

A reader is a student or a company tutor. New routes are picked up by themselves:
API routes whose access rule admits the reader's role (or is public) and every
web page. Path ids run over every id that
exists in any table (own rows and others'); integer query filters (``…_id``)
from the OpenAPI document get the same ids, one filter at a time.
"""

from __future__ import annotations

import re
import time
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from itertools import product
from typing import Any
from urllib.parse import urlencode

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.routing import IntegerConverter
from werkzeug.routing import Rule as UrlRule
from werkzeug.test import TestResponse

from service.access.guard import EXTENSION_KEY
from service.access.identity import (
    SESSION_EPOCH,
    SESSION_SEEN,
    SESSION_STARTED,
    SESSION_USER,
)
from service.access.rules import AccessRules
from service.api.schemas.exports import XLSX
from service.extensions import Base, db
from service.models import Role, User

#: Endpoints that serve files, not data.
SKIPPED_ENDPOINTS = frozenset({"static"})
#: Values for text path parameters: unit and period codes.
TEXT_SAMPLES = ("U1", "U4", "U6", "S1")
#: An id no table reaches: the "missing row" every refusal must look like.
MISSING_ID = 2**31 - 1


@dataclass(frozen=True)
class Call:
    """One GET request of the walk and what it answered."""

    endpoint: str
    url: str
    status: int
    body: str
    mimetype: str
    #: The path values of the call, by parameter name.
    arguments: dict[str, Any]


def reader_get_rules(app: Flask, role: Role) -> list[UrlRule]:
    """Return the GET routes ``role`` may call: API rules granting it, web pages."""
    rules = app.extensions[EXTENSION_KEY]
    assert isinstance(rules, AccessRules)
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        if rule.rule.startswith("/api/"):
            access = rules.get(rule.endpoint)
            assert access is not None, f"{rule.endpoint} has no access rule"
            if not access.public and access.ownership_for(role) is None:
                continue
        found.append(rule)
    return found


def id_pool(app: Flask) -> list[int]:
    """Return every id from 1 to the largest id of any table (own and others' rows)."""
    with app.app_context():
        largest = 0
        for table in Base.metadata.sorted_tables:
            if "id" in table.c:
                largest = max(
                    largest, db.session.scalar(select(func.max(table.c.id))) or 0
                )
    return list(range(1, largest + 1))


def urls_for(
    rule: UrlRule, ids: list[int], spec: dict[str, Any]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield the rule's URLs: every id in each path id, then each query id filter."""
    for arguments in path_arguments(rule, lambda name: ids):
        path = rule.build(arguments, append_unknown=False)
        assert path is not None
        base = path[1]
        yield base, arguments
        for name, maximum in query_filters(spec, rule):
            for value in ids:
                yield f"{base}?{urlencode({name: value} | maximum)}", arguments


def path_arguments(
    rule: UrlRule, ids_for: Callable[[str], Sequence[int]]
) -> Iterator[dict[str, Any]]:
    """Yield every combination of path values: ids for integers, unit and period codes.

    Text parameters (none yet) get the codes a route is likely to take.
    """
    names = sorted(rule.arguments)
    choices = [
        ids_for(name)
        if isinstance(rule._converters[name], IntegerConverter)
        else TEXT_SAMPLES
        for name in names
    ]
    for values in product(*choices):
        yield dict(zip(names, values, strict=True))


def query_filters(
    spec: dict[str, Any], rule: UrlRule
) -> list[tuple[str, dict[str, int]]]:
    """Return the integer ``…_id`` query filters of a GET operation, with page_size."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
    operation = spec["paths"].get(path, {}).get("get", {})
    parameters = [p for p in operation.get("parameters", []) if p["in"] == "query"]
    page: dict[str, int] = {}
    for parameter in parameters:
        if parameter["name"] == "page_size":
            page = {"page_size": parameter["schema"].get("maximum", 100)}
    return [(p["name"], page) for p in parameters if p["name"].endswith("_id")]


def login_web(client: FlaskClient, app: Flask, user_id: int) -> None:
    """Put ``user_id``'s session in the client's cookie (web pages)."""
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        epoch = user.session_epoch
    with client.session_transaction() as session:
        session[SESSION_USER] = user_id
        session[SESSION_EPOCH] = epoch
        session[SESSION_STARTED] = session[SESSION_SEEN] = time.time()


def walk(app: Flask, user_id: int, token: str) -> list[Call]:
    """Call every GET route of ``user_id``'s role: a token for the API, a session."""
    client = app.test_client()
    login_web(client, app, user_id)
    with app.app_context():
        user = db.session.get(User, user_id)
        assert user is not None
        role = user.role
    spec = client.get("/api/openapi.json").get_json()
    ids = id_pool(app)
    headers = {"Authorization": f"Bearer {token}"}
    calls = []
    for rule in reader_get_rules(app, role):
        for url, arguments in urls_for(rule, ids, spec):
            with client.get(url, headers=headers) as response:  # files stream
                body = body_text(response)
            calls.append(
                Call(
                    rule.endpoint,
                    url,
                    response.status_code,
                    body,
                    response.mimetype or "",
                    arguments,
                )
            )
    return calls


def body_text(response: TestResponse) -> str:
    """Return a response's text; a workbook's (xlsx) XML parts, unzipped."""
    if response.mimetype != XLSX:
        return response.get_data(as_text=True)
    with zipfile.ZipFile(BytesIO(response.get_data())) as archive:
        return "".join(
            archive.read(name).decode()
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def missing_body(
    app: Flask, rule_endpoint: str, user_id: int, token: str
) -> tuple[int, str]:
    """Return what a route answers ``user_id`` for an id that no row has."""
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == rule_endpoint)
    values = {
        name: MISSING_ID
        if isinstance(rule._converters[name], IntegerConverter)
        else "inconnu"
        for name in rule.arguments
    }
    path = rule.build(values, append_unknown=False)
    assert path is not None
    client = app.test_client()
    login_web(client, app, user_id)
    response = client.get(path[1], headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.get_data(as_text=True)


def number_patterns(value: Decimal, *, page: bool) -> list[re.Pattern[str]]:
    """Return patterns of a grade in JSON (``14.50``, ``14.5``) or a page (``14,5``)."""
    exact = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{exact:f}"
    short = text.rstrip("0").rstrip(".")
    spellings = {text, short}
    if page:
        spellings |= {s.replace(".", ",") for s in spellings}
    # Not inside a longer number (ids, timestamps such as 20:14:14.223).
    return [
        re.compile(rf"(?<![\d.]){re.escape(s)}(?!\d)")
        for s in sorted(spellings)
        if "." in s or "," in s
    ]


def leaks(call: Call, values: set[Decimal]) -> list[str]:
    """Return the values of ``values`` that a response shows, in any spelling."""
    page = not call.mimetype.endswith("json")
    return sorted(
        str(value)
        for value in values
        if any(p.search(call.body) for p in number_patterns(value, page=page))
    )
