"""Bench the grade engine: 100,000 candidates and a school's formative statistics.

Targets on the project's 2-core machine: at least 50,000 candidates per second through
`grading.evaluate`, and at most 2 s for the formative statistics of a 1,000-student
school with 200 grades each. Run with `make bench` or `python bench/engine.py`.
Figures are the median of several rounds; candidates and marks are built beforehand
(building is timed and printed separately), with a fixed seed.
"""

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from grading import (
    Assessment,
    Benefit,
    Candidate,
    Decision,
    Grade,
    Mark,
    MarkStatus,
    Parts,
    Policy,
    Rounding,
    Session,
    Situations,
    UnitEntry,
    UnitStatus,
    evaluate,
    formative_averages,
    load_regulation,
    parse_candidate,
    result_to_json,
    statistics_by_assessment,
    subject_period_statistics,
    unit_year_statistics,
)

CANDIDATES = 100_000
CONTRACT_SAMPLE = 10_000
STUDENTS = 1_000
CLASS_SIZE = 25
GRADES_PER_STUDENT = 200
ROUNDS = 5
SEED = 20260703
SESSION = Session(2026, date(2026, 7, 3))


def _grade(rng: random.Random) -> Decimal:
    # Grades are mostly whole or half points, sometimes with two decimals.
    kind = rng.random()
    if kind < 0.6:
        return Decimal(rng.randint(0, 40)) / 2
    return Decimal(rng.randint(0, 2000)).scaleb(-2)


def random_candidate(rng: random.Random) -> Candidate:
    """Return a realistic candidate: CCF situations, U5 parts, dispenses, benefits."""
    units: dict[str, UnitEntry] = {}
    for code in ("U1", "U2", "U3"):
        draw = rng.random()
        if draw < 0.03:
            units[code] = UnitStatus.DISPENSED
        elif draw < 0.04:
            units[code] = UnitStatus.ABSENT_FORCE_MAJEURE
        elif draw < 0.045:
            units[code] = UnitStatus.ABSENT
        else:
            units[code] = Grade(_grade(rng))
    units["U4"] = Situations((_grade(rng), _grade(rng)))
    units["U5"] = Parts({"written": _grade(rng), "practical": _grade(rng)})
    units["U6"] = Situations((_grade(rng), _grade(rng)))
    if rng.random() < 0.3:
        units["UF1"] = Grade(_grade(rng))
    benefits: tuple[Benefit, ...] = ()
    if rng.random() < 0.1:
        units.pop("U4")
        kept = Decimal(rng.randint(20, 40)) / 2
        benefits = (Benefit("U4", kept, rng.randint(2021, 2025), date(2024, 7, 5)),)
    control = {}
    graded = isinstance(units["U1"], Grade) and isinstance(units["U3"], Grade)
    if graded and rng.random() < 0.05:
        control = {"U1": _grade(rng), "U3": _grade(rng)}
    rounding = Rounding.EXACT if rng.random() < 0.1 else Rounding.CEIL_HALF
    return Candidate(
        SESSION,
        units,
        policy=Policy(rounding=rounding),
        benefits=benefits,
        control=control,
    )


def allowed_control(candidate: Candidate) -> Candidate:
    """Keep control grades only for a candidate allowed to the contrôle (R3.5).

    The engine refuses them otherwise (the contract's error list, 2026-12).
    """
    if not candidate.control:
        return candidate
    without = replace(candidate, control={})
    if evaluate(without).decision is Decision.AUTORISE_CONTROLE:
        return candidate
    return without


def contract_input(candidate: Candidate) -> dict[str, object]:
    """Return the candidate as a contract JSON document (numbers as strings)."""
    units: dict[str, object] = {}
    for code, entry in candidate.units.items():
        if isinstance(entry, Grade):
            units[code] = {"grade": str(entry.value)}
        elif isinstance(entry, Situations):
            units[code] = {"situations": [str(g) for g in entry.grades]}
        elif isinstance(entry, Parts):
            units[code] = {"parts": {k: str(v) for k, v in entry.grades.items()}}
        else:
            units[code] = {"status": entry.value}
    return {
        "session": {"year": 2026, "jury_date": "2026-07-03"},
        "policy": {"rounding": candidate.policy.rounding.value},
        "units": units,
        "benefits": [
            {"unit": b.unit, "grade": str(b.grade), "session_year": b.session_year}
            for b in candidate.benefits
        ],
        "control": {k: str(v) for k, v in candidate.control.items()},
    }


