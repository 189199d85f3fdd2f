"""A cohort's formative figures, computed once per change of its grades (issue 10).

Every progress read of a cohort needs the same cohort-wide work: every student's
averages and the class statistics (per assessment, subject and period, unit and
year), exact Fractions through the engine. It is kept per process, under the
cohort's *state*: its assessments and grades as the caller may see them (R7),
the rows ``load_formative`` reads anyway (two queries, as before the cache). A
write changes the state, so the next read recomputes; an unchanged state reuses
the figures. The state is the data itself, not a clock or a counter, so the
figures are exact whatever wrote the rows, on any worker, and on any database.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from grading import (
    ClassStatistics,
    Regulation,
    StudentAverages,
    statistics_by_assessment,
)
from service.access.visibility import Visibility
from service.operations.formative import (
    Formative,
    SubjectRow,
    averages_of,
    subject_units,
    to_assessment,
    to_mark,
)
from service.operations.progress import load_formative

#: One entry per cohort and kind of reader (staff or published only).
_FIGURES: dict[tuple[int, bool], tuple[Hashable, CohortFigures]] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class CohortFigures:
    """A cohort's formative rows, every student's averages, memoised statistics."""

    formative: Formative
    averages: Mapping[str, StudentAverages]
    _statistics: dict[Hashable, Any] = field(default_factory=dict)

    def statistics(self, name: Hashable, compute: Callable[[], Any]) -> Any:
        """Return the statistics called ``name``, computed at their first use."""
        if name not in self._statistics:
            self._statistics[name] = compute()
        return self._statistics[name]


def cohort_figures(
    cohort_id: int,
    visibility: Visibility,
    subjects: tuple[SubjectRow, ...],
    regulation: Regulation,
) -> CohortFigures:
    """Return the cohort's figures, recomputed only when its state changed."""
    formative = load_formative(cohort_id, visibility)
    state = (formative, subjects, regulation.id)
    slot = (cohort_id, visibility.published_only)
    cached = _FIGURES.get(slot)
    if cached is not None and cached[0] == state:
        return cached[1]
    units = subject_units(subjects, regulation)
    figures = CohortFigures(formative, averages_of(formative, units, regulation))
    with _LOCK:
        _FIGURES[slot] = (state, figures)
    return figures


def assessment_statistics(figures: CohortFigures) -> Mapping[str, ClassStatistics]:
    """The class statistics of every assessment (R8), from the cached figures."""

    def compute() -> Mapping[str, ClassStatistics]:
        rows = figures.formative
        assessments = [to_assessment(a) for a in rows.assessments]
        return statistics_by_assessment(assessments, [to_mark(g) for g in rows.grades])

    result: Mapping[str, ClassStatistics] = figures.statistics("assessments", compute)
    return result
