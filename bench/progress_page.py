"""Bench the apprentice's progress page on the demo centre (SQLite, as `make run`).

Target: the record page (`/apprentis/<id>`, the apprentice's home) renders in
p95 <= 100 ms of server time for a second-year apprentice of the demo centre
(24 apprentices a cohort, every assessment up to November of the second year).
Beside it: a unit page, the tutor's view of the same record, the JSON progress of
the API (the same computation without the page), and the computation alone
(`student_progress`, then `apprentice_record`), to show where the time goes.
Requests go through Flask's test client in-process (no network), after warm-up;
wall-clock and the process's CPU time are printed, with the load average.

Usage: python bench/progress_page.py [requests]
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

STUDENTS = 24
COHORT = "apprenti·e NDRC 2025–2027"
TUTOR = "tuteur@carnet.test"
WARM_UP = 10
TARGET_MS = 100


def build(path: Path) -> tuple[Flask, str, int]:
    """Return an app on a fresh demo centre, the apprentice's e-mail and id."""
    from flask_migrate import upgrade  # noqa: PLC0415 — after the argument check
    from sqlalchemy import select  # noqa: PLC0415

    from service.app import create_app  # noqa: PLC0415
    from service.demo import load_demo  # noqa: PLC0415
    from service.extensions import db  # noqa: PLC0415
    from service.models import Student, User  # noqa: PLC0415

    app = create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        }
    )
    with app.app_context():
        upgrade()
        logins = load_demo(students_per_cohort=STUDENTS)
        db.session.commit()
        email = next(login.email for login in logins if login.role == COHORT)
        student_id = db.session.scalar(
            select(Student.id)
            .join(User, User.id == Student.user_id)
            .where(User.email == email)
        )
    assert student_id is not None
    return app, email, student_id


def log_in(client: FlaskClient, email: str) -> None:
    """Log in through the form."""
    from service.demo import DEMO_PASSWORD  # noqa: PLC0415

    page = client.get("/connexion")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    data = {"csrf_token": token[1], "email": email, "password": DEMO_PASSWORD}
    assert client.post("/connexion", data=data).status_code == 302


def timings(action: Callable[[], object], count: int) -> list[tuple[float, float]]:
    """Run ``action`` WARM_UP + count times; return (wall, CPU) ms of the timed ones."""
    for _ in range(WARM_UP):
        action()
    found = []
    for _ in range(count):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        found.append(
            ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
        )
    return found


def report(
    name: str, values: list[tuple[float, float]], target: float | None = None
) -> float:
    """Print wall-clock p50, p95, max and CPU p95; return the wall-clock p95."""
    wall = [w for w, _ in values]
    p95 = statistics.quantiles(wall, n=20)[-1]
    cpu95 = statistics.quantiles([c for _, c in values], n=20)[-1]
    verdict = ""
    if target is not None:
        verdict = f"  target <= {target} ms: " + ("met" if p95 <= target else "MISSED")
    print(
        f"  {name:<34} p50 {statistics.median(wall):6.1f}  p95 {p95:6.1f}"
        f"  max {max(wall):6.1f}  (CPU p95 {cpu95:5.1f}) ms{verdict}"
    )
    return p95


def getter(client: FlaskClient, url: str) -> Callable[[], None]:
    """A GET that must answer 200."""

    def get() -> None:
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")

    return get


def computations(app: Flask, student_id: int, count: int) -> None:
    """Time the operations alone, as a student sees them (R7: published only)."""
    from service.access.visibility import Visibility  # noqa: PLC0415
    from service.extensions import db  # noqa: PLC0415
    from service.models import Student  # noqa: PLC0415
    from service.operations.apprentice_record import apprentice_record  # noqa: PLC0415
    from service.operations.student_progress import student_progress  # noqa: PLC0415

    with app.app_context():
        student = db.session.get(Student, student_id)
        assert student is not None
        visibility = Visibility(published_only=True)
        report(
            "student_progress (operation)",
            timings(lambda: student_progress(student, visibility), count),
        )
        report(
            "apprentice_record (operation)",
            timings(lambda: apprentice_record(student, visibility), count),
        )


def main() -> int:
    """Build the centre, then time the pages, the API and the operations."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        app, email, student_id = build(Path(folder) / "carnet.db")
        print(
            f"demo centre ({STUDENTS} apprentices a cohort) built in "
            f"{time.perf_counter() - started:.1f} s (not timed below)"
        )
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"load average {load} on {os.cpu_count()} CPUs; {count} requests each")
        apprentice = app.test_client()
        log_in(apprentice, email)
        tutor = app.test_client()
        log_in(tutor, TUTOR)
        record = f"/apprentis/{student_id}"
        page_p95 = report(
            "record page (apprentice)",
            timings(getter(apprentice, record), count),
            TARGET_MS,
        )
        report("home (the same record)", timings(getter(apprentice, "/"), count))
        report(
            "unit page U4", timings(getter(apprentice, f"{record}/unites/U4"), count)
        )
        report("record page (tutor)", timings(getter(tutor, record), count))
        api = f"/api/v1/students/{student_id}/progress"
        report("API progress (JSON)", timings(getter(apprentice, api), count))
        computations(app, student_id, count)
    return 0 if page_p95 <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
