"""The tests' one way to add rows: a ``make_*`` function per kind, with defaults.

Each factory runs inside an app context, adds one row (or a few), flushes and returns
it; a parent is given as a row or as its id. Tests that drive the app over HTTP
wrap them: ``saved(app, make_assessment, world.cohort_a, locked=True)`` commits one
row and returns its id; ``with committed(app): ...`` commits several.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any, ParamSpec, Protocol, TypeVar

from flask import Flask
from sqlalchemy import select

from service.access.identity import hash_token
from service.curriculum import ensure_subjects
from service.extensions import Base, db
from service.models import (
    ApiToken,
    Assessment,
    AssessmentKind,
    AttendanceMark,
    BlocEntry,
    BlocSource,
    CandidateCategory,
    CcfEvaluator,
    CcfSituation,
    CcfState,
    Cohort,
    EvaluatorRole,
    ExamForm,
    ExamSession,
    Grade,
    GradeStatus,
    HalfDay,
    HalfDaySlot,
    Justification,
    JustificationStatus,
    Lesson,
    Period,
    PeriodCode,
    Presence,
    Registration,
    Role,
    Student,
    Subject,
    TeachingAssignment,
    TutorLink,
    User,
    utc_now,
)
from service.passwords import hash_password

PASSWORD = "correct horse battery"
#: Each period's start as (years after the cohort's start, month, day); 120 days long.
PERIOD_STARTS = {
    PeriodCode.S1: (0, 9, 1),
    PeriodCode.S2: (1, 1, 15),
    PeriodCode.S3: (1, 9, 1),
    PeriodCode.S4: (2, 1, 15),
}
#: A grade's entry: a score, or a status (ABS, ABJ, …).
Entry = Decimal | GradeStatus

T = TypeVar("T")
M = TypeVar("M", bound=Base)
P = ParamSpec("P")
_serial = count(1)


class Row(Protocol):
    """A row with an integer id."""

    @property
    def id(self) -> int: ...


def _add(row: T) -> T:
    db.session.add(row)
    db.session.flush()
    return row


def _row(model: type[M], row: M | int) -> M:
    """``row`` itself, or the row of ``model`` whose id it is."""
    if isinstance(row, model):
        return row
    found = db.session.get(model, row)
    assert found is not None, f"no {model.__name__} {row}"
    return found


@contextmanager
def committed(app: Flask) -> Iterator[None]:
    """An app context whose rows are committed at the end."""
    with app.app_context():
        yield
        db.session.commit()


def saved(
    app: Flask, factory: Callable[P, Row], /, *args: P.args, **kwargs: P.kwargs
) -> int:
    """Run one factory in its own app context, commit, and return the row's id."""
    with committed(app):
        return factory(*args, **kwargs).id


def make_user(
    role: Role = Role.TRAINER, *, password: str | None = PASSWORD, **overrides: Any
) -> User:
    """A user whose password is ``password`` (None: unusable, tokens only)."""
    n = next(_serial)
    values: dict[str, Any] = {
        "email": f"user{n}@example.test",
        "display_name": f"Utilisateur {n}",
        "password_hash": "!" if password is None else hash_password(password),
        "role": role,
    }
    return _add(User(**(values | overrides)))


def make_token(user: User | int) -> str:
    """Give ``user`` a personal token valid 30 days; return its secret."""
    user = _row(User, user)
    secret = f"carnet_test_{user.id}_{user.email}"
    _add(
        ApiToken(
            user_id=user.id,
            name="tests",
            prefix=secret[:11],
            token_hash=hash_token(secret),
            expires_at=utc_now() + timedelta(days=30),
        )
    )
    return secret


def make_cohort(**overrides: Any) -> Cohort:
    """A cohort starting in 2025, exam session 2027 (periods: ``period_of``)."""
    values = {
        "name": f"NDRC test {next(_serial)}",
        "start_year": 2025,
        "exam_session_year": 2027,
    }
    return _add(Cohort(**(values | overrides)))


