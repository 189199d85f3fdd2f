"""Round trip property: export, fill, import, commit gives exactly what was typed."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.models import GradeStatus
from tests.service.api.conftest import World
from tests.service.imports.conftest import export, fill, grade_rows, upload

CELLS = st.one_of(
    st.none(),
    st.sampled_from([s.value for s in GradeStatus]),
    st.integers(0, 2000).map(lambda hundredths: Decimal(hundredths).scaleb(-2)),
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(typed=st.tuples(CELLS, CELLS))
def test_what_is_typed_is_what_is_stored(
    app: Flask,
    client: FlaskClient,
    world: World,
    assessment: int,
    typed: tuple[object, object],
) -> None:
    before = {row[1]: row[2:4] for row in grade_rows(app)}
    cells = {"E5": _typed(typed[0]), "E6": _typed(typed[1])}
    response = upload(
        client,
        world.headers(world.trainer_a),
        fill(export(client, world, assessment), cells),
    )
    batch = response.get_json()
    assert batch["preview"]["errors"] == []
    committed = client.post(
        f"/api/v1/imports/{batch['id']}/commit", headers=world.headers(world.trainer_a)
    )
    assert committed.status_code == 200
    stored = {row[1]: row[2:4] for row in grade_rows(app)}
    for student, value in zip(
        (world.student_ids["alice"], world.student_ids["bruno"]), typed, strict=True
    ):
        if value is None:  # blank: unchanged
            assert stored.get(student) == before.get(student)
        elif isinstance(value, Decimal):
            assert stored[student] == (value, None)
        else:
            assert stored[student] == (None, GradeStatus(value))


def _typed(value: object) -> object:
    """A Decimal typed as text with a decimal comma, the French way."""
    return str(value).replace(".", ",") if isinstance(value, Decimal) else value
