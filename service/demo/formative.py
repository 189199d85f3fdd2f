"""A year of formative assessments, their grades and appreciations (R8)."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from service.demo.context import DemoContext, at
from service.demo.names import APPRECIATIONS, SITUATION_TITLES
from service.extensions import db
from service.models import (
    Appreciation,
    Assessment,
    AssessmentKind,
    ChangeSource,
    Cohort,
    Grade,
    GradeStatus,
    HistoryEntity,
    Period,
    Student,
)
from service.operations.grades import GradeValues
from service.operations.history import (
    Change,
    ChangeContext,
    change_row,
    record_changes,
)

#: The demo is a snapshot of the centre on this day.
DEMO_TODAY = date(2026, 11, 20)
#: Assessments per period for each subject.
PER_PERIOD = {"CEF": 1, "LV1": 2, "CEJM": 2, "RCNV": 2, "RCDD": 2, "RCAR": 2, "ATP": 1}
KINDS = {
    "CEF": AssessmentKind.WRITTEN,
    "LV1": AssessmentKind.ORAL,
    "CEJM": AssessmentKind.CASE_STUDY,
    "RCNV": AssessmentKind.PRACTICAL,
    "RCDD": AssessmentKind.PRACTICAL,
    "RCAR": AssessmentKind.PROJECT,
    "ATP": AssessmentKind.PROJECT,
    "EVP": AssessmentKind.WRITTEN,
}
#: (assessment id, student id) -> score out of 20, for appreciations.
Scores = dict[tuple[int, int], Decimal]


def add_formative(demo: DemoContext) -> None:
    """Add assessments up to DEMO_TODAY for the current cohorts, with grades."""
    for cohort in demo.cohorts:
        assessments = _assessments(demo, cohort)
        db.session.add_all(assessments)
        db.session.flush()
        students = demo.students[cohort.name]
        scores = _add_grades(demo, assessments, students)
        _add_appreciations(demo, assessments, students, scores)


def _assessments(demo: DemoContext, cohort: Cohort) -> list[Assessment]:
    result = []
    for period in demo.periods[cohort.name]:
        for code, count in _plan(period).items():
            for index, held_on in enumerate(_spread(period, count)):
                if held_on <= DEMO_TODAY:
                    result.append(_assessment(demo, period, code, index, held_on))
    return result


def _plan(period: Period) -> dict[str, int]:
    # The « examen blanc » closes each year (S2, S4).
    if period.code in ("S2", "S4"):
        return {**PER_PERIOD, "EVP": 1}
    return PER_PERIOD


def _spread(period: Period, count: int) -> list[date]:
    length = (period.ends_on - period.starts_on).days
    days = [
        period.starts_on + timedelta(days=length * (k + 1) // (count + 1))
        for k in range(count)
    ]
    # Move weekend dates back to the Friday before.
    return [d - timedelta(days=max(0, d.weekday() - 4)) for d in days]


def _assessment(
    demo: DemoContext, period: Period, code: str, index: int, held_on: date
) -> Assessment:
    titles = SITUATION_TITLES[code]
    published = held_on + timedelta(days=10)
    return Assessment(
        cohort=period.cohort,
        subject=demo.subjects[code],
        period=period,
        title=titles[index % len(titles)],
        held_on=held_on,
        kind=KINDS[code],
        max_score=Decimal(10) if code == "LV1" and index == 0 else Decimal(20),
        coefficient=Decimal(2) if code == "EVP" else Decimal(1),
        published_at=at(published) if published <= DEMO_TODAY else None,
        locked=period.ends_on < DEMO_TODAY,
        created_by_id=demo.teacher_of[code].id,
    )


def _add_grades(
    demo: DemoContext, assessments: list[Assessment], students: list[Student]
) -> Scores:
    rng = demo.rng
    ability = {s.id: rng.gauss(11.5, 2.3) for s in students}
    rows, scores = [], {}
    for assessment in assessments:
        for student in students:
            status, score = _draw(demo, ability[student.id])
            if score is not None:
                scores[(assessment.id, student.id)] = score
                score = score * assessment.max_score / 20
            rows.append(
                {
                    "assessment_id": assessment.id,
                    "max_score": assessment.max_score,
                    "student_id": student.id,
                    "score": score,
                    "status": status,
                    "updated_by_id": assessment.created_by_id,
                    "updated_at": at(assessment.held_on + timedelta(days=6)),
                }
            )
    db.session.execute(insert(Grade), rows)
    _record_history(assessments, rows)
    return scores


def _record_history(assessments: list[Assessment], rows: list[dict[str, Any]]) -> None:
    """Give each demo grade its creation in the sealed history (D8)."""
    ids = {
        (row.assessment_id, row.student_id): row.id
        for row in db.session.execute(
            select(Grade.id, Grade.assessment_id, Grade.student_id).where(
                Grade.assessment_id.in_([a.id for a in assessments])
            )
        )
    }
    record_changes(
        [
            change_row(
                ChangeContext(row["updated_by_id"], ChangeSource.CLI),
                Change(
                    HistoryEntity.GRADE,
                    ids[(row["assessment_id"], row["student_id"])],
                    None,
                    GradeValues(row["score"], row["status"], None).as_history(),
                ),
                row["updated_at"],
            )
            for row in rows
        ]
    )


def _draw(
    demo: DemoContext, ability: float
) -> tuple[GradeStatus | None, Decimal | None]:
    roll = demo.rng.random()
    if roll < 0.03:
        return GradeStatus.ABS, None
    if roll < 0.06:
        return GradeStatus.ABJ, None
    raw = min(20.0, max(0.0, demo.rng.gauss(ability, 2.6)))
    # Half points out of 20: exact in hundredths for a /10 or /20 maximum.
    return None, Decimal(round(raw * 2)) / 2


def _add_appreciations(
    demo: DemoContext,
    assessments: list[Assessment],
    students: list[Student],
    scores: Scores,
) -> None:
    by_period: dict[tuple[int, int, int], list[Decimal]] = defaultdict(list)
    by_year: dict[tuple[int, int, int], list[Decimal]] = defaultdict(list)
    for assessment in assessments:
        period = assessment.period
        if period.ends_on >= DEMO_TODAY or assessment.subject.code == "EVP":
            continue  # Appreciations are written once a period is over.
        for student in students:
            if (score := scores.get((assessment.id, student.id))) is not None:
                key = (student.id, assessment.subject_id)
                by_period[(*key, period.id)].append(score)
                by_year[(*key, period.year_of_study)].append(score)
    rows = [
        _appreciation(demo, key, values, period=True)
        for key, values in sorted(by_period.items())
    ] + [
        _appreciation(demo, key, values, period=False)
        for key, values in sorted(by_year.items())
    ]
    if rows:
        db.session.execute(insert(Appreciation), rows)


def _appreciation(
    demo: DemoContext, key: tuple[int, int, int], values: list[Decimal], *, period: bool
) -> dict[str, object]:
    student_id, subject_id, when = key
    mean = sum(values) / len(values)
    band = "high" if mean >= 14 else "mid" if mean >= 10 else "low"
    author = next(
        t for c, t in demo.teacher_of.items() if demo.subjects[c].id == subject_id
    )
    return {
        "student_id": student_id,
        "subject_id": subject_id,
        "period_id": when if period else None,
        "year_of_study": None if period else when,
        "text": demo.rng.choice(APPRECIATIONS[band]),
        "author_id": author.id,
        "updated_at": at(DEMO_TODAY - timedelta(days=30)),
    }
