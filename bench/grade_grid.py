"""Bench the trainer's grade grid on the demo centre (a SQLite file, as `make run`).

Targets: the grid page of 24 students × 20 assessments renders in p95 <= 100 ms of
server time, and a cell save (JSON, version checked, sealed history, one commit)
takes p95 <= 50 ms. Beside each, the floor: a bare page of the same size behind the
same login, session and access guard, and a bare JSON POST with its CSRF check.
Requests go through Flask's test client in-process (no network), after warm-up;
wall-clock times (the targets) and the process's CPU time are printed, with the load
average: on a shared machine the wall-clock tail is mostly other processes' work.

Usage: python bench/grade_grid.py [requests]
"""

from __future__ import annotations

import itertools
import re
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, jsonify
from flask.testing import FlaskClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import demo_app, getter, load_line, log_in, report, timings

STUDENTS = 24
COLUMNS = 20
COHORT = "NDRC 2026–2028"
SUBJECT = "RCNV"
PERIOD = "S1"
TRAINER = "julien.moreau@carnet.test"
WARM_UP = 20
PAGE_TARGET_MS = 100
SAVE_TARGET_MS = 50
BARE_PAGE = {"body": ""}


def build(path: Path) -> Flask:
    """Return an app on a fresh demo centre with 20 RCNV assessments in S1."""
    from service.extensions import db  # noqa: PLC0415

    app, _ = demo_app(path, STUDENTS)
    _add_floor(app)
    with app.app_context():
        _fill_period(app)
        db.session.commit()
    return app


def _fill_period(app: Flask) -> None:
    """Add graded RCNV assessments until S1 of the first-year cohort has 20."""
    from sqlalchemy import func, select  # noqa: PLC0415

    from service.extensions import db  # noqa: PLC0415
    from service.models import (  # noqa: PLC0415
        Assessment,
        AssessmentKind,
        ChangeSource,
        Cohort,
        Period,
        Student,
        Subject,
        User,
    )
    from service.operations.assessments import create_assessment  # noqa: PLC0415
    from service.operations.grade_grid import RowInput, save_grid  # noqa: PLC0415
    from service.operations.grades import GradeValues  # noqa: PLC0415
    from service.operations.history import ChangeContext  # noqa: PLC0415

    cohort = db.session.scalar(select(Cohort).where(Cohort.name == COHORT))
    subject = db.session.scalar(select(Subject).where(Subject.code == SUBJECT))
    trainer = db.session.scalar(select(User).where(User.email == TRAINER))
    assert cohort
    assert subject
    assert trainer
    period = db.session.scalar(
        select(Period).where(Period.cohort_id == cohort.id, Period.code == PERIOD)
    )
    assert period
    have = db.session.scalar(
        select(func.count(Assessment.id)).where(
            Assessment.cohort_id == cohort.id,
            Assessment.subject_id == subject.id,
            Assessment.period_id == period.id,
        )
    )
    students = list(
        db.session.scalars(select(Student.id).where(Student.cohort_id == cohort.id))
    )
    context = ChangeContext(trainer.id, ChangeSource.CLI)
    for index in range(int(have or 0), COLUMNS):
        values: dict[str, Any] = {
            "cohort_id": cohort.id,
            "subject_id": subject.id,
            "period_id": period.id,
            "title": f"Situation {index + 1}",
            "held_on": date(2026, 9, 7) + timedelta(days=5 * index),
            "kind": AssessmentKind.PRACTICAL,
        }
        assessment = create_assessment(trainer.id, values)
        rows = [
            RowInput(n, student, GradeValues(_score(n, index), None, None), None)
            for n, student in enumerate(students)
        ]
        save_grid(assessment, context, rows)


def _score(student: int, column: int) -> Any:
    from decimal import Decimal  # noqa: PLC0415

    return Decimal((student * 7 + column * 3) % 41) / 2


