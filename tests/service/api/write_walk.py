"""Call every write route with bodies built from the OpenAPI document.

Bodies follow each operation's request schema: fields named in ``targets`` (row
ids out of the caller's reach, a unit) take those values, other units ``U4``,
grades ``"11.50"``, dates and texts plausible values; with every property, with
the required ones only, and without each property in turn.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import select
from werkzeug.routing import Rule as UrlRule

from service.access.guard import EXTENSION_KEY
from service.access.rules import AccessRules, Ownership
from service.extensions import Base, db
from service.models import Role
from tests.service.api.route_walk import path_arguments

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
#: Tables a refused write may still touch: its audit event, the token's last use.
UNSNAPSHOTTED = frozenset({"audit_events", "api_tokens"})
STRING_VALUES = {"date": "2026-01-15", "date-time": "2026-01-15T10:00:00Z"}


@dataclass(frozen=True)
class WriteCall:
    """One write request of the walk."""

    endpoint: str
    method: str
    url: str
    body: dict[str, Any] | None


def write_rules(app: Flask, role: Role) -> list[tuple[UrlRule, str]]:
    """Return (route, method) of every API write except the caller's own account."""
    rules = app.extensions[EXTENSION_KEY]
    assert isinstance(rules, AccessRules)
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        access = rules.get(rule.endpoint)
        assert access is not None, f"{rule.endpoint} has no access rule"
        if access.public or access.ownership_for(role) is Ownership.OWN_ACCOUNT:
            continue
        found += [(rule, m) for m in WRITE_METHODS if m in (rule.methods or ())]
    return found


def write_calls(
    app: Flask,
    role: Role,
    path_ids: Mapping[str, list[int]],
    targets: Mapping[str, Any],
) -> Iterator[WriteCall]:
    """Yield every write of ``role``: each path id from ``path_ids``, two bodies.

    A path parameter missing from ``path_ids`` takes the ids under ``"*"``.
    """
    spec = app.test_client().get("/api/openapi.json").get_json()
    for rule, method in write_rules(app, role):
        operation = spec["paths"][_openapi_path(rule)][method.lower()]
        bodies = _bodies(spec, operation, targets)
        for url in _urls(rule, path_ids):
            for body in bodies:
                yield WriteCall(rule.endpoint, method, url, body)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Return every row of every table the walk must leave unchanged (in app ctx)."""
    rows = {}
    for table in Base.metadata.sorted_tables:
        if table.name not in UNSNAPSHOTTED:
            order = list(table.primary_key.columns)
            found = db.session.execute(select(table).order_by(*order))
            rows[table.name] = [tuple(row) for row in found]
    return rows


def _openapi_path(rule: UrlRule) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)


def _urls(rule: UrlRule, path_ids: Mapping[str, list[int]]) -> Iterator[str]:
    for arguments in path_arguments(
        rule, lambda name: path_ids.get(name, path_ids["*"])
    ):
        built = rule.build(arguments, append_unknown=False)
        assert built is not None
        yield built[1]


def _bodies(
    spec: dict[str, Any], operation: dict[str, Any], targets: Mapping[str, Any]
) -> list[dict[str, Any] | None]:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    if schema is None:
        return [None]
    build = _Builder(spec, targets)
    bodies = [build.value(schema, ""), build.value(schema, "", required_only=True)]
    # Without each property in turn: exclusive fields (a score or a status).
    for name in sorted(build.names):
        bodies.append(_Builder(spec, targets, name).value(schema, ""))
    unique: list[dict[str, Any] | None] = []
    for body in bodies:
        if body not in unique:
            unique.append(body)
    return unique


class _Builder:
    """Build a value for a schema; ``dropped`` names a property left out everywhere."""

    def __init__(
        self, spec: dict[str, Any], targets: Mapping[str, Any], dropped: str = ""
    ) -> None:
        self.spec = spec
        self.targets = targets
        self.dropped = dropped
        self.names: set[str] = set()

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Follow a ``$ref`` to its component schema."""
        if "$ref" not in schema:
            return schema
        found: dict[str, Any] = self.spec["components"]["schemas"][
            schema["$ref"].rsplit("/", 1)[1]
        ]
        return found

    def value(
        self, schema: dict[str, Any], name: str, *, required_only: bool = False
    ) -> Any:
        """Return a plausible value of ``schema`` for the property ``name``."""
        schema = self.resolve(schema)
        kinds = schema.get("type", "object")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "enum" in schema:
            return next(v for v in schema["enum"] if v is not None)
        if "object" in kinds and "properties" in schema:
            return self._object(schema, required_only)
        if "array" in kinds:
            items = self.resolve(schema.get("items", {}))
            item = self.value(items, name)
            return [item, *self._variants(items, item)]
        return _scalar(schema, kinds, name, self.targets)

    def _object(self, schema: dict[str, Any], required_only: bool) -> dict[str, Any]:
        required = set(schema.get("required", ()))
        found = {}
        for key, sub in schema["properties"].items():
            if sub.get("readOnly") or key == self.dropped:
                continue
            if required_only and key not in required:
                continue
            self.names.add(key)
            found[key] = self.value(sub, key, required_only=required_only)
        return found

    def _variants(self, schema: dict[str, Any], item: Any) -> list[Any]:
        """A second item with the last value of each enum (e.g. a panel's roles)."""
        if not isinstance(item, dict):
            return []
        other = dict(item)
        for key, sub in schema.get("properties", {}).items():
            values = [v for v in self.resolve(sub).get("enum", ()) if v is not None]
            if key in other and len(values) > 1:
                other[key] = values[-1]
        return [other] if other != item else []


def _scalar(
    schema: dict[str, Any], kinds: list[str], name: str, targets: Mapping[str, Any]
) -> Any:
    if name in targets:
        return targets[name]
    if "string" in kinds:
        return _text(schema, kinds, name)
    if "integer" in kinds:
        return max(schema.get("minimum", 1), 1)
    if "number" in kinds:
        return 11.5
    return True if "boolean" in kinds else None


def _text(schema: dict[str, Any], kinds: list[str], name: str) -> str:
    if "number" in kinds:
        return "11.50"  # a grade, a maximum or a coefficient
    if name == "unit":
        return "U4"
    if schema.get("format") == "email" or "@" in str(schema.get("example", "")):
        return "nouveau@carnet.test"
    return STRING_VALUES.get(schema.get("format", ""), "Texte de test")
