"""Formative assessment (R8): scores normalized to /20 and weighted averages.

Formative grades never enter the exam computation; they feed the livret scolaire.
ABS counts 0 (policy `absent_counts_zero`, default on); ABJ, DISP and NN are left out.
"""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from grading.errors import GradingError

FULL_SCALE = 20

#: (kind, subject or unit, period or year); kinds: sp, sy, uy, u.
_Key = tuple[str, str, str]


class MarkStatus(StrEnum):
    """A formative mark without a score."""

    ABS = "ABS"  # unjustified absence: counts 0 unless the policy says otherwise
    ABJ = "ABJ"  # justified absence: left out
    DISP = "DISP"  # dispensed: left out
    NN = "NN"  # not graded: left out


@dataclass(frozen=True, slots=True)
class Assessment:
    """A formative assessment: its subject, period (S1–S4), scale and weight."""

    id: str
    subject: str
    period: str
    scale: Decimal = Decimal(FULL_SCALE)
    weight: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True)
class Mark:
    """One student's mark at an assessment: a score on its scale, or a status."""

    student: str
    assessment: str
    score: Decimal | None = None
    status: MarkStatus | None = None


@dataclass(frozen=True, slots=True)
class StudentAverages:
    """A student's weighted averages /20: subject × period, subject × year, unit."""

    student: str
    by_subject_period: Mapping[tuple[str, str], Fraction]
    by_subject_year: Mapping[tuple[str, int], Fraction]
    by_unit_year: Mapping[tuple[str, int], Fraction]
    by_unit: Mapping[str, Fraction]


def normalize(score: Decimal, scale: Decimal) -> Fraction:
    """Return a score on any scale as an exact grade out of 20 (R8)."""
    if not scale.is_finite() or scale <= 0:
        raise GradingError("a scale is a positive number", "scale")
    if not score.is_finite() or not 0 <= score <= scale:
        raise GradingError(f"a score lies between 0 and {scale}", "score")
    return Fraction(score) * FULL_SCALE / Fraction(scale)


def counted_value(
    mark: Mark, assessment: Assessment, absent_counts_zero: bool = True
) -> Fraction | None:
    """Return the mark /20 as it counts in averages, or None if left out (R8)."""
    if mark.status is MarkStatus.ABS:
        return Fraction(0) if absent_counts_zero else None
    if mark.status is not None:
        return None
    if mark.score is None:
        raise GradingError("a mark has a score or a status", f"marks.{mark.student}")
    return normalize(mark.score, assessment.scale)


def formative_averages(
    assessments: Iterable[Assessment],
    marks: Iterable[Mark],
    subject_units: Mapping[str, tuple[str, ...]],
    periods: Mapping[str, int],
    absent_counts_zero: bool = True,
) -> dict[str, StudentAverages]:
    """Return every student's weighted averages; units come from the subject → unit map.

    Averages are weighted by each assessment's weight over the marks that count. A
    year or unit average weighs every counted mark of it, not the period means.
    """
    plan, unit_scale = _plan(assessments, subject_units, periods)
    sums: dict[str, dict[_Key, list[int]]] = {}
    for mark in marks:
        entry = plan.get(mark.assessment)
        if entry is None:
            raise GradingError(f"unknown assessment {mark.assessment!r}", "assessment")
        value = _scaled(mark, entry, absent_counts_zero)
        if value is None:
            continue
        student = sums.setdefault(mark.student, {})
        weighted = value * entry.weight
        for key in entry.keys:
            total = student.get(key)
            if total is None:
                student[key] = [weighted, entry.weight]
            else:
                total[0] += weighted
                total[1] += entry.weight
    return {name: _averages(name, keys, unit_scale) for name, keys in sums.items()}


@dataclass(frozen=True, slots=True)
class _Entry:
    factor: int
    scale_h: int
    weight: int
    keys: tuple[_Key, ...]


def _plan(
    assessments: Iterable[Assessment],
    subject_units: Mapping[str, tuple[str, ...]],
    periods: Mapping[str, int],
) -> tuple[dict[str, _Entry], int]:
    items = list(assessments)
    scales = [_hundredths(a.scale, f"assessments.{a.id}.scale") for a in items]
    # Every normalized grade is an integer number of 1/unit_scale points: exact sums.
    unit_scale = math.lcm(*scales) if scales else 1
    plan = {}
    for assessment, scale_h in zip(items, scales, strict=True):
        year = periods.get(assessment.period)
        if year is None:
            raise GradingError(
                f"unknown period {assessment.period!r}",
                f"assessments.{assessment.id}.period",
            )
        units = subject_units.get(assessment.subject, ())
        keys: list[_Key] = [
            ("sp", assessment.subject, assessment.period),
            ("sy", assessment.subject, str(year)),
        ]
        keys += [("uy", unit, str(year)) for unit in units]
        keys += [("u", unit, "") for unit in units]
        weight = _hundredths(assessment.weight, f"assessments.{assessment.id}.weight")
        factor = FULL_SCALE * unit_scale // scale_h
        plan[assessment.id] = _Entry(factor, scale_h, weight, tuple(keys))
    return plan, unit_scale


def _scaled(mark: Mark, entry: _Entry, absent_counts_zero: bool) -> int | None:
    status = mark.status
    if status is not None:
        return 0 if status is MarkStatus.ABS and absent_counts_zero else None
    return score_hundredths(mark, entry.scale_h) * entry.factor


def score_hundredths(mark: Mark, scale_h: int) -> int:
    """Return a mark's score in hundredths after checking it lies on the scale."""
    score = mark.score
    if score is None:
        raise GradingError("a mark has a score or a status", f"marks.{mark.student}")
    scaled = score.scaleb(2)
    score_h = int(scaled)
    if score_h != scaled or not 0 <= score_h <= scale_h:
        raise GradingError(
            "a score lies on its assessment's scale", f"marks.{mark.student}"
        )
    return score_h


def _averages(
    student: str, sums: Mapping[_Key, list[int]], unit_scale: int
) -> StudentAverages:
    by_subject_period: dict[tuple[str, str], Fraction] = {}
    by_subject_year: dict[tuple[str, int], Fraction] = {}
    by_unit_year: dict[tuple[str, int], Fraction] = {}
    by_unit: dict[str, Fraction] = {}
    for (kind, name, when), (weighted, weight) in sums.items():
        average = Fraction(weighted, weight * unit_scale)
        if kind == "sp":
            by_subject_period[(name, when)] = average
        elif kind == "sy":
            by_subject_year[(name, int(when))] = average
        elif kind == "uy":
            by_unit_year[(name, int(when))] = average
        else:
            by_unit[name] = average
    return StudentAverages(
        student, by_subject_period, by_subject_year, by_unit_year, by_unit
    )


def _hundredths(value: Decimal, field: str) -> int:
    scaled = value.scaleb(2)
    if not value.is_finite() or value <= 0 or scaled != int(scaled):
        raise GradingError("a positive number with at most two decimals", field)
    return int(scaled)