def _add_floor(app: Flask) -> None:
    """A bare page and a bare JSON POST behind the same guard (STAFF)."""
    from service.access.guard import access_rules  # noqa: PLC0415
    from service.access.rules import STAFF  # noqa: PLC0415

    floor = Blueprint("bench", __name__)
    floor.add_url_rule("/banc/page-nue", "bare_page", lambda: BARE_PAGE["body"])
    floor.add_url_rule(
        "/banc/post-nu", "bare_post", lambda: jsonify(version=1), methods=["POST"]
    )
    app.register_blueprint(floor)
    with app.app_context():
        access_rules().add({"bench.bare_page": STAFF, "bench.bare_post": STAFF})


def main() -> int:
    """Build the centre, then time the grid page, the cell save and the floors."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        app = build(Path(folder) / "carnet.db")
        print(
            f"demo centre + {COLUMNS} assessments built in "
            f"{time.perf_counter() - started:.1f} s (not timed below)"
        )
        client = app.test_client()
        log_in(client, TRAINER)
        grid = _grid_url(app)
        page = client.get(grid)
        assert page.status_code == 200, page.status_code
        cells = re.findall(r'data-a="(\d+)" data-s="(\d+)" data-v="(\d*)"', page.text)
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.text)
        assert token, "no CSRF token in the grid page"
        assert len(cells) == STUDENTS * COLUMNS, len(cells)
        BARE_PAGE["body"] = "x" * len(page.data)
        print(load_line())
        print(
            f"grid: {STUDENTS} students × {COLUMNS} assessments, "
            f"page {len(page.data) / 1024:.0f} KiB, {count} requests each"
        )
        page_p95 = report(
            "grid page (GET)",
            timings(getter(client, grid), count, WARM_UP),
            PAGE_TARGET_MS,
        )
        bare_page = getter(client, "/banc/page-nue")
        report("floor: bare page, same size", timings(bare_page, count, WARM_UP))
        saver = _saver(client, grid, token[1], cells)
        save_p95 = report(
            "cell save (POST JSON)", timings(saver, count, WARM_UP), SAVE_TARGET_MS
        )
        headers = {"X-CSRF-Token": token[1]}
        bare = lambda: _check(  # noqa: E731
            client.post("/banc/post-nu", json={}, headers=headers).status_code == 200
        )
        report("floor: bare JSON POST", timings(bare, count, WARM_UP))
    met = page_p95 <= PAGE_TARGET_MS and save_p95 <= SAVE_TARGET_MS
    return 0 if met else 1


def _grid_url(app: Flask) -> str:
    from sqlalchemy import select  # noqa: PLC0415

    from service.extensions import db  # noqa: PLC0415
    from service.models import Cohort, Subject  # noqa: PLC0415

    with app.app_context():
        cohort = db.session.scalar(select(Cohort.id).where(Cohort.name == COHORT))
        subject = db.session.scalar(select(Subject.id).where(Subject.code == SUBJECT))
    return f"/classes/{cohort}/matieres/{subject}/notes?periode={PERIOD}"


def _saver(
    client: FlaskClient, grid: str, token: str, cells: list[tuple[str, str, str]]
) -> Callable[[], None]:
    """Each call saves another cell with a new value and the version it holds."""
    url = grid.split("?", maxsplit=1)[0] + "/cellule"
    versions = {(a, s): int(v) if v else None for a, s, v in cells}
    keys = list(versions)
    calls = itertools.count()

    def save() -> None:
        index = next(calls)
        key = keys[(index * 7) % len(keys)]
        body = {
            "assessment_id": int(key[0]),
            "student_id": int(key[1]),
            "version": versions[key],
            # Quarter points: never the half points already there, so each save writes.
            "value": f"{(index % 38) / 2 + 0.25:.2f}".replace(".", ","),
        }
        answer = client.post(url, json=body, headers={"X-CSRF-Token": token})
        _check(answer.status_code == 200)
        versions[key] = answer.get_json()["version"]

    return save


def _check(ok: bool) -> None:
    if not ok:
        raise SystemExit("a request failed")


if __name__ == "__main__":
    sys.exit(main())