def make_period(
    cohort: Cohort | int, code: PeriodCode | str = PeriodCode.S1, **overrides: Any
) -> Period:
    """The cohort's period ``code``, at its place in the two years (PERIOD_STARTS)."""
    cohort, code = _row(Cohort, cohort), PeriodCode(code)
    offset, month, day = PERIOD_STARTS[code]
    starts = date(cohort.start_year + offset, month, day)
    values: dict[str, Any] = {
        "cohort": cohort,
        "code": code,
        "starts_on": starts,
        "ends_on": starts + timedelta(days=120),
    }
    return _add(Period(**(values | overrides)))


def period_of(cohort: Cohort | int, code: PeriodCode | str = PeriodCode.S1) -> Period:
    """The cohort's period ``code``, created when missing."""
    cohort, code = _row(Cohort, cohort), PeriodCode(code)
    found = db.session.scalar(
        select(Period).where(Period.cohort_id == cohort.id, Period.code == code)
    )
    return found or make_period(cohort, code)


def subject(code: str = "RCNV") -> Subject:
    """A subject of the curriculum, by code."""
    return ensure_subjects()[code]


def make_student(cohort: Cohort | int | None = None, **overrides: Any) -> Student:
    """A student in ``cohort`` (a new one by default); ``user=`` links an account."""
    n = next(_serial)
    values: dict[str, Any] = {
        "student_number": f"T-{n:05d}",
        "cohort": make_cohort() if cohort is None else _row(Cohort, cohort),
        "last_name": f"Nom{n}",
        "first_name": "Prénom",
        "candidate_category": CandidateCategory.CFA_HABILITE,
        "exam_form": ExamForm.GLOBALE,
    }
    return _add(Student(**(values | overrides)))


def make_tutor_link(tutor: User | int, student: Student | int) -> TutorLink:
    """Make ``tutor`` (a tutor account) follow ``student``'s record."""
    return _add(TutorLink(tutor=_row(User, tutor), student=_row(Student, student)))


def make_assignment(
    trainer: User | int, cohort: Cohort | int, taught: Subject | str = "RCNV"
) -> TeachingAssignment:
    """Make ``trainer`` teach a subject (row or code) to ``cohort``."""
    return _add(
        TeachingAssignment(
            trainer=_row(User, trainer),
            cohort=_row(Cohort, cohort),
            subject=subject(taught) if isinstance(taught, str) else taught,
        )
    )


def make_half_day(
    cohort: Cohort | int,
    trainer: User | int | None = None,
    *,
    day: date = date(2026, 10, 5),
    slot: HalfDaySlot = HalfDaySlot.MORNING,
    lessons: tuple[tuple[str, int], ...] = (("RCNV", 210),),
) -> HalfDay:
    """A half-day of ``cohort``: its lessons (subject code, minutes) by ``trainer``."""
    teacher = None if trainer is None else _row(User, trainer)
    return _add(
        HalfDay(
            cohort=_row(Cohort, cohort),
            day=day,
            slot=slot,
            lessons=[
                Lesson(
                    subject=subject(code), trainer=teacher, minutes=minutes, position=n
                )
                for n, (code, minutes) in enumerate(lessons, start=1)
            ],
        )
    )


def make_mark(
    half_day: HalfDay | int,
    student: Student | int,
    presence: Presence = Presence.PRESENT,
    *,
    late_minutes: int = 0,
    early_minutes: int = 0,
) -> AttendanceMark:
    """A roll-call mark as it stands, for tests that only read marks (the roll
    call's writes go through ``operations.roll_call.save_marks``, with history)."""
    return _add(
        AttendanceMark(
            half_day=_row(HalfDay, half_day),
            student=_row(Student, student),
            presence=presence,
            late_minutes=late_minutes,
            early_minutes=early_minutes,
        )
    )


def make_justification(
    student: Student | int,
    first_day: date,
    last_day: date | None = None,
    status: JustificationStatus = JustificationStatus.PENDING,
    reason: str = "Rendez-vous médical",
) -> Justification:
    """A justification without a document, covering ``first_day``…``last_day``."""
    return _add(
        Justification(
            student=_row(Student, student),
            first_day=first_day,
            last_day=last_day or first_day,
            reason=reason,
            status=status,
        )
    )


