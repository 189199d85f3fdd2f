"""Batches listed and read by their owner; the subject × period sheet."""

from __future__ import annotations

import io

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook

from tests.service.api.conftest import World
from tests.service.factories import make_assessment, saved
from tests.service.imports.conftest import export, fill, upload


def test_batches_are_listed_with_who_file_sha256_counts_and_state(
    client: FlaskClient, world: World, assessment: int
) -> None:
    data = fill(export(client, world, assessment), {"E5": 10})
    sent = upload(client, world.headers(world.trainer_a), data, "mes notes.xlsx")
    batch_id = sent.get_json()["id"]
    listed = client.get("/api/v1/imports", headers=world.headers(world.trainer_a))
    assert listed.status_code == 200
    [batch] = listed.get_json()
    assert batch["id"] == batch_id
    assert batch["created_by_id"] == world.trainer_a
    assert batch["file_name"] == "mes notes.xlsx"
    assert len(batch["sha256"]) == 64
    assert (batch["rows_read"], batch["rows_imported"], batch["state"]) == (
        1,
        1,
        "previewed",
    )
    other = world.headers(world.trainer_b)
    assert client.get("/api/v1/imports", headers=other).get_json() == []
    assert client.get(f"/api/v1/imports/{batch_id}", headers=other).status_code == 404
    commit = client.post(f"/api/v1/imports/{batch_id}/commit", headers=other)
    assert commit.status_code == 404
    director = client.get(
        f"/api/v1/imports/{batch_id}", headers=world.headers(world.director)
    )
    assert director.get_json()["preview"]["new"] == 1


def test_the_sheet_of_a_subject_and_period_has_one_column_per_assessment(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    saved(app, make_assessment, world.cohort_a, title="Négociation", max_score=10)
    query = (
        f"cohort_id={world.cohort_a}&subject_id={world.subjects['RCNV']}"
        f"&period_id={world.periods[world.cohort_a]['S1']}"
    )
    response = client.get(
        f"/api/v1/gradebook-sheets.xlsx?{query}", headers=world.headers(world.trainer_a)
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["Notes"]
    assert [sheet["E4"].value, sheet["F4"].value] == [
        "Prospection (/20)",
        "Négociation (/10)",
    ]
    assert [sheet["C5"].value, sheet["C6"].value] == ["Martin", "Petit"]
    outsider = client.get(
        f"/api/v1/gradebook-sheets.xlsx?{query}", headers=world.headers(world.trainer_b)
    )
    assert outsider.status_code == 404
