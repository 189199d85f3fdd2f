"""Pure figures of the livret scolaire (R8): from formative rows to the writer's record.

Averages, class means, distributions, ranks and the profile are the engine's
(``grading.formative_averages``, ``grading.class_statistics``,
``grading.livret_profile``); this module only arranges them per unit in the
règlement's order and rounds them for display (R2).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from grading import (
    ClassStatistics,
    Regulation,
    StudentAverages,
    class_statistics,
    livret_profile,
)
from grading import formative_averages as engine_averages
from importers.report_records import (
    Distribution,
    LivretUnitRow,
    Rank,
    YearAverages,
)
from service.operations.formative import (
    Formative,
    key,
    shown,
    to_assessment,
    to_mark,
)

#: The livret shows two training years of two semesters each.
YEARS = (1, 2)


@dataclass(frozen=True, slots=True)
class ClassAverages:
    """A cohort's formative averages: per year and unit, and per semester and unit."""

    by_year: Mapping[str, StudentAverages]
    by_semester: Mapping[str, StudentAverages]
    #: Semester codes of each training year, in order (S1, S2 | S3, S4).
    semesters: Mapping[int, tuple[str, ...]]
    #: The engine's class statistics of the whole-training mean, per unit.
    units: Mapping[str, ClassStatistics]
    #: The class statistics per (unit, year) and per (unit, semester number).
    years: Mapping[tuple[str, int], ClassStatistics]
    semester_stats: Mapping[tuple[str, int], ClassStatistics]


def semester_numbers(regulation: Regulation) -> dict[str, int]:
    """Number the regulation's periods 1, 2, 3, 4 in their order."""
    return {period: index for index, period in enumerate(regulation.periods, 1)}


def class_averages(
    formative: Formative,
    units: Mapping[str, tuple[str, ...]],
    regulation: Regulation,
) -> ClassAverages:
    """Compute a cohort's averages through the engine, per year and per semester (R8).

    Per semester: the engine's unit × year average with each semester as its own
    « year », so every counted mark weighs as in the year average.
    """
    assessments = [to_assessment(a) for a in formative.assessments]
    marks = [to_mark(g) for g in formative.grades]
    by_year = engine_averages(assessments, marks, units, regulation.periods)
    numbers = semester_numbers(regulation)
    by_semester = engine_averages(assessments, marks, units, numbers)
    semesters = {
        year: tuple(p for p, y in regulation.periods.items() if y == year)
        for year in YEARS
    }
    statistics = {
        unit: class_statistics(
            {s: a.by_unit[unit] for s, a in by_year.items() if unit in a.by_unit}
        )
        for unit in regulation.units
    }
    return ClassAverages(
        by_year,
        by_semester,
        semesters,
        statistics,
        _per_slot(by_year, regulation.units, YEARS),
        _per_slot(by_semester, regulation.units, sorted(numbers.values())),
    )


def _per_slot(
    averages: Mapping[str, StudentAverages],
    units: Iterable[str],
    slots: Iterable[int],
) -> dict[tuple[str, int], ClassStatistics]:
    """The class statistics of every (unit, year or semester) average (R8)."""
    values: dict[tuple[str, int], dict[str, Fraction]] = defaultdict(dict)
    for student, mine in averages.items():
        for slot, value in mine.by_unit_year.items():
            values[slot][student] = value
    return {
        (unit, slot): class_statistics(values.get((unit, slot), {}))
        for unit in units
        for slot in slots
    }


def unit_rows(
    student_id: int,
    averages: ClassAverages,
    regulation: Regulation,
    appreciations: Mapping[tuple[str, int], str],
) -> tuple[LivretUnitRow, ...]:
    """Return a student's livret rows, units in the règlement's order (R8)."""
    student = key(student_id)
    mine = averages.by_year.get(student)
    semesters = averages.by_semester.get(student)
    numbers = semester_numbers(regulation)
    rows = []
    for unit in regulation.units:
        statistics = averages.units[unit]
        rank = statistics.ranks.get(student)
        spread = statistics.distribution
        years = [
            _year(
                unit,
                year,
                mine,
                semesters,
                [numbers[p] for p in averages.semesters[year]],
            )
            for year in YEARS
        ]
        mean = mine.by_unit.get(unit) if mine else None
        classes = [_class_year(unit, year, averages, numbers) for year in YEARS]
        rows.append(
            LivretUnitRow(
                unit_code=unit,
                year_1=years[0],
                year_2=years[1],
                student_mean=shown(mean),
                class_mean=shown(statistics.mean),
                distribution=Distribution(*spread) if statistics.count else None,
                rank=None if rank is None else Rank(rank.position, rank.size),
                appreciation_year_1=appreciations.get((unit, 1), ""),
                appreciation_year_2=appreciations.get((unit, 2), ""),
                # R8: the engine's profile on exact means, rounded once for display.
                profile=shown(livret_profile(mean, statistics.mean)),
                class_year_1=classes[0][0],
                class_year_2=classes[1][0],
                distribution_year_1=classes[0][1],
                distribution_year_2=classes[1][1],
            )
        )
    return tuple(rows)


def _class_year(
    unit: str, year: int, averages: ClassAverages, numbers: Mapping[str, int]
) -> tuple[YearAverages, Distribution | None]:
    """The class means of a unit's semesters and year, and how its year means
    spread (< 8, 8–12, ≥ 12), from the engine's statistics (R8).
    """
    semesters = [
        averages.semester_stats[(unit, numbers[p])].mean
        for p in averages.semesters[year][:2]
    ]
    semesters += [None] * (2 - len(semesters))
    statistics = averages.years[(unit, year)]
    spread = Distribution(*statistics.distribution) if statistics.count else None
    return (
        YearAverages(shown(semesters[0]), shown(semesters[1]), shown(statistics.mean)),
        spread,
    )


def _year(
    unit: str,
    year: int,
    mine: StudentAverages | None,
    semesters: StudentAverages | None,
    numbers: Sequence[int],
) -> YearAverages:
    values: list[Fraction | None] = [
        semesters.by_unit_year.get((unit, number)) if semesters else None
        for number in numbers[:2]
    ]
    values += [None] * (2 - len(values))
    return YearAverages(
        shown(values[0]),
        shown(values[1]),
        shown(mine.by_unit_year.get((unit, year))) if mine else None,
    )
