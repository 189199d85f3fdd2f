"""What the page benches share: a demo centre, a login, timed requests, percentiles.

Requests go through Flask's test client in-process (no network), after warm-up;
each figure is wall-clock time (the targets) beside the process's CPU time, with
the load average: on a shared machine the wall-clock tail is mostly other work.
Run a bench as ``python bench/<name>.py``; it puts the repository on ``sys.path``
and imports ``from bench.timing import ...``.
"""

from __future__ import annotations

import os
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient


def demo_app(path: Path, students_per_cohort: int = 24) -> tuple[Flask, list[Any]]:
    """An app on a fresh demo centre in the SQLite file ``path``, and its logins."""
    from flask_migrate import upgrade  # noqa: PLC0415 — after the argument check

    from service.app import create_app  # noqa: PLC0415
    from service.demo import load_demo  # noqa: PLC0415
    from service.extensions import db  # noqa: PLC0415

    app = create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        }
    )
    with app.app_context():
        upgrade()
        logins = load_demo(students_per_cohort=students_per_cohort)
        db.session.commit()
    return app, logins


def log_in(client: FlaskClient, email: str) -> None:
    """Log a demo account in through the form."""
    from service.demo import DEMO_PASSWORD  # noqa: PLC0415

    page = client.get("/connexion")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    data = {"csrf_token": token[1], "email": email, "password": DEMO_PASSWORD}
    assert client.post("/connexion", data=data).status_code == 302


def getter(client: FlaskClient, url: str) -> Callable[[], None]:
    """A GET that must answer 200."""

    def get() -> None:
        status = client.get(url).status_code
        if status != 200:
            raise SystemExit(f"{url} answered {status}")

    return get


def timings(
    action: Callable[[], object], count: int, warm_up: int
) -> list[tuple[float, float]]:
    """Run ``action`` warm_up + count times; return (wall, CPU) ms of the timed ones."""
    for _ in range(warm_up):
        action()
    found = []
    for _ in range(count):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        found.append(
            ((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000)
        )
    return found


def load_line() -> str:
    """The load average and the number of CPUs, to read the figures by."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"load average {load} on {os.cpu_count()} CPUs"


def report(
    name: str,
    values: list[tuple[float, float]],
    target: float | None = None,
    width: int = 30,
) -> float:
    """Print wall-clock p50, p95, max and CPU p50, p95; return the wall-clock p95."""
    wall = [w for w, _ in values]
    cpu = [c for _, c in values]
    p95 = statistics.quantiles(wall, n=20)[-1]
    cpu50, cpu95 = statistics.median(cpu), statistics.quantiles(cpu, n=20)[-1]
    verdict = ""
    if target is not None:
        verdict = f"  target <= {target} ms: " + ("met" if p95 <= target else "MISSED")
    print(
        f"  {name:<{width}} p50 {statistics.median(wall):6.1f}  p95 {p95:6.1f}"
        f"  max {max(wall):6.1f}  (CPU p50 {cpu50:5.1f}, p95 {cpu95:5.1f}) ms"
        f"{verdict}"
    )
    return p95
