"""Bench the livret export (40 cohorts × 25 students) beside a bare write of its cells.

Each measurement runs in a fresh process (peak RSS = that process's VmHWM);
rounds are interleaved (livret, bare, bare write-only, then again) and the
median is printed. "Bare" writes the very values of the livret's cells (read
back from the livrets once, before timing) with openpyxl and no styles, merges
or charts; the ratio is the cost of the livret's layout.

    .venv/bin/python bench/excel_export.py [--cohorts 40] [--students 25] [--rounds 3]
"""

import argparse
import json
import pickle
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl

from importers.livret import write_livret
from importers.livret_records import CompanyPeriod, SectionResult, YearAttendance
from importers.report_records import (
    Distribution,
    Identity,
    Livret,
    LivretStudent,
    LivretUnitRow,
    Rank,
    UnitHeading,
    YearAverages,
)

UNITS = tuple(
    UnitHeading(code, title, Decimal(coefficient))
    for code, title, coefficient in (
        ("U1", "Culture générale et expression", 3),
        ("U2", "Communication en langue vivante étrangère 1", 3),
        ("U3", "Culture économique, juridique et managériale", 3),
        ("U4", "Relation client et négociation-vente", 5),
        ("U5", "Relation client à distance et digitalisation", 4),
        ("U6", "Relation client et animation de réseaux", 3),
        ("UF1", "Communication en langue vivante étrangère 2", 0),
    )
)
YEARS = ("2025–2026", "2026–2027")
RESULTS = (SectionResult("2024", 22, 18), SectionResult("2025", 24, 21))
LAST = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand")
FIRST = ("Léa", "Noah", "Emma", "Louis", "Jade", "Hugo", "Chloé", "Gabriel", "Inès")
REMARKS = (
    "Travail régulier, participation active en cours.",
    "Des progrès nets au second semestre ; doit approfondir l'analyse.",
    "Résultats fragiles, manque de travail personnel.",
    "Très bon niveau, autonomie et rigueur remarquables.",
)
AVIS = ("Très favorable", "Favorable", "Doit faire ses preuves")
VARIANTS = ("livret", "bare", "bare_write_only")
#: Issue 15: the livret may take at most this many times the bare write.
GOAL = 2.5


def grade(rng: random.Random) -> Decimal:
    """Draw a grade with two decimals, 4 to 19."""
    return Decimal(rng.randint(400, 1900)) / 100


def mean(values: list[Decimal]) -> Decimal:
    """Give the exact mean, as the service would."""
    return sum(values, Decimal(0)) / len(values)


def cohort(index: int, size: int) -> Livret:
    """Generate one cohort's livret, with exact class means, spreads and ranks."""
    rng = random.Random(42 + index)
    grades = {
        (s, u.code): [grade(rng) for _ in range(4)] for s in range(size) for u in UNITS
    }
    students = tuple(
        LivretStudent(
            Identity(
                rng.choice(LAST), rng.choice(FIRST), date(2006, 1, 1 + s), f"{s:010d}A"
            ),
            tuple(unit_row(rng, u.code, s, grades) for u in UNITS),
            tuple(attendance(rng, year) for year in YEARS),
            rng.choice(AVIS),
            rng.choice(REMARKS),
            rng.choice(REMARKS),
            (
                CompanyPeriod(
                    f"Entreprise {s:02d} SARL",
                    date(2025, 9, 1),
                    date(2027, 8, 31),
                    "M. Paul Roux",
                    rng.choice(REMARKS),
                ),
            ),
        )
        for s in range(size)
    )
    return Livret(
        "CFA du Commerce — Lyon",
        "BTS NDRC",
        f"NDRC {index:02d}",
        "2027",
        YEARS,
        UNITS,
        students,
        president="Mme Claire Bernard",
        head_of_centre="Mme Sophie Laurent, directrice",
        section_results=RESULTS,
    )


def attendance(rng: random.Random, year: str) -> YearAttendance:
    """Draw a year's absences: half-days, and their hours (3.5 h each)."""
    halves = [rng.randint(0, 4) for _ in range(3)]
    return YearAttendance(year, *halves, *(Decimal("3.5") * h for h in halves))


def unit_row(
    rng: random.Random,
    code: str,
    student: int,
    grades: dict[tuple[int, str], list[Decimal]],
) -> LivretUnitRow:
    """Build a student's unit row from the whole class's grades."""
    own = grades[(student, code)]
    unit = [g for (_, c), g in grades.items() if c == code]
    means = sorted((mean(g) for g in unit), reverse=True)
    own_mean = mean(own)
    class_mean = mean(means)
    semesters = [mean([g[i] for g in unit]) for i in range(4)]
    years = [[mean(g[:2]) for g in unit], [mean(g[2:]) for g in unit]]
    return LivretUnitRow(
        code,
        YearAverages(own[0], own[1], mean(own[:2])),
        YearAverages(own[2], own[3], mean(own[2:])),
        own_mean,
        class_mean,
        spread(means),
        Rank(means.index(own_mean) + 1, len(means)),
        rng.choice(REMARKS),
        rng.choice(REMARKS),
        # As the service fills it: student ÷ class × 10, rounded for display (R8).
        profile=(own_mean / class_mean * 10).quantize(Decimal("0.01")),
        class_year_1=YearAverages(semesters[0], semesters[1], mean(years[0])),
        class_year_2=YearAverages(semesters[2], semesters[3], mean(years[1])),
        distribution_year_1=spread(years[0]),
        distribution_year_2=spread(years[1]),
    )


