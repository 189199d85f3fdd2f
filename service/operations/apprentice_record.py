"""An apprentice's record as their pages show it: progress, needs, evolution, news.

Built on ``student_progress`` (every figure from rows the caller may see, R7):
this adds the assessments' dates (what each unit still needs comes with the
projection, ``NeedView.per_unit``); beside it, the overall formative average after each
assessment date, and what was published since the reader last read their news.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, select

from grading import (
    Assessment as EngineAssessment,
)
from grading import (
    Mark,
    MarkStatus,
    Regulation,
    display,
    formative_averages,
)
from service.access.visibility import (
    Visibility,
    assessment_published,
    session_published,
)
from service.extensions import db
from service.models import (
    Assessment,
    AuditEvent,
    ExamSession,
    Grade,
    GradeStatus,
    Registration,
    RegistrationResult,
    Student,
    Subject,
    User,
    utc_now,
)
from service.operations.formative import AssessmentLine, key, subject_units
from service.operations.progress import load_subjects
from service.operations.projection import UnitNeedView, regulation_of
from service.operations.student_progress import StudentProgress, student_progress

#: The audit action of a session's publication (``results.publish``).
PUBLISH_ACTION = "session.publish"


@dataclass(frozen=True, slots=True)
class NewsItem:
    """Something published for the apprentice since the reader's last visit."""

    at: datetime
    #: "grade" (a formative grade) or "result" (an exam session's result).
    kind: str
    title: str
    detail: str
    held_on: date | None = None
    score: Decimal | None = None
    max_score: Decimal | None = None
    status: GradeStatus | None = None


@dataclass(frozen=True, slots=True)
class ApprenticeRecord:
    """Everything the apprentice pages show about one apprentice to one reader."""

    student: Student
    regulation: Regulation
    progress: StudentProgress
    #: Per unit still to take: what it needs if the other units hold (R3.4).
    unit_needs: Mapping[str, UnitNeedView]
    #: Each visible assessment's date, by id.
    dates: Mapping[int, date]


def apprentice_record(student: Student, visibility: Visibility) -> ApprenticeRecord:
    """Compute the record from the rows ``visibility`` lets through (R7)."""
    progress = student_progress(student, visibility)
    regulation = regulation_for(student)
    dates = assessment_dates(a.assessment_id for a in progress.assessments)
    return ApprenticeRecord(
        student=student,
        regulation=regulation,
        progress=progress,
        unit_needs={need.unit: need for need in progress.projection.need.per_unit},
        dates=dates,
    )


def regulation_for(student: Student) -> Regulation:
    """Return the regulation in force at the student's exam session (R9)."""
    cohort = student.cohort
    return regulation_of(cohort.regulation_id, cohort.exam_session_year)


def assessment_dates(ids: Iterable[int]) -> dict[int, date]:
    """Return the date of each assessment (ids already filtered for the reader)."""
    wanted = list(ids)
    if not wanted:
        return {}
    rows = db.session.execute(
        select(Assessment.id, Assessment.held_on).where(Assessment.id.in_(wanted))
    )
    return {row.id: row.held_on for row in rows}


def evolution(record: ApprenticeRecord) -> tuple[tuple[date, Decimal], ...]:
    """Return the overall formative average after each date with a grade of the student.

    At each date the engine averages the student's marks up to it (R8); the overall
    figure weighs each unit's average, rounded as shown, by its coefficient — the
    projection's own figure when no unit is held.
    """
    student_id, regulation = record.student.id, record.regulation
    graded = sorted(
        (
            (record.dates[line.assessment_id], line)
            for line in record.progress.assessments
            if line.score is not None or line.status is not None
        ),
        key=lambda pair: (pair[0], pair[1].assessment_id),
    )
    units = subject_units(load_subjects(), regulation)
    points = []
    assessments: list[EngineAssessment] = []
    marks: list[Mark] = []
    for index, (day, line) in enumerate(graded):
        assessments.append(_engine_assessment(line))
        marks.append(_engine_mark(line, student_id))
        if index + 1 < len(graded) and graded[index + 1][0] == day:
            continue  # one point per date, after all of that day's grades
        averages = formative_averages(assessments, marks, units, regulation.periods)
        mine = averages.get(key(student_id))
        overall = None if mine is None else weighted_mean(mine.by_unit, regulation)
        if overall is not None:
            points.append((day, overall))
    return tuple(points)


def weighted_mean(
    by_unit: Mapping[str, Fraction], regulation: Regulation
) -> Decimal | None:
    """Return the coefficient-weighted mean of the mandatory units' shown averages."""
    total = Fraction(0)
    weight = Fraction(0)
    for unit in regulation.mandatory_units:
        if unit.code in by_unit:
            total += Fraction(display(by_unit[unit.code])) * unit.coefficient
            weight += unit.coefficient
    return display(total / weight) if weight else None


def _engine_assessment(line: AssessmentLine) -> EngineAssessment:
    return EngineAssessment(
        id=key(line.assessment_id),
        subject=key(line.subject_id),
        period=line.period,
        scale=line.max_score,
        weight=line.coefficient,
    )


def _engine_mark(line: AssessmentLine, student_id: int) -> Mark:
    status = None if line.status is None else MarkStatus(line.status.value)
    return Mark(key(student_id), key(line.assessment_id), line.score, status)


def news_since(student: Student, since: datetime | None) -> tuple[NewsItem, ...]:
    """Return the grades and results published for the student after ``since``.

    Only published rows (R7), whoever reads: news are what the apprentice sees.
    A result's time is its session's publication (audited), else its decision.
    """
    items = [*published_grades(student.id, since), *_new_results(student.id, since)]
    return tuple(sorted(items, key=lambda item: item.at, reverse=True))


def published_grades(
    student_id: int, since: datetime | None = None, limit: int | None = None
) -> list[NewsItem]:
    """Return the student's published grades, last published first (R7)."""
    statement = (
        select(
            Assessment.published_at,
            Assessment.title,
            Subject.name,
            Assessment.held_on,
            Grade.score,
            Grade.max_score,
            Grade.status,
        )
        .join(Grade, Grade.assessment_id == Assessment.id)
        .join(Subject, Subject.id == Assessment.subject_id)
        .where(Grade.student_id == student_id, assessment_published())
        .order_by(Assessment.published_at.desc(), Assessment.id.desc())
        .limit(limit)
    )
    if since is not None:
        statement = statement.where(Assessment.published_at > since)
    return [
        NewsItem(at, "grade", title, subject, held_on, score, max_score, status)
        for at, title, subject, held_on, score, max_score, status in db.session.execute(
            statement
        )
        if at is not None  # always: published
    ]


def _new_results(student_id: int, since: datetime | None) -> list[NewsItem]:
    published_at = (
        select(func.max(AuditEvent.at))
        .where(
            AuditEvent.action == PUBLISH_ACTION,
            AuditEvent.target_kind == "exam_session",
            AuditEvent.target_id == ExamSession.id,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(
            func.coalesce(published_at, RegistrationResult.decided_at),
            ExamSession.year,
        )
        .join(Registration, Registration.id == RegistrationResult.registration_id)
        .join(ExamSession, ExamSession.id == Registration.session_id)
        .where(Registration.student_id == student_id, session_published())
    )
    return [
        NewsItem(at, "result", f"Résultats de la session {year}", "Examen")
        for at, year in rows
        if since is None or at > since
    ]


def mark_news_read(user: User) -> None:
    """Record that ``user`` has read their news now (flush only)."""
    user.news_seen_at = utc_now()
    db.session.flush()
