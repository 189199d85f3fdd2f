"""The cohort gradebook: a sheet per subject × period, averages from the engine."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from http import HTTPStatus

from sqlalchemy import select

from grading import (
    StudentAverages,
    statistics_by_assessment,
    subject_period_statistics,
)
from importers.exports import write_cohort_gradebook
from importers.report_records import (
    CohortGradebook,
    GradebookColumn,
    GradebookLine,
    GradebookSubject,
    Identity,
    Mark,
)
from service.access.visibility import Visibility
from service.extensions import db
from service.models import Assessment, Cohort, Student
from service.operations.formative import (
    AssessmentRow,
    Formative,
    GradeRow,
    averages_of,
    key,
    shown,
    subject_units,
    to_assessment,
    to_mark,
)
from service.operations.progress import load_formative, load_subjects
from service.operations.projection import regulation_of
from service.problems import Problem


@dataclass(frozen=True, slots=True)
class SheetSlot:
    """One sheet's place: its subject's name, its period and the assessments."""

    subject: str
    period: str
    assessments: Sequence[AssessmentRow]


@dataclass(frozen=True, slots=True)
class CohortMarks:
    """What every sheet of a cohort's gradebook reads from."""

    grades: Sequence[GradeRow]
    students: Sequence[Student]
    averages: Mapping[str, StudentAverages]
    dates: Mapping[int, date | None]


def export_gradebook(
    cohort: Cohort,
    subject_ids: Collection[int] | None,
    centre: str,
    exported_at: datetime,
) -> bytes:
    """Return the cohort's gradebook; ``subject_ids`` limits it (a trainer's)."""
    regulation = regulation_of(cohort.regulation_id)
    subjects = load_subjects()
    formative = load_formative(cohort.id, Visibility(published_only=False))
    if subject_ids is not None:
        formative = only_subjects(formative, subject_ids)
    averages = averages_of(formative, subject_units(subjects, regulation), regulation)
    students = list(
        db.session.scalars(
            select(Student)
            .where(Student.cohort_id == cohort.id)
            .order_by(Student.last_name, Student.first_name, Student.id)
        )
    )
    held = db.session.execute(
        select(Assessment.id, Assessment.held_on).where(
            Assessment.cohort_id == cohort.id
        )
    )
    marks = CohortMarks(
        formative.grades, students, averages, {row[0]: row[1] for row in held}
    )
    names = {s.id: s.name for s in subjects}
    sheets = []
    for subject in subjects:
        for period in regulation.periods:
            chosen = [
                a
                for a in formative.assessments
                if a.subject_id == subject.id and a.period == period
            ]
            if chosen:
                slot = SheetSlot(names[subject.id], period, chosen)
                sheets.append(gradebook_sheet(slot, marks))
    if not sheets:
        raise Problem(
            HTTPStatus.CONFLICT, "Aucune évaluation à exporter pour cette classe."
        )
    return write_cohort_gradebook(
        CohortGradebook(centre, cohort.name, tuple(sheets), exported_at)
    )


def only_subjects(formative: Formative, subject_ids: Collection[int]) -> Formative:
    """Keep the assessments (and grades) of the given subjects."""
    kept = tuple(a for a in formative.assessments if a.subject_id in subject_ids)
    ids = {a.id for a in kept}
    return Formative(kept, tuple(g for g in formative.grades if g.assessment_id in ids))


def gradebook_sheet(slot: SheetSlot, cohort: CohortMarks) -> GradebookSubject:
    """Build one subject × period sheet: marks as entered, the engine's averages."""
    name, period, assessments = slot.subject, slot.period, slot.assessments
    grades, averages = cohort.grades, cohort.averages
    ids = {a.id for a in assessments}
    subject = key(assessments[0].subject_id)
    marks: dict[tuple[int, int], Mark] = {}
    for grade in grades:
        if grade.assessment_id in ids:
            marks[(grade.student_id, grade.assessment_id)] = (
                grade.score if grade.status is None else grade.status.value
            )
    statistics = statistics_by_assessment(
        [to_assessment(a) for a in assessments],
        [to_mark(g) for g in grades if g.assessment_id in ids],
    )
    place = (subject, period)
    return GradebookSubject(
        subject=name,
        period=period,
        columns=tuple(
            GradebookColumn(a.title, cohort.dates.get(a.id), a.max_score, a.coefficient)
            for a in assessments
        ),
        lines=tuple(
            GradebookLine(
                Identity(s.last_name, s.first_name, s.birth_date, s.ine),
                tuple(marks.get((s.id, a.id)) for a in assessments),
                _average(averages.get(key(s.id)), place),
            )
            for s in cohort.students
        ),
        column_means=tuple(shown(statistics[key(a.id)].mean) for a in assessments),
        class_average=shown(
            subject_period_statistics(averages.values(), subject, period).mean
        ),
    )


def _average(averages: StudentAverages | None, at: tuple[str, str]) -> Decimal | None:
    return None if averages is None else shown(averages.by_subject_period.get(at))