def _median_time(run: Callable[[], object]) -> tuple[float, float]:
    """Return the median wall time and the median CPU time of this process."""
    walls = []
    cpus = []
    for _ in range(ROUNDS):
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def bench_candidates() -> float:
    """Print and return candidates per second through `evaluate`."""
    regulation = load_regulation("bts-ndrc")
    rng = random.Random(SEED)
    start = time.perf_counter()
    candidates = [allowed_control(random_candidate(rng)) for _ in range(CANDIDATES)]
    built = time.perf_counter() - start

    def run() -> None:
        for candidate in candidates:
            evaluate(candidate, regulation)

    seconds, cpu = _median_time(run)
    rate = CANDIDATES / cpu
    decisions: dict[str, int] = {}
    for candidate in candidates[:20_000]:
        decision = evaluate(candidate, regulation).decision.value
        decisions[decision] = decisions.get(decision, 0) + 1
    print(
        f"evaluate: {CANDIDATES:,} candidates in {cpu:.3f} s CPU, {seconds:.3f} s wall "
        f"(median of {ROUNDS})"
    )
    print(
        f"  {rate:,.0f} candidates/s, {cpu / CANDIDATES * 1e6:.2f} µs/candidate (CPU)"
    )
    print(f"  {CANDIDATES / seconds:,.0f} candidates/s by the wall clock")
    print(f"  (building the candidates: {built:.2f} s, not timed above)")
    print(f"  decisions of the first 20,000: {dict(sorted(decisions.items()))}")
    documents = [contract_input(c) for c in candidates[:CONTRACT_SAMPLE]]

    def contract() -> None:
        for document in documents:
            result_to_json(evaluate(parse_candidate(document), regulation))

    seconds, cpu = _median_time(contract)
    print(
        "contract path (parse_candidate + evaluate + result_to_json, explanation "
        f"included): "
        f"{CONTRACT_SAMPLE / cpu:,.0f} candidates/s, "
        f"{cpu / CONTRACT_SAMPLE * 1e6:.1f} µs/candidate (CPU)"
    )
    return rate


def school(rng: random.Random) -> tuple[list[list[Assessment]], list[list[Mark]]]:
    """Return, per class of 25, its assessments and its students' marks (200 each)."""
    regulation = load_regulation("bts-ndrc")
    subjects = [s.name for s in regulation.subjects]
    periods = list(regulation.periods)
    scales = [Decimal(10), Decimal(20), Decimal(20), Decimal(40), Decimal(15)]
    statuses = [MarkStatus.ABS, MarkStatus.ABJ, MarkStatus.DISP, MarkStatus.NN]
    classes_assessments = []
    classes_marks = []
    for number in range(STUDENTS // CLASS_SIZE):
        assessments = [
            Assessment(
                f"c{number}-a{index}",
                rng.choice(subjects),
                periods[index * len(periods) // GRADES_PER_STUDENT],
                rng.choice(scales),
                Decimal(rng.choice(["1", "1", "2", "0.5"])),
            )
            for index in range(GRADES_PER_STUDENT)
        ]
        marks = []
        for student in range(CLASS_SIZE):
            name = f"c{number}-s{student}"
            for assessment in assessments:
                if rng.random() < 0.05:
                    marks.append(Mark(name, assessment.id, status=rng.choice(statuses)))
                else:
                    score = Decimal(rng.randint(0, int(assessment.scale) * 2)) / 2
                    marks.append(Mark(name, assessment.id, score))
        classes_assessments.append(assessments)
        classes_marks.append(marks)
    return classes_assessments, classes_marks


def bench_school() -> float:
    """Print and return the seconds for a whole school's formative statistics (R8)."""
    regulation = load_regulation("bts-ndrc")
    subject_units = regulation.subject_units()
    units = [u.code for u in regulation.units.values()]
    rng = random.Random(SEED)
    classes_assessments, classes_marks = school(rng)

    def run() -> None:
        for assessments, marks in zip(classes_assessments, classes_marks, strict=True):
            averages = formative_averages(
                assessments, marks, subject_units, regulation.periods
            ).values()
            statistics_by_assessment(assessments, marks)
            for subject in subject_units:
                for period in regulation.periods:
                    subject_period_statistics(averages, subject, period)
            for unit in units:
                for year in (1, 2):
                    unit_year_statistics(averages, unit, year)

    seconds, cpu = _median_time(run)
    marks = sum(len(m) for m in classes_marks)
    print(
        f"formative statistics: {STUDENTS:,} students × {GRADES_PER_STUDENT} grades "
        f"({marks:,} marks, {len(classes_marks)} classes) in {cpu:.3f} s CPU, "
        f"{seconds:.3f} s wall (median of {ROUNDS}); {cpu / marks * 1e6:.2f} µs/mark"
    )
    print(
        "  averages per subject×period, subject×year, unit×year; statistics and ranks "
        "per assessment, subject×period and unit×year"
    )
    return cpu


def main() -> int:
    """Run both benches and compare them with the targets."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}"
    )
    print("Targets are judged on CPU time; other processes slow the wall clock.")
    rate = bench_candidates()
    seconds = bench_school()
    print(f"target ≥ 50,000 candidates/s: {'met' if rate >= 50_000 else 'NOT met'}")
    print(f"target ≤ 2 s for the school: {'met' if seconds <= 2 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
