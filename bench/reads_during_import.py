"""Bench: other users' reads while imports commit (issue 10: reads never wait).

A fresh demo centre on SQLite is served by gunicorn (2 workers, 127.0.0.1 only).
For DURATION seconds (or the first argument), READERS threads send GETs with
personal tokens: 70 % a student's progress, 30 % a trainer's grade grid.
Meanwhile one trainer imports gradebook sheets back to back (upload, then
commit), and from HOLD_AT a side connection holds the write lock for HOLD
seconds, longer than the 5 s lock timeout, as a slow import commit would (it
writes nothing: rolled back). Before issue 10 every transaction began with BEGIN
IMMEDIATE: a read arriving during the hold waited 5 s and answered 503. Target:
0 reads answered 503 (or any error). Printed: reads by status, p50/p95/p99
overall and during the hold, and the imports' statuses (a write may wait for the
lock, and answer 503 past the timeout). The tokens were used a moment before the
run: a token's first use in a 5-minute period notes the time, which is a write.

Usage: python bench/reads_during_import.py [seconds]
"""

from __future__ import annotations

import io
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import requests
from flask_migrate import upgrade
from openpyxl import load_workbook
from sqlalchemy import select

from service.access.identity import hash_token, new_token
from service.app import create_app
from service.demo import load_demo
from service.extensions import db
from service.models import ApiToken, Role, Student, User, utc_now

ROOT = Path(__file__).resolve().parent.parent

DURATION = 12.0
READERS = 8
HOLD_AT, HOLD = 3.0, 6.0
STUDENT_SHARE = 0.7
REDIS = os.environ.get("CARNET_BENCH_REDIS", "redis://127.0.0.1:6379/0")
SECRET = "bench-secret-key-0123456789abcdef0123456789abcdef"


