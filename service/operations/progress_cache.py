"""Progress reads computed once per change of their rows (issue 10).

Every progress read of a cohort needs the same cohort-wide work: every student's
averages and the class statistics (per assessment, subject and period, unit and
year), exact Fractions through the engine; and each reader's answer is the same
until a row it is computed from changes. Both are kept per process under their
*state*: the rows as the caller may see them (R7), which the read loads anyway.
A write changes the state, so the next read recomputes; an unchanged state reuses
the result. The state is the data itself, not a clock or a counter, so results
are exact whatever wrote the rows, on any worker, and on any database.

A cohort's formative rows are kept once (``shared_formative``): equal rows loaded
again are swapped for the kept copy, so later comparisons are identity checks.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from grading import (
    ClassStatistics,
    Regulation,
    StudentAverages,
    statistics_by_assessment,
)
from service.operations.formative import (
    Formative,
    SubjectRow,
    averages_of,
    subject_units,
    to_assessment,
    to_mark,
)

Value = TypeVar("Value")


class Remembered(Generic[Value]):
    """Values kept per slot with the state they were computed from (``size`` slots).

    A slot's value is reused while the state is equal; the oldest slot goes first.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[object, Value]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, slot: Hashable, state: object, compute: Callable[[], Value]) -> Value:
        """Return the slot's value for ``state``, computed when the state changed."""
        cached = self._entries.get(slot)
        if cached is not None and cached[0] == state:
            return cached[1]
        value = compute()
        with self._lock:
            self._entries[slot] = (state, value)
            self._entries.move_to_end(slot)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget every slot."""
        with self._lock:
            self._entries.clear()


#: Per cohort and kind of reader (staff or published only): its formative rows…
_FORMATIVE: Remembered[Formative] = Remembered(size=256)
#: … and the figures computed from them.
_FIGURES: Remembered[CohortFigures] = Remembered(size=256)


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


def shared_formative(
    cohort_id: int, published_only: bool, formative: Formative
) -> Formative:
    """Return the kept copy of these rows when equal, else keep these."""
    return _FORMATIVE.get((cohort_id, published_only), formative, lambda: formative)


def cohort_figures(
    cohort_id: int,
    published_only: bool,
    formative: Formative,
    subjects: tuple[SubjectRow, ...],
    regulation: Regulation,
) -> CohortFigures:
    """Return the cohort's figures, recomputed only when its state changed."""

    def compute() -> CohortFigures:
        units = subject_units(subjects, regulation)
        return CohortFigures(formative, averages_of(formative, units, regulation))

    state = (formative, subjects, regulation.id)
    return _FIGURES.get((cohort_id, published_only), state, compute)


def assessment_statistics(figures: CohortFigures) -> Mapping[str, ClassStatistics]:
    """The class statistics of every assessment (R8), from the cached figures."""

    def compute() -> Mapping[str, ClassStatistics]:
        rows = figures.formative
        assessments = [to_assessment(a) for a in rows.assessments]
        return statistics_by_assessment(assessments, [to_mark(g) for g in rows.grades])

    result: Mapping[str, ClassStatistics] = figures.statistics("assessments", compute)
    return result
