"""Class statistics and the livret profile (R8): mean, range, distribution, ranks."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from grading.formative import Assessment, Mark, StudentAverages, counted_value

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
    numbers = list(values.values())
    below = sum(1 for v in numbers if v < LOW)
    above = sum(1 for v in numbers if v >= HIGH)
    distribution = Distribution(below, len(numbers) - below - above, above)
    return ClassStatistics(
        count=len(numbers),
        mean=sum(numbers, Fraction(0)) / len(numbers),
        minimum=min(numbers),
        maximum=max(numbers),
        distribution=distribution,
        ranks=ranks(values),
    )


def ranks(values: Mapping[str, Fraction]) -> dict[str, Rank]:
    """Return each student's rank, best first; equal values share the better rank."""
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=True)
    size = len(ordered)
    result = {}
    position = 0
    previous: Fraction | None = None
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
    values: dict[str, dict[str, Fraction]] = {key: {} for key in by_id}
    for mark in marks:
        assessment = by_id.get(mark.assessment)
        if assessment is None:
            continue
        value = counted_value(mark, assessment, absent_counts_zero)
        if value is not None:
            values[mark.assessment][mark.student] = value
    return {key: class_statistics(group) for key, group in values.items()}


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
    """Return student mean ÷ class mean × 10; a missing or zero class mean counts 10."""
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