@dataclass
class Reads:
    """Every read: when it started (seconds into the run), its time, its status."""

    rows: list[tuple[float, float, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, started: float, seconds: float, status: int) -> None:
        with self.lock:
            self.rows.append((started, seconds, status))


def prepare(database: Path) -> dict[str, Any]:
    """Migrate, load the demo centre, and issue a token per account that reads."""
    app = create_app(
        {"SECRET_KEY": SECRET, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}"}
    )
    with app.app_context():
        upgrade()
        load_demo()
        tokens: dict[int, str] = {}
        for user in db.session.scalars(select(User).where(User.role != Role.DIRECTOR)):
            tokens[user.id] = new_token()
            db.session.add(
                ApiToken(
                    user_id=user.id,
                    name="bench",
                    prefix=tokens[user.id][:11],
                    token_hash=hash_token(tokens[user.id]),
                    expires_at=utc_now() + timedelta(days=1),
                    # Used a moment ago, as a reader's token is: its first use of a
                    # 5-minute period notes the time (a write, identity.py).
                    last_used_at=utc_now(),
                )
            )
        students = {
            student.user_id: student.id
            for student in db.session.scalars(select(Student))
            if student.user_id in tokens
        }
        trainers = [
            user.id
            for user in db.session.scalars(
                select(User).where(User.role == Role.TRAINER)
            )
        ]
        db.session.commit()
    return {"tokens": tokens, "students": students, "trainers": trainers}


def serve(database: Path) -> tuple[subprocess.Popen[bytes], str]:
    """Start gunicorn (2 workers) on a free local port; return it and its URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": SECRET,
        "CARNET_LOGIN_LIMIT_STORAGE": REDIS,  # two workers need a shared store (T12)
    }
    log = (database.parent / "gunicorn.log").open("wb")
    command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--timeout", "60", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/healthz", timeout=5).status_code == 200:
                return server, url
        except requests.RequestException:  # still booting
            time.sleep(0.2)
    server.kill()
    tail = (database.parent / "gunicorn.log").read_text(errors="replace")[-2000:]
    raise SystemExit(f"gunicorn did not answer /healthz within 60 s:\n{tail}")


def grids(url: str, token: str) -> list[tuple[str, bool]]:
    """The grade-grid URLs of a trainer's assessments, each with its lock."""
    headers = {"Authorization": f"Bearer {token}"}
    listed = requests.get(f"{url}/api/v1/assessments", headers=headers, timeout=30)
    items = listed.json()
    items = items.get("items", items) if isinstance(items, dict) else items
    grid = f"{url}/api/v1/assessments/{{}}/grades"
    return [(grid.format(a["id"]), bool(a.get("locked"))) for a in items]


def read_loop(
    url: str, setup: dict[str, Any], reads: Reads, start: float, stop: float
) -> None:
    """Send GETs until ``stop``: 70 % student progress, 30 % trainer grid."""
    rnd = random.Random(threading.get_ident())
    session = requests.Session()
    students = list(setup["students"].items())
    while time.monotonic() < stop:
        if rnd.random() < STUDENT_SHARE:
            user, student = rnd.choice(students)
            target = f"{url}/api/v1/students/{student}/progress"
        else:
            user, target = rnd.choice(setup["grid_urls"])
        began = time.monotonic()
        status = session.get(
            target,
            headers={"Authorization": f"Bearer {setup['tokens'][user]}"},
            timeout=60,
        ).status_code
        reads.add(began - start, time.monotonic() - began, status)


def fill(sheet_bytes: bytes, rnd: random.Random) -> bytes:
    """Type a random score into every student row of a gradebook sheet."""
    book = load_workbook(io.BytesIO(sheet_bytes))
    notes = book["Notes"]
    for row in notes.iter_rows(min_row=5):
        if row[0].value is None:
            break
        row[4].value = rnd.randrange(0, 81) / 4
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_loop(
    url: str, token: str, grid_urls: list[str], stop: float
) -> Counter[str]:
    """Upload and commit gradebook sheets back to back until ``stop``."""
    headers = {"Authorization": f"Bearer {token}"}
    rnd, statuses = random.Random(7), Counter[str]()
    while time.monotonic() < stop:
        grid = rnd.choice(grid_urls)
        sheet = requests.get(
            grid.replace("/grades", "/gradebook.xlsx"), headers=headers, timeout=60
        )
        files = {"file": ("notes.xlsx", fill(sheet.content, rnd))}
        data = {"kind": "gradebook", "force": "true"}
        uploaded = requests.post(
            f"{url}/api/v1/imports", headers=headers, files=files, data=data, timeout=60
        )
        statuses[f"upload {uploaded.status_code}"] += 1
        if uploaded.status_code == 201:
            batch = uploaded.json()["id"]
            committed = requests.post(
                f"{url}/api/v1/imports/{batch}/commit", headers=headers, timeout=60
            )
            statuses[f"commit {committed.status_code}"] += 1
    return statuses


def hold_the_lock(database: Path, start: float) -> None:
    """From HOLD_AT, hold the write lock for HOLD seconds (a slow commit)."""
    time.sleep(max(0.0, start + HOLD_AT - time.monotonic()))
    connection = sqlite3.connect(database, isolation_level=None, timeout=30)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute(
        "UPDATE grades SET comment = comment WHERE id = (SELECT min(id) FROM grades)"
    )
    time.sleep(HOLD)
    connection.execute("ROLLBACK")
    connection.close()


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile of ``values``, in milliseconds."""
    if len(values) < 2:
        return 1000 * (values[0] if values else 0.0)
    return (
        1000
        * statistics.quantiles(values, n=100, method="inclusive")[
            round(share * 100) - 1
        ]
    )


def report(reads: Reads, imports: Counter[str], duration: float) -> None:
    """Print the figures."""
    statuses = Counter(status for _, _, status in reads.rows)
    times = [seconds for _, seconds, _ in reads.rows]
    held = [s for began, s, _ in reads.rows if HOLD_AT <= began < HOLD_AT + HOLD]
    print(
        f"Lectures : {len(times)} en {duration:.0f} s ({len(times) / duration:.0f}/s), "
        f"{READERS} clients ; statuts {dict(sorted(statuses.items()))}"
    )
    for label, values in (
        ("toutes", times),
        (f"pendant le verrou de {HOLD:.0f} s", held),
    ):
        p50, p95, p99 = (percentile(values, share) for share in (0.5, 0.95, 0.99))
        print(
            f"  {label} ({len(values)}) : p50 {p50:.0f} ms, p95 {p95:.0f} ms, "
            f"p99 {p99:.0f} ms, max {1000 * max(values, default=0):.0f} ms"
        )
    print(f"Imports (écritures) : {dict(sorted(imports.items()))}")
    failed = sum(n for status, n in statuses.items() if status != 200)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Charge de la machine (1, 5, 15 min) : {load} sur {os.cpu_count()} cœurs")
    verdict = "OK" if failed == 0 else "ÉCHEC"
    print(f"Lectures en erreur : {failed} (cible : 0) — {verdict}")


def main() -> None:
    """Prepare, serve, load, print."""
    duration = float(sys.argv[1]) if len(sys.argv) > 1 else DURATION
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "carnet.db"
        setup = prepare(database)
        server, url = serve(database)
        try:
            trainer = setup["trainers"][0]
            listed = {
                user: grids(url, setup["tokens"][user]) for user in setup["trainers"]
            }
            setup["grid_urls"] = [
                (user, grid) for user, found in listed.items() for grid, _ in found
            ]
            own = [grid for grid, locked in listed[trainer] if not locked]
            reads, start = Reads(), time.monotonic()
            stop = start + duration
            threads = [
                threading.Thread(
                    target=read_loop, args=(url, setup, reads, start, stop)
                )
                for _ in range(READERS)
            ]
            threads.append(
                threading.Thread(target=hold_the_lock, args=(database, start))
            )
            for thread in threads:
                thread.start()
            imports = import_loop(url, setup["tokens"][trainer], own, stop)
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(30)
        report(reads, imports, duration)


if __name__ == "__main__":
    main()
