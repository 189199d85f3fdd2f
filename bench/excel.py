"""Bench (a): a 10,000-row gradebook imported end to end through the service.

Parse, validate, preview (batch recorded) and commit (10,000 grades and their
history) on a SQLite file, beside the bare openpyxl read-only parse of the same
file; prints seconds, rows/s, peak RSS and the ratio (targets: <= 3 s,
<= 2.5x, <= 300 MB). Each measure runs in a fresh process (its own peak RSS)
on a fresh copy of the database. Part (b), the livrets, is printed by
``bench/excel_livrets.py`` when that module exists.

Usage: python bench/excel.py [rows]
"""

from __future__ import annotations

import importlib.util
import io
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask_migrate import upgrade
from openpyxl import load_workbook
from sqlalchemy import insert, select

from service.access.guard import Caller
from service.access.rules import Ownership
from service.app import create_app
from service.curriculum import ensure_subjects
from service.extensions import db
from service.models import (
    Assessment,
    AssessmentKind,
    CandidateCategory,
    Cohort,
    ExamForm,
    Period,
    PeriodCode,
    Role,
    Student,
    User,
)
from service.operations.imports.batches import Upload
from service.operations.imports.commit import commit_grades
from service.operations.imports.gradebook import export_sheet, preview_gradebook
from service.operations.imports.upload import import_limits

BENCH = Path(__file__).parent


def _config(database: Path) -> dict[str, object]:
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        "SECRET_KEY": "bench-secret-key-0123456789abcdef0123456789",
        "PASSWORD_HASH_PROFILE": "fast",
        "IMPORT_MAX_ROWS": 12_000,
    }


def prepare(folder: Path, rows: int) -> tuple[Path, Path]:
    """Build the database (one class of ``rows`` students) and the filled sheet."""
    database = folder / "bench.db"
    app = create_app(_config(database))
    with app.app_context():
        upgrade()
        ensure_subjects()
        db.session.add(
            User(
                email="directrice@bench.test",
                display_name="Directrice",
                password_hash="!",
                role=Role.DIRECTOR,
            )
        )
        cohort = Cohort(name="Banc", start_year=2025, exam_session_year=2027)
        db.session.add(cohort)
        db.session.flush()
        period = Period(
            cohort_id=cohort.id,
            code=PeriodCode.S1,
            starts_on=date(2025, 9, 1),
            ends_on=date(2026, 1, 14),
        )
        db.session.add(period)
        db.session.flush()
        db.session.execute(
            insert(Student), [_student(cohort.id, i) for i in range(rows)]
        )
        subject = ensure_subjects()["RCNV"]
        assessment = Assessment(
            cohort_id=cohort.id,
            subject_id=subject.id,
            period_id=period.id,
            title="Prospection",
            held_on=date(2025, 10, 1),
            kind=AssessmentKind.WRITTEN,
            max_score=Decimal(20),
        )
        db.session.add(assessment)
        db.session.commit()
        sheet = export_sheet("Banc d'essai", [assessment])
        db.session.remove()
        db.engine.dispose()  # checkpoints the WAL: the file is then copied
    filled = folder / "notes.xlsx"
    filled.write_bytes(_fill(sheet, rows))
    return database, filled


def _student(cohort_id: int, index: int) -> dict[str, object]:
    return {
        "student_number": f"B{index:06d}",
        "cohort_id": cohort_id,
        "last_name": f"Nom-{index}",
        "first_name": f"Prénom {index}",
        "ine": f"{index:010d}A",
        "candidate_category": CandidateCategory.CFA_HABILITE,
        "exam_form": ExamForm.GLOBALE,
    }


