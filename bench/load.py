"""Load bench (issue 10): gunicorn, 2 workers, SQLite then PostgreSQL, 127.0.0.1 only.

Clients (threads, one keep-alive connection each) send for SECONDS: 70 % a
student's progress (their own token), 20 % a trainer's grade grid, 10 % a
single-grade save (GET for the ETag, then PUT with If-Match, a new score). The
same clients then hit the floor: a bare Flask-SQLAlchemy endpoint returning 50
grade rows, served the same way. Printed per run: p50/p95/p99, throughput,
errors (any status but 200, and 412 for saves) and lost updates (a grade's final
version against its successful saves). Targets (2 cores): p95 <= 150 ms,
p99 <= 300 ms, 0 errors, 0 lost updates; progress alone at 8 clients >= 25 % of
the floor's throughput at 8 clients.

Usage: python bench/load.py [seconds] — PostgreSQL when CARNET_BENCH_POSTGRES_URL
(or CARNET_TEST_POSTGRES_URL) names a server on 127.0.0.1 (a database
``carnet_bench`` is created there and dropped after).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.service.gunicorn_server import environment, served  # noqa: E402

SECONDS = 10.0
MIX = (("progress", 0.7), ("grid", 0.9), ("save", 1.0))
REDIS = os.environ.get("CARNET_BENCH_REDIS", "redis://127.0.0.1:6379/0")
LOCAL = {"127.0.0.1", "localhost", "::1"}
FLOOR_ROWS = 50
Request = Callable[[requests.Session, random.Random], tuple[str, int]]


def prepare(url: str) -> dict[str, Any]:
    """Migrate, load the demo, issue tokens; list progress, grid and grade targets."""
    from flask_migrate import upgrade  # noqa: PLC0415 — the factory reads the env
    from sqlalchemy import select  # noqa: PLC0415

    from service.access.identity import hash_token, new_token  # noqa: PLC0415
    from service.app import create_app  # noqa: PLC0415
    from service.demo import load_demo  # noqa: PLC0415
    from service.extensions import db  # noqa: PLC0415
    from service.models import (  # noqa: PLC0415
        ApiToken,
        Assessment,
        Grade,
        Student,
        TeachingAssignment,
        User,
        utc_now,
    )

    app = create_app({"SECRET_KEY": "load-" + "k" * 40, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        load_demo()
        tokens: dict[int, str] = {}

        def token(user_id: int) -> str:
            if user_id not in tokens:
                tokens[user_id] = new_token()
                db.session.add(
                    ApiToken(
                        user_id=user_id,
                        name="load",
                        prefix=tokens[user_id][:11],
                        token_hash=hash_token(tokens[user_id]),
                        expires_at=utc_now() + timedelta(days=1),
                    )
                )
            return tokens[user_id]

        students = db.session.scalars(
            select(Student).where(Student.user_id.is_not(None))
        )
        progress = [(token(s.user_id or 0), s.id) for s in students]
        taught = (
            select(TeachingAssignment, Assessment, Grade)
            .join(
                Assessment,
                (Assessment.cohort_id == TeachingAssignment.cohort_id)
                & (Assessment.subject_id == TeachingAssignment.subject_id),
            )
            .join(Grade, Grade.assessment_id == Assessment.id)
            .where(~Assessment.locked)
        )
        grids, grades = set(), []
        for assignment, assessment, grade in db.session.execute(taught):
            trainer = db.session.get(User, assignment.trainer_id)
            assert trainer is not None
            grids.add((token(trainer.id), assessment.id))
            grades.append((token(trainer.id), grade.id))
        db.session.commit()
    return {"progress": progress, "grids": sorted(grids), "grades": grades}


class Run:
    """Times and statuses of one run, and the successful saves per grade."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.errors: Counter[str] = Counter()
        self.saves: Counter[int] = Counter()
        self.lock = threading.Lock()


class Figures(NamedTuple):
    """One run's throughput (req/s) and p95 (ms)."""

    rate: float
    p95: float


def carnet_requests(base: str, setup: dict[str, Any], run: Run, only: str) -> Request:
    """One request of the mix (or only ``only``), timed into ``run``."""

    def one(session: requests.Session, rnd: random.Random) -> tuple[str, int]:
        draw = rnd.random()
        kind = only or next(name for name, upto in MIX if draw < upto)
        if kind == "progress":
            token, student = rnd.choice(setup["progress"])
            path = f"/api/v1/students/{student}/progress"
        elif kind == "grid":
            token, assessment = rnd.choice(setup["grids"])
            path = f"/api/v1/assessments/{assessment}/grades"
        else:
            return save(session, rnd, base, setup, run)
        auth = {"Authorization": f"Bearer {token}"}
        return kind, session.get(base + path, headers=auth, timeout=60).status_code

    return one


def save(
    session: requests.Session, rnd: random.Random, base: str, setup: dict[str, Any],
    run: Run,
) -> tuple[str, int]:  # fmt: skip
    """Read one grade's ETag, then write a different score with If-Match."""
    token, grade = rnd.choice(setup["grades"])
    auth = {"Authorization": f"Bearer {token}"}
    read = session.get(f"{base}/api/v1/grades/{grade}", headers=auth, timeout=60)
    if read.status_code != 200:
        return "save-read", read.status_code
    old = read.json().get("score")
    current = None if old is None else Decimal(str(old))
    # A different score within any maximum: an unchanged save writes nothing.
    score = next(s for s in ("1.5", "2.5", "3.5") if Decimal(s) != current)
    written = session.put(
        f"{base}/api/v1/grades/{grade}",
        json={"score": score},
        headers=auth | {"If-Match": read.headers["ETag"]},
        timeout=60,
    )
    if written.status_code == 200:
        with run.lock:
            run.saves[grade] += 1
    return "save", written.status_code


