"""Error answers are in French, even what marshmallow and werkzeug say in English."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import marshmallow as ma
from flask.testing import FlaskClient

import service.api.schemas
from service.error_messages import FRENCH, french_messages, to_french
from tests.service.api.conftest import World

#: Values marshmallow formats into its messages.
SAMPLES = {
    "input": "x",
    "choices": "a, b",
    "other": "y",
    "obj_type": "datetime",
    "awareness": "aware",
}


def _schemas() -> Iterator[type[ma.Schema]]:
    package = service.api.schemas
    for info in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, ma.Schema):
                yield value


def _fields(field: ma.fields.Field) -> Iterator[ma.fields.Field]:
    yield field
    if isinstance(field, ma.fields.List):
        yield from _fields(field.inner)
    if isinstance(field, ma.fields.Dict) and field.value_field is not None:
        yield from _fields(field.value_field)


def api_fields() -> list[ma.fields.Field]:
    """Every field of every API schema, list items and dict values included."""
    return [
        inner
        for schema in _schemas()
        for field in schema().fields.values()
        for inner in _fields(field)
    ]


def _failures(validator: Any) -> Iterator[str]:
    """The messages a library validator (with its default wording) gives."""
    if getattr(validator, "error", None) is not None:
        return  # the schema wrote its own (French) message
    attempts: list[Any] = []
    if isinstance(validator, ma.validate.Range):
        attempts = [v for v in (validator.min, validator.max) if v is not None]
        attempts = [attempts[0] - 1, attempts[-1] + 1]
    elif isinstance(validator, ma.validate.Length):
        attempts = ["", "x" * ((validator.max or validator.equal or 0) + 1)]
    elif isinstance(validator, ma.validate.OneOf):
        attempts = [object()]
    for value in attempts:
        try:
            validator(value)
        except ma.ValidationError as error:
            yield from error.messages


def test_every_library_message_the_api_can_give_has_its_french() -> None:
    fields = api_fields()
    assert len(fields) > 200
    messages = {
        str(text).format(**SAMPLES)
        for field in fields
        for text in field.error_messages.values()
    }
    messages |= {m for field in fields for v in field.validators for m in _failures(v)}
    messages |= set(ma.Schema().error_messages.values())
    messages.add("Unknown field.")
    english = sorted(m for m in messages if to_french(m) == m and m.isascii())
    assert english == []


def test_messages_with_values_keep_their_values() -> None:
    assert to_french(
        "Must be greater than or equal to 0 and less than or equal to 20."
    ) == ("Doit être supérieur ou égal à 0 et inférieur ou égal à 20.")
    assert to_french("Longer than maximum length 100.") == (
        "Au plus 100 caractères ou éléments."
    )
    assert to_french("Must be one of: director, trainer.") == (
        "Valeurs possibles : director, trainer."
    )
    assert french_messages({"grades": {3: {"score": ["Not a valid number."]}}}) == {
        "grades": {3: {"score": ["Nombre attendu."]}}
    }
    assert to_french("Une phrase déjà en français.") == "Une phrase déjà en français."
    assert all("{" not in key or "}" in value for key, value in FRENCH.items())


def test_a_bad_body_is_answered_in_french(client: FlaskClient, world: World) -> None:
    headers = world.headers(world.director)
    response = client.post(
        "/api/v1/cohorts", json={"name": "", "start_year": "x", "x": 1}, headers=headers
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "exam_session_year": ["Champ obligatoire."],
        "name": ["Entre 1 et 100 caractères ou éléments."],
        "start_year": ["Nombre entier attendu."],
        "x": ["Champ inconnu."],
    }
    broken = client.post(
        "/api/v1/cohorts",
        data="{bad",
        headers=headers | {"Content-Type": "application/json"},
    )
    assert broken.status_code == 400
    assert broken.get_json()["detail"] == "Requête mal formée."
    assert broken.get_json()["errors"] == {
        "json": ["Le corps de la requête n'est pas du JSON valide."]
    }


def test_library_errors_get_a_french_detail(client: FlaskClient, world: World) -> None:
    headers = world.headers(world.director)
    missing = client.get("/api/v1/no-such-thing", headers=headers)
    assert (missing.status_code, missing.get_json()["detail"]) == (
        404,
        "Ressource introuvable.",
    )
    page = client.get("/api/v1/students?page=0", headers=headers)
    assert page.get_json()["errors"] == {"page": ["Doit être supérieur ou égal à 1."]}
