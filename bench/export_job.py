"""Bench the whole-centre export as a background job, beside the direct export.

The centre of ``bench/livret_centre.py``: 40 cohorts × 25 students, so 1,000
livret sheets (plus 40 gradebooks). Printed: the direct export (the same work
called in-process, no queue), then the job from start to finish (the job row,
the queue, the consumer thread, the file in the exports folder) on the embedded
SQLite queue and on Redis when 127.0.0.1:6379 answers (BENCH_ROUNDS rounds, median).
Run with `python bench/export_job.py`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.livret_centre import COHORTS, STUDENTS, build

#: Rounds per figure (the median is printed): BENCH_ROUNDS, 1 by default.
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "1"))
REDIS = "redis://127.0.0.1:6379/14"


def make_app(database: Path, folder: Path, redis: str | None) -> Any:
    """A Carnet app on the bench's database, its queue and exports in ``folder``."""
    from service.app import create_app  # noqa: PLC0415

    settings: dict[str, Any] = {
        "SECRET_KEY": "bench-" + "x" * 32,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "JOBS_EXPORT_DIR": str(folder / "exports"),
        "JOBS_QUEUE_NAME": f"carnet-bench-{'redis' if redis else 'sqlite'}",
    }
    if redis:
        settings["JOBS_REDIS_URL"] = redis
    else:
        settings["JOBS_SQLITE_PATH"] = str(folder / "jobs.sqlite3")
    return create_app(settings)


def director_id(app: Any) -> int:
    """Add the director who starts the jobs; return their id."""
    from service.extensions import db  # noqa: PLC0415
    from service.models import Role, User  # noqa: PLC0415

    with app.app_context():
        user = User(
            email="direction@bench.test",
            display_name="Direction",
            password_hash="!",
            role=Role.DIRECTOR,
        )
        db.session.add(user)
        db.session.commit()
        return user.id


def direct(app: Any) -> tuple[float, int]:
    """The export's work called directly: seconds and the archive's size."""
    from service.jobs.kinds import centre_export  # noqa: PLC0415

    with app.app_context():
        started = time.perf_counter()
        made = centre_export({}, app.config, lambda done, total: None)
        return time.perf_counter() - started, len(made.data)


def as_job(app: Any, actor: int) -> tuple[float, str]:
    """Start the job as the page does and wait for its file: seconds and state."""
    from service.extensions import db  # noqa: PLC0415
    from service.jobs.queue import queue_of  # noqa: PLC0415
    from service.jobs.records import start_job  # noqa: PLC0415
    from service.models import Job, JobState  # noqa: PLC0415

    started = time.perf_counter()
    with app.app_context():
        job_id = start_job(actor, "centre_export", "Export complet").id
        db.session.commit()
    queue_of(app).enqueue(job_id)
    while True:
        with app.app_context():
            job = db.session.get(Job, job_id)
            assert job is not None
            if job.state in (JobState.DONE, JobState.FAILED):
                return time.perf_counter() - started, str(job.state)
        time.sleep(0.02)


def time_jobs(app: Any, actor: int) -> tuple[float, set[str]]:
    """The median of ``ROUNDS`` jobs, and the states they ended in."""
    runs = [as_job(app, actor) for _ in range(ROUNDS)]
    return statistics.median(s for s, _ in runs), {state for _, state in runs}


def redis_answers() -> bool:
    """Whether the local Redis answers."""
    import redis  # noqa: PLC0415

    try:
        return bool(redis.Redis.from_url(REDIS, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def main() -> None:
    from service.jobs.queue import queue_of  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "bench.db"
        started = time.perf_counter()
        grades = build(database)
        load = os.getloadavg()[0]
        print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f} at start")
        print(
            f"centre: {COHORTS} cohorts × {STUDENTS} students = "
            f"{COHORTS * STUDENTS:,} livret sheets, {grades:,} grades "
            f"(built in {time.perf_counter() - started:.1f} s)"
        )
        app = make_app(database, Path(folder), None)
        actor = director_id(app)
        runs = [direct(app) for _ in range(ROUNDS)]
        timed, size = statistics.median(s for s, _ in runs), runs[0][1]
        print(
            f"direct export (no queue):       {timed:6.2f} s  ({size / 1e6:.1f} MB zip)"
        )
        for name, redis in (("embedded SQLite", None), ("Redis", REDIS)):
            if redis and not redis_answers():
                print("Redis: not reachable on 127.0.0.1:6379, skipped")
                continue
            queued = make_app(database, Path(folder), redis)
            timed_job, states = time_jobs(queued, actor)
            queue = queue_of(queued)
            queue.stop()
            queue.huey.flush()
            print(
                f"job, {name + ' queue:':<22} {timed_job:6.2f} s  "
                f"(start to file, {'/'.join(sorted(states))}; "
                f"overhead {timed_job - timed:+.2f} s)"
            )


if __name__ == "__main__":
    main()
