"""Class statistics and the livret profile (R8): mean, range, distribution, ranks."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from grading.errors import GradingError
from grading.formative import (
    FULL_SCALE,
    Assessment,
    Mark,
    MarkStatus,
    StudentAverages,
    counted_value,
    score_hundredths,
)

LOW = 8
HIGH = 12
PROFILE_SCALE = 10


class Rank(NamedTuple):
    """A rank in a class; students with equal values share it ("3/24")."""

    position: int
    size: int

    def __str__(self) -> str:
        """Return the rank as the livret shows it, e.g. 3/24."""
        return f"{self.position}/{self.size}"


class Distribution(NamedTuple):
    """How many values fall below 8, from 8 to below 12, and at 12 or above."""

    below_8: int
    from_8_to_12: int
    from_12: int


@dataclass(frozen=True, slots=True)
class ClassStatistics:
    """Statistics of a class on one assessment or one average; exact values /20."""

    count: int
    mean: Fraction | None
    minimum: Fraction | None
    maximum: Fraction | None
    distribution: Distribution
    ranks: Mapping[str, Rank]


def class_statistics(values: Mapping[str, Fraction]) -> ClassStatistics:
    """Return count, mean, min, max, distribution and ranks of values per student."""
    if not values:
        return ClassStatistics(0, None, None, None, Distribution(0, 0, 0), {})
    # Exact and fast: every value as an integer over one common denominator.
    denominator = math.lcm(*(value.denominator for value in values.values()))
    scaled = {
        student: value.numerator * (denominator // value.denominator)
        for student, value in values.items()
    }
    return scaled_statistics(scaled, denominator)


def scaled_statistics(values: Mapping[str, int], denominator: int) -> ClassStatistics:
    """Return the statistics of values given as integers over a common denominator."""
    if not values:
        return ClassStatistics(0, None, None, None, Distribution(0, 0, 0), {})
    numbers = list(values.values())
    low = LOW * denominator
    high = HIGH * denominator
    below = sum(1 for v in numbers if v < low)
    above = sum(1 for v in numbers if v >= high)
    count = len(numbers)
    return ClassStatistics(
        count=count,
        mean=Fraction(sum(numbers), denominator * count),
        minimum=Fraction(min(numbers), denominator),
        maximum=Fraction(max(numbers), denominator),
        distribution=Distribution(below, count - below - above, above),
        ranks=_ranks(values),
    )


def ranks(values: Mapping[str, Fraction]) -> dict[str, Rank]:
    """Return each student's rank, best first; equal values share the better rank."""
    return dict(class_statistics(values).ranks)


def _ranks(values: Mapping[str, int]) -> dict[str, Rank]:
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=True)
    size = len(ordered)
    result = {}
    position = 0
    previous: int | None = None
    for index, (student, value) in enumerate(ordered, start=1):
        if value != previous:
            position, previous = index, value
        result[student] = Rank(position, size)
    return result


def assessment_statistics(
    assessment: Assessment, marks: Iterable[Mark], absent_counts_zero: bool = True
) -> ClassStatistics:
    """Return the class statistics of one assessment (ABJ, DISP, NN left out)."""
    values = {}
    for mark in marks:
        if mark.assessment != assessment.id:
            continue
        value = counted_value(mark, assessment, absent_counts_zero)
        if value is not None:
            values[mark.student] = value
    return class_statistics(values)


def statistics_by_assessment(
    assessments: Iterable[Assessment],
    marks: Iterable[Mark],
    absent_counts_zero: bool = True,
) -> dict[str, ClassStatistics]:
    """Return the class statistics of every assessment in one pass over the marks."""
    by_id = {assessment.id: assessment for assessment in assessments}
    scales = {key: _scale(assessment) for key, assessment in by_id.items()}
    values: dict[str, dict[str, int]] = {key: {} for key in by_id}
    for mark in marks:
        scale = scales.get(mark.assessment)
        if scale is None:
            continue
        if mark.status is not None:
            if mark.status is MarkStatus.ABS and absent_counts_zero:
                values[mark.assessment][mark.student] = 0  # R8 policy: ABS counts 0
            continue
        # score / scale × 20 = (score in hundredths × 20) / (scale in hundredths)
        score = score_hundredths(mark, scale)
        values[mark.assessment][mark.student] = score * FULL_SCALE
    return {key: scaled_statistics(group, scales[key]) for key, group in values.items()}


def _scale(assessment: Assessment) -> int:
    scaled = assessment.scale.scaleb(2)
    if not assessment.scale.is_finite() or scaled <= 0 or scaled != int(scaled):
        raise GradingError("a positive number with at most two decimals", "scale")
    return int(scaled)


def subject_period_statistics(
    averages: Iterable[StudentAverages], subject: str, period: str
) -> ClassStatistics:
    """Return the class statistics of the students' averages in a subject and period."""
    key = (subject, period)
    values = {
        a.student: a.by_subject_period[key]
        for a in averages
        if key in a.by_subject_period
    }
    return class_statistics(values)


def unit_year_statistics(
    averages: Iterable[StudentAverages], unit: str, year: int
) -> ClassStatistics:
    """Return the class statistics of the students' averages in a unit and year."""
    key = (unit, year)
    values = {a.student: a.by_unit_year[key] for a in averages if key in a.by_unit_year}
    return class_statistics(values)


def livret_profile(
    student_mean: Fraction | None, class_mean: Fraction | None
) -> Fraction | None:
    """Return student mean ÷ class mean × 10, exactly (R8): 10 is the class mean.

    Edge cases, where the reference is silent: no student mean (a unit the
    student is dispensed from, whose DISP marks are left out, or one never graded)
    gives None, nothing to plot; a missing or zero class mean (no classmate
    counted, or all at 0) counts as 10, so the profile is the student's own mean.
    """
    if student_mean is None:
        return None
    if not class_mean:
        return student_mean
    return student_mean / class_mean * PROFILE_SCALE


class LivretEntry(NamedTuple):
    """One unit and year of a student's livret scolaire (R8)."""

    unit: str
    year: int
    student_mean: Fraction | None
    class_mean: Fraction | None
    class_size: int
    profile: Fraction | None


def livret_entries(
    student: StudentAverages,
    classmates: Iterable[StudentAverages],
    units: Iterable[str],
    years: Iterable[int],
) -> tuple[LivretEntry, ...]:
    """Return the livret rows of a student, units in the order of the règlement (R8)."""
    group = list(classmates)
    entries = []
    for unit in units:
        for year in years:
            statistics = unit_year_statistics(group, unit, year)
            mean = student.by_unit_year.get((unit, year))
            entries.append(
                LivretEntry(
                    unit,
                    year,
                    mean,
                    statistics.mean,
                    statistics.count,
                    livret_profile(mean, statistics.mean),
                )
            )
    return tuple(entries)
