"""Kill -9 at random moments during 20 imports: 0 partial imports, history verifies.

Forked processes run `carnet import-grades … --commit` over all 20 sheets, each
killed with SIGKILL at a random moment of a full run's life (timed first, on this
machine as loaded now); then one runs to the end.
A fork starts in milliseconds (a fresh interpreter takes seconds), and it is a
real process: SIGKILL gives it no chance to clean up. Each import is one
transaction (preview and commit), so a killed one leaves nothing. Afterwards:
the database checks out, every import is whole (committed, its history has a row
per sheet row) or absent, the grades hold the last sheet's values, and the history
verifies.
"""

from __future__ import annotations

import os
import random
import signal
import time
from decimal import Decimal
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text

from service.extensions import db
from service.models import Grade, GradeHistory, ImportBatch, ImportState, User
from service.operations.audit_check import verify_history
from service.operations.history import current_sealer
from tests.service.factories import make_assessment, saved
from tests.service.imports.conftest import export, fill
from tests.service.world import World

IMPORTS = 20
KILLS = 8
#: Alice's and Bruno's cells in the Notes sheet.
CELLS = ("E5", "E6")


def _scores(number: int) -> tuple[Decimal, Decimal]:
    """Sheet ``number``'s two scores: distinct for every sheet."""
    return Decimal(number) / 2, Decimal(20) - Decimal(number) / 4


def _sheets(
    client: FlaskClient, world: World, assessment: int, folder: Path
) -> list[Path]:
    blank = export(client, world, assessment)
    paths = []
    for number in range(IMPORTS):
        path = folder / f"notes-{number:02}.xlsx"
        values = dict(zip(CELLS, (float(s) for s in _scores(number)), strict=True))
        path.write_bytes(fill(blank, values))
        paths.append(path)
    return paths


def _run_imports(app: Flask, sheets: list[Path], assessment: int, email: str) -> None:
    """In the forked child: import every sheet, in order (each run does all 20)."""
    with app.app_context():
        db.engine.dispose(close=False)  # the parent's connections stay the parent's
    runner = app.test_cli_runner()
    for sheet in sheets:
        args = ["carnet", "import-grades", str(sheet), "--assessment", str(assessment)]
        result = runner.invoke(args=[*args, "--as", email, "--commit", "--force"])
        if result.exit_code != 0:
            raise SystemExit(result.output)


def _fork(app: Flask, sheets: list[Path], assessment: int, email: str) -> int:
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        status = 1
        try:
            _run_imports(app, sheets, assessment, email)
            status = 0
        finally:
            os._exit(status)
    return pid


def _full_run(app: Flask, sheets: list[Path], assessment: int, email: str) -> float:
    """Run every import once to the end in a child; return how long it lived."""
    started = time.monotonic()
    _, status = os.waitpid(_fork(app, sheets, assessment, email), 0)
    assert os.WIFEXITED(status)
    assert os.WEXITSTATUS(status) == 0
    return time.monotonic() - started


def test_imports_killed_at_random_moments_leave_no_partial_import(
    app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    assessment = saved(app, make_assessment, world.cohort_a, title="Prospection")
    sheets = _sheets(client, world, assessment, tmp_path)
    with app.app_context():
        email = db.session.get(User, world.trainer_a).email  # type: ignore[union-attr]
        db.session.remove()
        db.engine.dispose()  # nothing open across the forks
    life = _full_run(app, sheets, assessment, email)
    seed = random.randrange(1_000_000)
    chance = random.Random(seed)
    killed = 0
    for _ in range(KILLS):
        delay = chance.uniform(0.05, 0.9) * life  # a moment inside a full run's life
        pid = _fork(app, sheets, assessment, email)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        killed += os.WIFSIGNALED(status)
    pid = _fork(app, sheets, assessment, email)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status), f"seed {seed}"
    assert os.WEXITSTATUS(status) == 0, f"seed {seed}"
    assert killed >= KILLS // 2, f"seed {seed}: most children must die mid-way"
    _assert_whole_imports(app, seed)


def _assert_whole_imports(app: Flask, seed: int) -> None:
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            check = db.session.execute(text("PRAGMA integrity_check")).scalar()
            assert check == "ok", f"seed {seed}"
        batches = db.session.execute(
            select(
                ImportBatch.file_name, ImportBatch.state, func.count(GradeHistory.id)
            )
            .outerjoin(GradeHistory, GradeHistory.import_batch_id == ImportBatch.id)
            .group_by(ImportBatch.id)
            .order_by(ImportBatch.id)
        ).all()
        scores = list(
            db.session.scalars(select(Grade.score).order_by(Grade.student_id))
        )
        report = verify_history(current_sealer())
    # Both cells change from one sheet to another: a whole import writes both rows,
    # or none when it imports the sheet the grades already hold; never one.
    parts = {(state, rows) for _, state, rows in batches}
    allowed = {(ImportState.COMMITTED, 0), (ImportState.COMMITTED, len(CELLS))}
    assert parts <= allowed, f"seed {seed}"
    names = [name for name, _, _ in batches]
    assert set(names) == {f"notes-{n:02}.xlsx" for n in range(IMPORTS)}
    assert names[-IMPORTS:] == sorted(names[-IMPORTS:]), f"seed {seed}"
    assert scores == list(_scores(IMPORTS - 1)), f"seed {seed}"
    assert report.ok, f"seed {seed}: {report}"
