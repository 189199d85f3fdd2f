"""Bench the director's dashboard on the demo centre (a SQLite file, as `make run`).

Target: the dashboard page (every current cohort: heatmap, students at risk, missing
grades, unpublished assessments) renders in p95 <= 150 ms of server time. Requests
go through Flask's test client in-process (no network), after warm-up; wall-clock
(the target) and the process's CPU time are printed, with the load average.

Usage: python bench/dashboard_page.py [requests]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import demo_app, getter, load_line, log_in, report, timings

DIRECTOR = "directrice@carnet.test"
WARM_UP = 10
TARGET_MS = 150


def main() -> int:
    """Build the demo centre, then time the dashboard page."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        app, _ = demo_app(Path(folder) / "carnet.db")
        print(f"demo centre built in {time.perf_counter() - started:.1f} s (not timed)")
        client = app.test_client()
        log_in(client, DIRECTOR)
        page = client.get("/tableau-de-bord")
        rows = page.text.count('<th scope="row"><a href="/apprentis/')
        cohorts = page.text.count('<section class="board"')
        print(load_line())
        print(
            f"dashboard: {cohorts} cohorts, {rows} heatmap rows, "
            f"page {len(page.data) / 1024:.0f} KiB, {count} requests"
        )
        values = timings(getter(client, "/tableau-de-bord"), count, WARM_UP)
    p95 = report("dashboard page (GET)", values, TARGET_MS, width=20)
    return 0 if p95 <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
