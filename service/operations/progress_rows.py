"""The rows a student's progress is computed from, as one caller may see them (R7).

Loaded in a few queries; plain values compared with ``==``, so they key the
progress caches (``progress_cache``): equal rows give an equal progress.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.access.visibility import Visibility
from service.models import Student
from service.operations.formative import Formative, SubjectRow
from service.operations.progress import (
    BlocRow,
    CcfRow,
    ResultRow,
    SessionPlan,
    load_blocs,
    load_ccf,
    load_formative,
    load_results,
    load_session_plan,
    load_subjects,
)
from service.operations.progress_cache import shared_formative


@dataclass(frozen=True, slots=True)
class ProgressRows:
    """Every row a student's progress is computed from, as one caller may see them.

    Plain values: equal rows give an equal progress, so they key its cache.
    """

    student_id: int
    cohort_id: int
    regulation_id: str
    exam_session_year: int
    visibility: Visibility
    subjects: tuple[SubjectRow, ...]
    formative: Formative
    ccf: tuple[CcfRow, ...]
    blocs: tuple[BlocRow, ...]
    results: tuple[ResultRow, ...]
    plan: SessionPlan


def progress_rows(student: Student, visibility: Visibility) -> ProgressRows:
    """Load the rows of a student's progress that ``visibility`` lets through (R7)."""
    cohort = student.cohort
    year = cohort.exam_session_year
    return ProgressRows(
        student_id=student.id,
        cohort_id=cohort.id,
        regulation_id=cohort.regulation_id,
        exam_session_year=year,
        visibility=visibility,
        subjects=load_subjects(),
        formative=shared_formative(
            cohort.id, visibility.published_only, load_formative(cohort.id, visibility)
        ),
        ccf=load_ccf([student.id], visibility),
        blocs=load_blocs([student.id], visibility),
        results=load_results(student.id),
        plan=load_session_plan(cohort.regulation_id, year, [student.id]),
    )
