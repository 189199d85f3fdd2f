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

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import (
    demo_app,
    getter,
    load_line,
    log_in,
    report,
    timings,
)

STUDENTS = 24
COHORT = "apprenti·e NDRC 2025–2027"
TUTOR = "tuteur@carnet.test"
WARM_UP = 10
TARGET_MS = 100
WIDTH = 34


def build(path: Path) -> tuple[Flask, str, int]:
    """Return an app on a fresh demo centre, the apprentice's e-mail and id."""
    from sqlalchemy import select  # noqa: PLC0415

    from service.extensions import db  # noqa: PLC0415
    from service.models import Student, User  # noqa: PLC0415

    app, logins = demo_app(path, STUDENTS)
    email = next(login.email for login in logins if login.role == COHORT)
    with app.app_context():
        student_id = db.session.scalar(
            select(Student.id)
            .join(User, User.id == Student.user_id)
            .where(User.email == email)
        )
    assert student_id is not None
    return app, email, student_id


def timed(
    name: str, action: Callable[[], object], count: int, target: float | None = None
) -> float:
    """Time ``action`` after warm-up and print its line."""
    return report(name, timings(action, count, WARM_UP), target, width=WIDTH)


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
        timed(
            "student_progress (operation)",
            lambda: student_progress(student, visibility),
            count,
        )
        timed(
            "apprentice_record (operation)",
            lambda: apprentice_record(student, visibility),
            count,
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
        print(f"{load_line()}; {count} requests each")
        apprentice = app.test_client()
        log_in(apprentice, email)
        tutor = app.test_client()
        log_in(tutor, TUTOR)
        record = f"/apprentis/{student_id}"
        page_p95 = timed(
            "record page (apprentice)", getter(apprentice, record), count, TARGET_MS
        )
        timed("home (the same record)", getter(apprentice, "/"), count)
        timed("unit page U4", getter(apprentice, f"{record}/unites/U4"), count)
        timed("record page (tutor)", getter(tutor, record), count)
        api = f"/api/v1/students/{student_id}/progress"
        timed("API progress (JSON)", getter(apprentice, api), count)
        computations(app, student_id, count)
    return 0 if page_p95 <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