def spread(means: list[Decimal]) -> Distribution:
    """Count the means below 8, from 8 to 12, from 12."""
    return Distribution(
        sum(m < 8 for m in means),
        sum(8 <= m < 12 for m in means),
        sum(m >= 12 for m in means),
    )


def peak_rss_mb() -> float:
    """Give this process's peak resident set size (VmHWM) in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def cell_grids(
    livrets: list[Livret],
) -> list[list[tuple[str, list[tuple[object, ...]]]]]:
    """Read every livret back: per workbook, per sheet, its rows of values."""
    books = []
    for livret in livrets:
        workbook = openpyxl.load_workbook(BytesIO(write_livret(livret)), read_only=True)
        books.append(
            [
                (
                    sheet.title,
                    [
                        tuple(exact(v) for v in row)
                        for row in sheet.iter_rows(values_only=True)
                    ],
                )
                for sheet in workbook.worksheets
            ]
        )
        workbook.close()
    return books


def exact(value: object) -> object:
    """Give back the Decimal a float cell was written from."""
    return Decimal(repr(value)) if isinstance(value, float) else value


def write_bare(
    book: list[tuple[str, list[tuple[object, ...]]]], write_only: bool
) -> int:
    """Write the same values with no styles, merges or charts; return the size."""
    workbook = openpyxl.Workbook(write_only=write_only)
    if not write_only:
        workbook.remove(workbook.worksheets[0])
    for title, rows in book:
        sheet = workbook.create_sheet(title)
        if write_only:
            for row in rows:
                sheet.append(row)
            continue
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
    buffer = BytesIO()
    workbook.save(buffer)
    return len(buffer.getvalue())


def child(variant: str, args: argparse.Namespace) -> None:
    """Run one timed measurement and print it as JSON."""
    if variant == "livret":
        livrets = [cohort(i, args.students) for i in range(args.cohorts)]
        start = time.perf_counter()
        size = sum(len(write_livret(livret)) for livret in livrets)
    else:
        books = pickle.loads(Path(args.grid).read_bytes())
        start = time.perf_counter()
        size = sum(write_bare(book, variant == "bare_write_only") for book in books)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rss": peak_rss_mb(), "bytes": size}))


def measure(variant: str, args: argparse.Namespace, grid: Path) -> dict[str, float]:
    """Run a variant in a fresh process."""
    command = [
        sys.executable,
        __file__,
        "--child",
        variant,
        "--grid",
        str(grid),
        "--cohorts",
        str(args.cohorts),
        "--students",
        str(args.students),
    ]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(out.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    """Prepare the cell grids, run the interleaved rounds and print medians."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cohorts", type=int, default=40)
    parser.add_argument("--students", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", choices=VARIANTS)
    parser.add_argument("--grid", default="")
    args = parser.parse_args()
    if args.child:
        child(args.child, args)
        return
    livrets = [cohort(i, args.students) for i in range(args.cohorts)]
    books = cell_grids(livrets)
    cells = sum(
        sum(v is not None for row in rows for v in row) for b in books for _, rows in b
    )
    with tempfile.TemporaryDirectory() as folder:
        grid = Path(folder) / "grid.pickle"
        grid.write_bytes(pickle.dumps(books))
        runs: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
        for _ in range(args.rounds):
            for variant in VARIANTS:
                runs[variant].append(measure(variant, args, grid))
    report(args, cells, runs)


def report(
    args: argparse.Namespace, cells: int, runs: dict[str, list[dict[str, float]]]
) -> None:
    """Print one line per variant: median seconds, cells/s, peak RSS, ratio."""
    students = args.cohorts * args.students
    print(
        f"livrets of {args.cohorts} cohorts × {args.students} students "
        f"({students} student sheets, {cells:,} non-empty cells), "
        f"median of {args.rounds}"
    )
    print(
        f"{'variant':<16} {'median s':>9} {'min–max s':>13} {'cells/s':>10} "
        f"{'students/s':>10} {'peak RSS MB':>11} {'× bare':>7} {'MB out':>7}"
    )
    bare = statistics.median(r["seconds"] for r in runs["bare"])
    for variant, results in runs.items():
        seconds = [r["seconds"] for r in results]
        median = statistics.median(seconds)
        rss = max(r["rss"] for r in results)
        print(
            f"{variant:<16} {median:9.2f} {min(seconds):6.2f}–{max(seconds):<6.2f} "
            f"{cells / median:10,.0f} {students / median:10,.0f} {rss:11.0f} "
            f"{median / bare:7.2f} {results[0]['bytes'] / 2**20:7.1f}"
        )
    livret = statistics.median(r["seconds"] for r in runs["livret"])
    verdict = "met" if livret <= GOAL * bare else "NOT met"
    print(
        f"livret {livret:.2f} s beside the bare write {bare:.2f} s: "
        f"{livret / bare:.2f}× (goal ≤ {GOAL}×: {verdict})"
    )


if __name__ == "__main__":
    main()
