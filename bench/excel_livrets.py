"""Bench the livrets of 40 cohorts × 25 students built end to end through the service.

A SQLite file is filled by ``livret_centre`` (formative grades, ABS/ABJ statuses,
year appreciations, avis); then ``export_livret`` runs per cohort (queries,
engine averages and statistics, records, xlsx). Beside it, bare openpyxl writes
the same cell values (no styles, merges or charts). Each measure runs in a
fresh process so that its peak RSS is its own. Targets: ≤ 20 s, ≤ 300 MB.

Usage: python bench/excel_livrets.py
"""

from __future__ import annotations

import pickle
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from io import BytesIO
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import openpyxl
from livret_centre import COHORTS, STUDENTS, app_for, build  # type: ignore[import-not-found]
from sqlalchemy import select

TARGET_SECONDS = 20
TARGET_MB = 300


def peak_rss_mb() -> float:
    """Give this process's peak resident set size (VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def service_livrets(path: Path, grid: Path) -> dict[str, float]:
    """Export every cohort's livret through the service (timed), keep its cells."""
    app = app_for(path)  # first: the factory imports the service in its order
    from service.extensions import db  # noqa: PLC0415
    from service.models import Cohort  # noqa: PLC0415
    from service.operations.exports.livret import (  # noqa: PLC0415
        default_session,
        export_livret,
        livret_settings,
    )

    with app.app_context():
        settings = livret_settings(app.config)
        start = time.perf_counter()
        books = []
        for cohort in db.session.scalars(select(Cohort).order_by(Cohort.id)):
            books.append(export_livret(cohort, default_session(cohort), settings))
        seconds = time.perf_counter() - start
    rss = peak_rss_mb()
    grid.write_bytes(pickle.dumps([cells(book) for book in books]))
    return {
        "seconds": seconds,
        "rss": rss,
        "sheets": sum(len(cells(b)) for b in books[:1]) * COHORTS,
    }


def cells(book: bytes) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """Read a workbook's values back, sheet by sheet."""
    workbook = openpyxl.load_workbook(BytesIO(book), read_only=True)
    found = [
        (sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)])
        for sheet in workbook.worksheets
    ]
    workbook.close()
    return found


def bare_livrets(grid: Path) -> dict[str, float]:
    """Write the same cell values with bare openpyxl (timed)."""
    books = pickle.loads(grid.read_bytes())
    start = time.perf_counter()
    count = 0
    for book in books:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.worksheets[0])
        for title, rows in book:
            sheet = workbook.create_sheet(title)
            for r, row in enumerate(rows, start=1):
                for c, value in enumerate(row, start=1):
                    if value is not None:
                        sheet.cell(row=r, column=c, value=value)
                        count += 1
        workbook.save(BytesIO())
    return {
        "seconds": time.perf_counter() - start,
        "rss": peak_rss_mb(),
        "cells": count,
    }


def run_livrets() -> None:
    """Print seconds, ratio and peak RSS of the service's livrets and a bare write."""
    context = get_context("spawn")
    with tempfile.TemporaryDirectory() as folder:
        path, grid = Path(folder) / "bench.db", Path(folder) / "cells.pickle"
        results: list[Any] = []
        for task, arguments in (
            (build, (path,)),
            (service_livrets, (path, grid)),
            (bare_livrets, (grid,)),
        ):
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                results.append(pool.submit(task, *arguments).result())
    grades, service, bare = results
    report(grades, service, bare)


def report(grades: int, service: dict[str, float], bare: dict[str, float]) -> None:
    """Print the two measures, the ratio and the verdict."""
    print(
        f"(b) livrets, {COHORTS} cohorts x {STUDENTS} students, "
        f"{grades} grades (SQLite)"
    )
    for name, row in (
        ("service", service),
        ("bare openpyxl", bare),
    ):
        speed = bare["cells"] / row["seconds"]
        print(
            f"  {name:14} {row['seconds']:6.2f} s wall {speed:9,.0f} cells/s"
            f"  peak RSS {row['rss']:.0f} MB"
        )
    met = service["seconds"] <= TARGET_SECONDS and service["rss"] <= TARGET_MB
    print(
        f"  ratio service / bare write: {service['seconds'] / bare['seconds']:.2f}x"
        f" (targets <= {TARGET_SECONDS} s and <= {TARGET_MB} MB: "
        f"{'met' if met else 'MISSED'})"
    )


if __name__ == "__main__":
    run_livrets()