def make_assessment(
    cohort: Cohort | int | None = None,
    *,
    subject: Subject | str = "RCNV",
    period: Period | PeriodCode | str = PeriodCode.S1,
    published: bool = False,
    **overrides: Any,
) -> Assessment:
    """A written assessment out of 20, held on 6 October of the cohort's first year."""
    cohort = make_cohort() if cohort is None else _row(Cohort, cohort)
    values: dict[str, Any] = {
        "cohort": cohort,
        "subject": ensure_subjects()[subject] if isinstance(subject, str) else subject,
        "period": period if isinstance(period, Period) else period_of(cohort, period),
        "title": f"Évaluation {next(_serial)}",
        "held_on": date(cohort.start_year, 10, 6),
        "kind": AssessmentKind.WRITTEN,
        "max_score": Decimal(20),
        "published_at": utc_now() if published else None,
    }
    return _add(Assessment(**(values | overrides)))


def make_grade(
    assessment: Assessment | int | None = None,
    student: Student | int | None = None,
    **overrides: Any,
) -> Grade:
    """A grade of 12 (none when a ``status`` is given) at ``assessment``."""
    assessment = (
        make_assessment() if assessment is None else _row(Assessment, assessment)
    )
    student = (
        make_student(assessment.cohort) if student is None else _row(Student, student)
    )
    score = None if "status" in overrides else Decimal(12)
    values: dict[str, Any] = {
        "assessment": assessment,
        "student": _row(Student, student),
    }
    return _add(Grade(**(values | {"score": score} | overrides)))


def make_grades(
    assessment: Assessment | int, entries: Mapping[int, Entry]
) -> list[Grade]:
    """One grade per student id at ``assessment``: a score or a status."""
    return [
        make_grade(assessment, student_id, score=entry)
        if isinstance(entry, Decimal)
        else make_grade(assessment, student_id, status=entry)
        for student_id, entry in entries.items()
    ]


def make_ccf_situation(
    student: Student | int,
    *,
    unit: str = "U4",
    number: int = 1,
    grade: Decimal | None = None,
    published: bool = False,
    professional: bool = False,
    **overrides: Any,
) -> CcfSituation:
    """A CCF situation with its proposed grade; ``professional`` fills the panel."""
    panel = [
        CcfEvaluator(
            role=EvaluatorRole.PROFESSIONAL,
            name="Mme Leroy",
            organisation="Boulangerie Leroy",
        )
    ]
    values: dict[str, Any] = {
        "student": _row(Student, student),
        "unit": unit,
        "situation_number": number,
        "proposed_grade": grade,
        "state": CcfState.PUBLISHED if published else CcfState.PROPOSED,
        "evaluators": panel if professional else [],
    }
    return _add(CcfSituation(**(values | overrides)))


def make_exam_session(**overrides: Any) -> ExamSession:
    """An open exam session of 2027, jury on 2 July."""
    values = {"year": 2027, "jury_date": date(2027, 7, 2)}
    return _add(ExamSession(**(values | overrides)))


def make_registration(
    student: Student | int, session: ExamSession | int, **overrides: Any
) -> Registration:
    """The student's registration to ``session``, in the global form."""
    values: dict[str, Any] = {
        "student": _row(Student, student),
        "session": _row(ExamSession, session),
        "form": ExamForm.GLOBALE,
    }
    return _add(Registration(**(values | overrides)))


def make_bloc(
    student: Student | int,
    unit: str = "U1",
    grade: Decimal = Decimal(12),
    **overrides: Any,
) -> BlocEntry:
    """A bloc held at the 2024 session, valid through 2029 (R4: five sessions)."""
    values: dict[str, Any] = {
        "student": _row(Student, student),
        "unit": unit,
        "grade": grade,
        "source": BlocSource.SESSION,
        "obtained_session_year": 2024,
        "obtained_on": date(2024, 7, 5),
        "valid_through_session": 2029,
        "valid_until": date(2029, 7, 5),
    }
    return _add(BlocEntry(**(values | overrides)))
