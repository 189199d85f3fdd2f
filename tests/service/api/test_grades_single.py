"""One grade: ETag/If-Match (428, 412), locking, students' reach, history (D6, R7)."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient

from service.models import ChangeSource
from tests.service.api.conftest import World
from tests.service.api.grade_helpers import (
    add_assessment,
    add_grade,
    audit_rows,
    grade_table,
    history_rows,
)

URL = "/api/v1/grades"


def test_a_save_needs_the_version_read_428_without_it_412_when_stale(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    grade = add_grade(app, assessment, world.student_ids["alice"], Decimal(10))
    headers = world.headers(world.trainer_a)
    read = client.get(f"{URL}/{grade}", headers=headers)
    assert read.status_code == 200
    assert read.headers["ETag"] == '"1"'
    missing = client.put(f"{URL}/{grade}", json={"score": 12}, headers=headers)
    assert missing.status_code == 428
    assert missing.mimetype == "application/problem+json"
    saved = client.put(
        f"{URL}/{grade}",
        json={"score": "12.75", "comment": "Progrès"},
        headers=headers | {"If-Match": read.headers["ETag"]},
    )
    assert saved.status_code == 200
    assert saved.headers["ETag"] == '"2"'
    assert saved.get_json()["score"] == "12.75"
    assert saved.get_json()["version"] == 2
    stale = client.put(
        f"{URL}/{grade}",
        json={"score": 4},
        headers=headers | {"If-Match": read.headers["ETag"]},
    )
    assert stale.status_code == 412
    assert grade_table(app)[0][2:] == (Decimal("12.75"), None, "Progrès", 2)


def test_each_save_adds_one_history_row_listed_oldest_first(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    grade = add_grade(app, assessment, world.student_ids["alice"], Decimal(10))
    headers = world.headers(world.trainer_a)
    for version, body in enumerate(({"score": 11}, {"status": "ABJ"}), start=1):
        response = client.put(
            f"{URL}/{grade}", json=body, headers=headers | {"If-Match": f'"{version}"'}
        )
        assert response.status_code == 200
    history = client.get(f"{URL}/{grade}/history", headers=headers)
    assert history.status_code == 200
    changes = [(row["old"], row["new"]) for row in history.get_json()]
    assert changes == [
        (
            {"score": "10.00", "status": None, "comment": None},
            {"score": "11.00", "status": None, "comment": None},
        ),
        (
            {"score": "11.00", "status": None, "comment": None},
            {"score": None, "status": "ABJ", "comment": None},
        ),
    ]
    assert {row["actor_id"] for row in history.get_json()} == {world.trainer_a}
    assert {row.source for row in history_rows(app)} == {ChangeSource.API}
    assert "X-Pagination" in history.headers


def test_bad_values_are_refused_by_field(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world, max_score=Decimal(10))
    grade = add_grade(app, assessment, world.student_ids["alice"], Decimal(5))
    headers = world.headers(world.trainer_a) | {"If-Match": '"1"'}
    for body in (
        {"score": "12.345"},
        {"score": "7,555"},
        {"score": 10.01},
        {"score": -1},
        {"score": 5, "status": "ABS"},
        {},
        {"score": 5, "version": 7},
    ):
        response = client.put(f"{URL}/{grade}", json=body, headers=headers)
        assert response.status_code == 422, body
        assert response.get_json()["errors"], body
    assert grade_table(app)[0][2:] == (Decimal(5), None, None, 1)


def test_a_locked_assessment_refuses_the_save_and_audits_it(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world, locked=True)
    grade = add_grade(app, assessment, world.student_ids["alice"], Decimal(5))
    before = grade_table(app)
    response = client.put(
        f"{URL}/{grade}",
        json={"score": 6},
        headers=world.headers(world.director) | {"If-Match": '"1"'},
    )
    assert response.status_code == 409
    assert grade_table(app) == before
    assert history_rows(app) == []
    (event,) = audit_rows(app)
    assert (event.action, event.outcome, event.actor_id) == (
        "grade.write",
        "refused_locked",
        world.director,
    )


def test_a_trainer_outside_the_assignment_neither_reads_nor_writes(
    app: Flask, client: FlaskClient, world: World
) -> None:
    assessment = add_assessment(app, world)
    grade = add_grade(app, assessment, world.student_ids["alice"], Decimal(5))
    headers = world.headers(world.trainer_b)
    assert client.get(f"{URL}/{grade}", headers=headers).status_code == 404
    write = client.put(
        f"{URL}/{grade}", json={"score": 20}, headers=headers | {"If-Match": '"1"'}
    )
    assert write.status_code == 404
    assert client.get(f"{URL}/{grade}/history", headers=headers).status_code == 404
    assert grade_table(app)[0][2:] == (Decimal(5), None, None, 1)


def test_a_student_reads_only_their_own_published_grades(
    app: Flask, client: FlaskClient, world: World
) -> None:
    published = add_assessment(app, world, published=True)
    draft = add_assessment(app, world)
    own = add_grade(app, published, world.student_ids["alice"], Decimal(16))
    unpublished = add_grade(app, draft, world.student_ids["alice"], Decimal(3))
    other = add_grade(app, published, world.student_ids["bruno"], Decimal(7))
    alice = world.headers(world.alice)
    assert client.get(f"{URL}/{own}", headers=alice).get_json()["score"] == "16.00"
    missing = client.get(f"{URL}/999999", headers=alice)
    for hidden in (unpublished, other):
        response = client.get(f"{URL}/{hidden}", headers=alice)
        assert response.status_code == 404
        assert response.get_json() == missing.get_json()
    listed = client.get(URL, headers=alice)
    assert [row["id"] for row in listed.get_json()] == [own]
    assert client.get(f"{URL}/{own}/history", headers=alice).status_code == 403
    write = client.put(f"{URL}/{own}", json={"score": 20}, headers=alice)
    assert write.status_code == 403


def test_the_grade_list_filters_by_assessment_and_student(
    app: Flask, client: FlaskClient, world: World
) -> None:
    first = add_assessment(app, world)
    second = add_assessment(app, world, subject="CEF")
    ids = {
        (assessment, name): add_grade(
            app, assessment, world.student_ids[name], Decimal(10)
        )
        for assessment in (first, second)
        for name in ("alice", "bruno")
    }
    headers = world.headers(world.trainer_a)
    by_assessment = client.get(f"{URL}?assessment_id={second}", headers=headers)
    assert sorted(row["id"] for row in by_assessment.get_json()) == sorted(
        [ids[(second, "alice")], ids[(second, "bruno")]]
    )
    student = world.student_ids["bruno"]
    by_student = client.get(f"{URL}?student_id={student}", headers=headers)
    assert sorted(row["id"] for row in by_student.get_json()) == sorted(
        [ids[(first, "bruno")], ids[(second, "bruno")]]
    )
    outsider = client.get(URL, headers=world.headers(world.trainer_b))
    assert outsider.get_json() == []
