"""Moodle export, generic sheet with a remembered mapping, roster (director)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import Workbook
from sqlalchemy import select

from service.extensions import db
from service.models import Student
from tests.service.api.conftest import World
from tests.service.imports.conftest import grade_rows, upload

MOODLE_HEADERS = [
    "Prénom",
    "Nom",
    "Numéro d'identification",
    "Adresse de courriel",
    "Devoir : Essai 1 (Réel)",
    "Total du cours (Réel)",
    "Dernier téléchargement depuis ce cours",
]
EPOCH = "1767603600"  # 2026-01-05


def _xlsx(*rows: Sequence[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _commit(client: FlaskClient, headers: dict[str, str], batch_id: int) -> int:
    response = client.post(f"/api/v1/imports/{batch_id}/commit", headers=headers)
    status: int = response.status_code
    return status


def test_a_moodle_export_is_mapped_onto_an_assessment(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    with app.app_context():
        bruno = db.session.get(Student, world.student_ids["bruno"])
        assert bruno is not None
        bruno.email = "bruno@cfa.test"
        db.session.commit()
    data = _xlsx(
        MOODLE_HEADERS,
        ["Alice", "Martin", "E001", "", 15.5, 15.5, EPOCH],
        ["Bruno", "Petit", "", "BRUNO@cfa.test", "-", "-", EPOCH],
    )
    headers = world.headers(world.trainer_a)
    items = json.dumps({"Devoir : Essai 1": assessment})
    body = upload(client, headers, data, "moodle.xlsx", kind="moodle", items=items)
    assert body.status_code == 201, body.get_json()
    preview = body.get_json()["preview"]
    assert (preview["new"], preview["errors"]) == (1, [])
    assert _commit(client, headers, body.get_json()["id"]) == 200
    alice = world.student_ids["alice"]
    assert [row[:3] for row in grade_rows(app)] == [
        (assessment, alice, Decimal("15.50"))
    ]


def test_a_moodle_grade_above_the_maximum_or_an_unknown_student_is_an_error(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    data = _xlsx(
        MOODLE_HEADERS,
        ["Alice", "Martin", "E001", "", 25, 25, EPOCH],
        ["Chloé", "Durand", "E003", "", 10, 10, EPOCH],
    )
    missing = upload(client, world.headers(world.trainer_a), data, kind="moodle")
    assert missing.status_code == 422
    assert "« Devoir : Essai 1 », « Total du cours »" in missing.get_json()["detail"]
    items = json.dumps({"Devoir : Essai 1": assessment})
    response = upload(
        client,
        world.headers(world.trainer_a),
        data,
        "m.xlsx",
        kind="moodle",
        items=items,
    )
    errors = response.get_json()["preview"]["errors"]
    assert [(e["sheet"], e["cell"]) for e in errors] == [
        ("Sheet", "E2"),
        ("Sheet", "A3"),
    ]
    assert "indiquez la note maximale Moodle" in errors[0]["message"]
    assert response.get_json()["state"] == "failed"


def test_a_moodle_export_older_than_a_carnet_change_is_stale_unless_forced(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    headers = world.headers(world.trainer_a)
    alice = world.student_ids["alice"]
    grid = {"grades": [{"student_id": alice, "score": "9", "version": None}]}
    saved = client.put(
        f"/api/v1/assessments/{assessment}/grades", json=grid, headers=headers
    )
    assert saved.status_code == 200, saved.get_json()
    items = json.dumps({"Devoir : Essai 1": assessment})

    def moodle(epoch: str, **fields: str) -> int:
        row = ["Alice", "Martin", "E001", "", 15.5, 15.5, epoch]
        data = _xlsx(MOODLE_HEADERS, row)
        body = upload(
            client, headers, data, "m.xlsx", kind="moodle", items=items, **fields
        )
        assert body.status_code == 201, body.get_json()
        batch_id: int = body.get_json()["id"]
        return batch_id

    stale = client.post(f"/api/v1/imports/{moodle(EPOCH)}/commit", headers=headers)
    assert stale.status_code == 409
    assert list(stale.get_json()["errors"]) == ["Sheet!E2"]
    assert [row[2] for row in grade_rows(app)] == [Decimal(9)]
    later = str(int(datetime.now(UTC).timestamp()) + 3600)
    assert _commit(client, headers, moodle(later)) == 200
    assert [row[2] for row in grade_rows(app)] == [Decimal("15.50")]
    assert _commit(client, headers, moodle(EPOCH, force="true")) == 200


def test_a_generic_sheet_asks_for_a_mapping_then_remembers_it(
    app: Flask, client: FlaskClient, world: World, assessment: int
) -> None:
    data = _xlsx(
        ["Relevé de notes"],
        ["Nom", "Prénom", "N° étudiant", "Note écrit"],
        ["Martin", "Alice", "1", "12,5"],
        ["Petit", "Bruno", "2", None],
    )
    headers = world.headers(world.trainer_a)
    first = upload(client, headers, data, "releve.xlsx", kind="generic")
    assert first.status_code == 422
    assert "Note écrit" in first.get_json()["detail"]
    mapping = {
        "identity": "name",
        "identity_header": "Nom",
        "last_name_header": "Nom",
        "first_name_header": "Prénom",
        "grades": {"Note écrit": assessment},
    }
    sent = upload(
        client,
        headers,
        data,
        "releve.xlsx",
        kind="generic",
        mapping=json.dumps(mapping),
    )
    assert sent.status_code == 201, sent.get_json()
    assert sent.get_json()["preview"]["new"] == 1
    remembered = client.get("/api/v1/imports/mappings", headers=headers).get_json()
    assert [m["mapping"] for m in remembered] == [mapping]
    again = upload(client, headers, data, "releve.xlsx", kind="generic")
    assert again.status_code == 201
    assert _commit(client, headers, again.get_json()["id"]) == 200
    alice = world.student_ids["alice"]
    assert [row[:3] for row in grade_rows(app)] == [
        (assessment, alice, Decimal("12.50"))
    ]


def test_the_director_imports_a_roster_and_a_trainer_may_not(
    app: Flask, client: FlaskClient, world: World
) -> None:
    csv = (
        "Nom;Prénom;Date de naissance;INE\r\nMartin;Alice;02/03/2005;\r\nNoël;Zoé;;\r\n"
    )
    data = ("\ufeff" + csv).encode("utf-8")
    trainer = upload(
        client,
        world.headers(world.trainer_a),
        data,
        "classe.csv",
        kind="roster",
        cohort_id=str(world.cohort_a),
    )
    assert trainer.status_code == 403
    headers = world.headers(world.director)
    sent = upload(
        client,
        headers,
        data,
        "classe.csv",
        kind="roster",
        cohort_id=str(world.cohort_a),
    )
    assert sent.status_code == 201, sent.get_json()
    preview = sent.get_json()["preview"]
    assert (preview["new"], preview["changed"]) == (1, 1)
    assert _commit(client, headers, sent.get_json()["id"]) == 200
    with app.app_context():
        names = db.session.scalars(
            select(Student.first_name)
            .where(Student.cohort_id == world.cohort_a)
            .order_by(Student.first_name)
        ).all()
        alice = db.session.get(Student, world.student_ids["alice"])
        assert alice is not None
        assert str(alice.birth_date) == "2005-03-02"
    assert names == ["Alice", "Bruno", "Zoé"]
    listed = client.get("/api/v1/imports", headers=headers).get_json()
    assert [(b["kind"], b["state"]) for b in listed] == [("roster", "committed")]


def test_a_roster_keeps_the_centres_numbers_and_refuses_ones_already_taken(
    app: Flask, client: FlaskClient, world: World
) -> None:
    with app.app_context():
        chloe = db.session.get(Student, world.student_ids["chloe"])  # cohort B
        assert chloe is not None
        chloe.ine = "1234567890A"
        db.session.commit()
    headers = world.headers(world.director)
    lines = [
        "Nom;Prénom;INE;N° étudiant",
        "Durand;Chloé;1234567890A;",  # Chloé's INE, in another cohort
        "Noël;Zoé;;E003",  # Chloé's number
        "Martin;Alice;;E001",  # Alice, matched by her number
        "Leroy;Jules;;12345",
    ]
    data = "\r\n".join(lines).encode()

    def roster(data: bytes) -> dict[str, Any]:
        cohort = str(world.cohort_a)
        sent = upload(client, headers, data, "c.csv", kind="roster", cohort_id=cohort)
        body: dict[str, Any] = sent.get_json()
        assert sent.status_code == (422 if body["state"] == "failed" else 201), body
        return body

    refused = roster(data)
    assert refused["state"] == "failed"
    assert [(e["cell"], e["message"]) for e in refused["preview"]["errors"]] == [
        ("C2", "INE « 1234567890A » déjà attribué à Chloé Durand."),
        ("D3", "N° étudiant « E003 » déjà attribué à Chloé Durand."),
    ]
    fixed = roster("\r\n".join([lines[0], *lines[3:]]).encode())
    preview = fixed["preview"]
    assert (preview["new"], preview["unchanged"]) == (1, 1)
    assert _commit(client, headers, fixed["id"]) == 200
    with app.app_context():
        numbers = db.session.scalars(
            select(Student.student_number)
            .where(Student.cohort_id == world.cohort_a)
            .order_by(Student.student_number)
        ).all()
    assert numbers == ["12345", "E001", "E002"]


def test_a_number_taken_between_preview_and_commit_refuses_the_whole_roster(
    app: Flask, client: FlaskClient, world: World
) -> None:
    headers = world.headers(world.director)
    data = "Nom;Prénom;N° étudiant\r\nLeroy;Jules;12345\r\nNoël;Zoé;\r\n".encode()
    cohort = str(world.cohort_a)
    sent = upload(client, headers, data, "c.csv", kind="roster", cohort_id=cohort)
    assert sent.get_json()["state"] == "previewed"
    with app.app_context():
        chloe = db.session.get(Student, world.student_ids["chloe"])
        assert chloe is not None
        chloe.student_number = "12345"
        db.session.commit()
    response = client.post(
        f"/api/v1/imports/{sent.get_json()['id']}/commit", headers=headers
    )
    assert response.status_code == 409
    assert "déposez le fichier de nouveau" in response.get_json()["detail"]
    with app.app_context():
        names = db.session.scalars(
            select(Student.first_name).where(Student.cohort_id == world.cohort_a)
        ).all()
    assert sorted(names) == ["Alice", "Bruno"]