def _fill(sheet: bytes, rows: int) -> bytes:
    book = load_workbook(io.BytesIO(sheet))
    notes = book["Notes"]
    for row in range(5, 5 + rows):
        notes.cell(
            row=row, column=5, value="ABS" if row % 17 == 0 else row % 2001 / 100
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def through_service(database: Path, sheet: Path) -> tuple[tuple[float, float], int]:
    """Parse, validate, preview and commit the sheet (the app already started).

    Returns the wall and CPU seconds and the number of grades written.
    """
    app = create_app(_config(database))
    with app.app_context():
        wall, cpu = time.perf_counter(), time.process_time()
        director = db.session.scalar(select(User).where(User.role == Role.DIRECTOR))
        assert director is not None
        caller = Caller(user=director, ownership=Ownership.ALL, via_token=False)
        upload = Upload(sheet.read_bytes(), sheet.name, director.id)
        batch = preview_gradebook(caller, upload, import_limits())
        db.session.commit()
        counts = commit_grades(batch, director.id)
        db.session.commit()
        elapsed = (time.perf_counter() - wall, time.process_time() - cpu)
        return elapsed, counts["created"] + counts["updated"]


def bare(sheet: Path) -> int:
    """Read every row of every sheet with openpyxl, values only."""
    workbook = load_workbook(sheet, read_only=True, data_only=True)
    try:
        return sum(
            1 for ws in workbook.worksheets for _row in ws.iter_rows(values_only=True)
        )
    finally:
        workbook.close()


def _child(
    kind: str,
    database: str,
    sheet: str,
    queue: multiprocessing.Queue[tuple[float, float, int, int]],
) -> None:
    try:
        if kind == "bare":
            wall, cpu = time.perf_counter(), time.process_time()
            count = bare(Path(sheet))
            elapsed = (time.perf_counter() - wall, time.process_time() - cpu)
        else:
            elapsed, count = through_service(Path(database), Path(sheet))
    except Exception:
        queue.put((-1.0, -1.0, -1, -1))  # the parent must not wait forever
        raise
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    queue.put((*elapsed, rss, count))


def measure(kind: str, database: Path, sheet: Path) -> tuple[float, float, int, int]:
    """Run one measure in a fresh process on a fresh copy of the database."""
    copy = database.with_name(f"{kind}-{time.monotonic_ns()}.db")
    shutil.copy(database, copy)
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[tuple[float, float, int, int]] = context.Queue()
    process = context.Process(target=_child, args=(kind, str(copy), str(sheet), queue))
    process.start()
    result = queue.get()
    process.join()
    if result[0] < 0:
        raise SystemExit(f"the {kind} measure failed (see above)")
    return result


def run_import(rows: int) -> None:
    """Print part (a): the service import beside the bare parse."""
    with tempfile.TemporaryDirectory() as folder:
        database, sheet = prepare(Path(folder), rows)
        ours = min((measure("service", database, sheet) for _ in range(3)), key=_wall)
        base = min((measure("bare", database, sheet) for _ in range(3)), key=_wall)
    print(
        f"(a) gradebook import, {rows} rows, SQLite file (best of 3, fresh processes)"
    )
    for label, (wall, cpu, rss, count) in (("service", ours), ("bare openpyxl", base)):
        print(
            f"  {label:14} {wall:6.2f} s wall {cpu:6.2f} s CPU "
            f"{rows / wall:9.0f} rows/s  peak RSS {rss} MB  ({count} written/read)"
        )
    print(f"  ratio service / bare parse: {ours[0] / base[0]:.2f}x (target <= 2.5x)")


def _wall(result: tuple[float, float, int, int]) -> float:
    return result[0]


def run_livrets_if_present() -> None:
    """Print part (b) when ``bench/excel_livrets.py`` exists."""
    if importlib.util.find_spec("excel_livrets") is None:
        print("(b) livrets: bench/excel_livrets.py is not there yet")
        return
    import excel_livrets  # noqa: PLC0415  # type: ignore[import-not-found]

    excel_livrets.run_livrets()


def main() -> None:
    """Run part (a), then part (b) when present."""
    sys.path.insert(0, str(BENCH))
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    run_import(rows)
    run_livrets_if_present()


if __name__ == "__main__":
    main()