def drive(request: Request, clients: int, seconds: float, run: Run) -> float:
    """Run ``clients`` threads for ``seconds``; return the elapsed time."""
    stop = time.monotonic() + seconds

    def loop(seed: int) -> None:
        rnd, session = random.Random(seed), requests.Session()
        while time.monotonic() < stop:
            began = time.perf_counter()
            kind, status = request(session, rnd)
            elapsed = time.perf_counter() - began
            with run.lock:
                run.times.append(elapsed)
                if status != 200 and not (kind == "save" and status == 412):
                    run.errors[f"{kind} {status}"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=loop, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def ms(values: list[float], share: float) -> float:
    """The ``share`` quantile, in milliseconds."""
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return 1000 * cuts[round(share * 100) - 1]


def report(label: str, run: Run, elapsed: float, lost: int | None = None) -> Figures:
    """Print one run's figures; return its throughput and p95."""
    rate = len(run.times) / elapsed
    lost_text = "" if lost is None else f", mises à jour perdues {lost}"
    print(
        f"{label:<38} {len(run.times):>6} req {rate:>7.1f} req/s  p50 "
        f"{ms(run.times, 0.5):>5.0f}  p95 {ms(run.times, 0.95):>5.0f}  p99 "
        f"{ms(run.times, 0.99):>5.0f} ms  erreurs {sum(run.errors.values())} "
        f"{dict(run.errors) or ''}{lost_text}",
        flush=True,
    )
    return Figures(rate, ms(run.times, 0.95))


def lost_updates(url: str, run: Run, before: dict[int, int]) -> int:
    """Grades whose final version is not their first plus their successful saves."""
    after = versions(url)
    return sum(after[g] != before[g] + run.saves[g] for g in before)


def versions(url: str) -> dict[int, int]:
    """Every grade's version."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, version FROM grades")).all()
    engine.dispose()
    return {int(grade): int(version) for grade, version in rows}


def floor_app() -> Any:
    """The floor: a bare Flask-SQLAlchemy endpoint returning 50 grade rows."""
    from flask import Flask, jsonify  # noqa: PLC0415
    from flask_sqlalchemy import SQLAlchemy  # noqa: PLC0415

    app = Flask("floor")
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    bare = SQLAlchemy(app)

    @app.get("/floor")
    def floor() -> Any:
        query = text("SELECT id, student_id, score, version FROM grades LIMIT :n")
        rows = bare.session.execute(query, {"n": FLOOR_ROWS}).all()
        return jsonify([list(row) for row in rows])

    return app


def bench(url: str, folder: Path, label: str) -> None:
    """Serve Carnet and the floor on ``url``; print every run."""
    setup = prepare(url)
    env = environment(
        folder, {"DATABASE_URL": url, "CARNET_LOGIN_LIMIT_STORAGE": REDIS}
    )
    with served(env, folder, workers=2) as server:
        for clients, only in ((50, ""), (8, "progress")):
            drive(carnet_requests(server.url, setup, Run(), only), clients, 2, Run())
            before, run = versions(url), Run()
            request = carnet_requests(server.url, setup, run, only)
            elapsed = drive(request, clients, SECONDS, run)
            lost = lost_updates(url, run, before) if not only else None
            name = "mélange" if not only else "progression seule"
            rates[(label, clients, only)] = report(
                f"{label} {name}, {clients} clients", run, elapsed, lost
            )
    floor_spec = ("--pythonpath", str(ROOT / "bench"), "load:floor_app()")
    with served(env, folder, workers=2, app=floor_spec) as floor_server:
        base = floor_server.url
        for clients in (50, 8):
            run = Run()

            def floor(session: requests.Session, _: random.Random) -> tuple[str, int]:
                return "floor", session.get(base + "/floor", timeout=60).status_code

            drive(floor, clients, 2, Run())
            elapsed = drive(floor, clients, SECONDS, run)
            rates[(label, clients, "floor")] = report(
                f"{label} plancher, {clients} clients", run, elapsed
            )
    share = rates[(label, 8, "progress")].rate / rates[(label, 8, "floor")].rate
    print(f"{label}: progression à 8 clients = {share:.0%} du plancher (cible >= 25 %)")
    mix, floor_50 = rates[(label, 50, "")], rates[(label, 50, "floor")]
    print(
        f"{label}: mélange à 50 clients = {mix.rate / floor_50.rate:.0%} du débit du "
        f"plancher ; p95 du plancher à 50 clients {floor_50.p95:.0f} ms, la borne de "
        f"tout point d'accès servi ainsi (cible p95 <= 150 ms)"
    )


rates: dict[tuple[str, int, str], Figures] = {}


def postgres_url() -> str | None:
    """A fresh ``carnet_bench`` database on the local PostgreSQL, if one is named."""
    given = os.environ.get("CARNET_BENCH_POSTGRES_URL") or os.environ.get(
        "CARNET_TEST_POSTGRES_URL"
    )
    if not given:
        return None
    url = make_url(given)
    if url.host not in LOCAL:
        raise SystemExit(f"PostgreSQL must be on 127.0.0.1, not {url.host}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS carnet_bench"))
        connection.execute(text("CREATE DATABASE carnet_bench"))
    admin.dispose()
    return url.set(database="carnet_bench").render_as_string(hide_password=False)


def main() -> None:
    """SQLite, then PostgreSQL when one is named."""
    if len(sys.argv) > 1:
        globals()["SECONDS"] = float(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        bench(f"sqlite:///{Path(folder) / 'carnet.db'}", Path(folder), "SQLite")
    if (url := postgres_url()) is not None:
        with tempfile.TemporaryDirectory() as folder:
            bench(url, Path(folder), "PostgreSQL")


if __name__ == "__main__":
    main()
