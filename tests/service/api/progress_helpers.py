"""A class with formative grades, CCF proposals, blocs and results, for progress tests.

Cohort A (Alice, Bruno), S1 and S2 of year 1:

- CEF (U1) S1 « Dissertation » /20 ×1, published: Alice 12, Bruno 8;
- CEF (U1) S1 « Résumé » /10 ×2, published: Alice 7 (14/20), Bruno ABS (0);
- RCNV (U4) S2 « Jeu de rôle » /20, published: Alice 15, Bruno ABJ (left out);
- CEF (U1) S1 « Synthèse » /20, NOT published: Alice 16.87, Bruno 10.93 — the
  formative sentinel;
- Alice's CCF U4: situation 1 = 13.37 (the CCF sentinel), situation 2 = 15.05,
  both proposed (not published).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask import Flask
from sqlalchemy import update

from grading import (
    Candidate,
    Parts,
    Session,
    Situations,
    UnitEntry,
    display,
    evaluate,
    result_to_json,
)
from grading import Grade as UnitGrade
from service.extensions import db
from service.models import (
    Assessment,
    AssessmentKind,
    BlocEntry,
    BlocSource,
    CcfSituation,
    CcfState,
    Decision,
    ExamForm,
    ExamSession,
    Grade,
    GradeStatus,
    Registration,
    RegistrationResult,
    SessionState,
    utc_now,
)
from tests.service.api.conftest import World

CCF_SENTINEL = Decimal("13.37")
CCF_OTHER = Decimal("15.05")
FORMATIVE_SENTINEL = Decimal("16.87")
FORMATIVE_OTHER = Decimal("10.93")

Entry = Decimal | GradeStatus

JURY = date(2027, 7, 2)
SESSION = Session(2027, JURY)
#: Alice's exam this session: her CCF U4 uses the sentinel.
EXAM_UNITS: dict[str, UnitEntry] = {
    "U1": UnitGrade(Decimal("11.5")),
    "U2": UnitGrade(Decimal("12.25")),
    "U3": UnitGrade(Decimal("9.75")),
    "U4": Situations((CCF_SENTINEL, CCF_OTHER)),
    "U5": Parts({"written": Decimal("10.75"), "practical": Decimal("11.25")}),
    "U6": Situations((Decimal("12.5"), Decimal("13.5"))),
}


@dataclass(frozen=True)
class Scenario:
    """Ids of the rows the scenario added."""

    dissertation: int
    resume: int
    role_play: int
    hidden: int
    ccf: tuple[int, int]


def add_assessment(
    world: World,
    subject: str,
    period: str,
    title: str,
    *,
    max_score: Decimal = Decimal(20),
    coefficient: Decimal = Decimal(1),
    published: bool = True,
) -> Assessment:
    """Add an assessment of cohort A (inside an app context) and flush."""
    assessment = Assessment(
        cohort_id=world.cohort_a,
        subject_id=world.subjects[subject],
        period_id=world.periods[world.cohort_a][period],
        title=title,
        held_on=date(2025, 10, 6),
        kind=AssessmentKind.WRITTEN,
        max_score=max_score,
        coefficient=coefficient,
        published_at=utc_now() if published else None,
    )
    db.session.add(assessment)
    db.session.flush()
    return assessment


def add_grades(assessment: Assessment, entries: dict[int, Entry]) -> None:
    """Add one grade per student id: a score or a status."""
    for student_id, entry in entries.items():
        grade = Grade(assessment=assessment, student_id=student_id)
        if isinstance(entry, GradeStatus):
            grade.status = entry
        else:
            grade.score = entry
        db.session.add(grade)
    db.session.flush()


def add_ccf(student_id: int, unit: str, number: int, grade: Decimal) -> int:
    """Add a proposed CCF situation grade and return its id."""
    situation = CcfSituation(
        student_id=student_id,
        unit=unit,
        situation_number=number,
        held_on=date(2026, 3, 2) + timedelta(days=number),
        proposed_grade=grade,
        state=CcfState.PROPOSED,
    )
    db.session.add(situation)
    db.session.flush()
    return situation.id


def build_scenario(app: Flask, world: World) -> Scenario:
    """Add the scenario's rows and commit them."""
    alice = world.student_ids["alice"]
    bruno = world.student_ids["bruno"]
    with app.app_context():
        dissertation = add_assessment(world, "CEF", "S1", "Dissertation")
        add_grades(dissertation, {alice: Decimal(12), bruno: Decimal(8)})
        resume = add_assessment(
            world,
            "CEF",
            "S1",
            "Résumé",
            max_score=Decimal(10),
            coefficient=Decimal(2),
        )
        add_grades(resume, {alice: Decimal(7), bruno: GradeStatus.ABS})
        role_play = add_assessment(world, "RCNV", "S2", "Jeu de rôle")
        add_grades(role_play, {alice: Decimal(15), bruno: GradeStatus.ABJ})
        hidden = add_assessment(world, "CEF", "S1", "Synthèse", published=False)
        add_grades(hidden, {alice: FORMATIVE_SENTINEL, bruno: FORMATIVE_OTHER})
        ccf = (
            add_ccf(alice, "U4", 1, CCF_SENTINEL),
            add_ccf(alice, "U4", 2, CCF_OTHER),
        )
        db.session.commit()
        return Scenario(dissertation.id, resume.id, role_play.id, hidden.id, ccf)


@dataclass(frozen=True)
class Exam:
    """The deliberated (not yet published) session of Alice's cohort."""

    session_id: int
    registration_id: int


def add_deliberated_session(app: Flask, world: World) -> Exam:
    """Add the session with Alice's result and U4 bloc, deliberated but unpublished."""
    result = evaluate(Candidate(SESSION, EXAM_UNITS))
    u4 = result.units["U4"]
    assert u4.grade is not None
    alice = world.student_ids["alice"]
    with app.app_context():
        session = ExamSession(year=2027, jury_date=JURY, state=SessionState.DELIBERATED)
        db.session.add(session)
        db.session.flush()
        registration = Registration(
            student_id=alice, session_id=session.id, form=ExamForm.GLOBALE
        )
        db.session.add(registration)
        db.session.flush()
        db.session.add(
            RegistrationResult(
                registration_id=registration.id,
                decision=Decision(result.decision.value),
                explanation=result_to_json(result),
            )
        )
        db.session.add(
            BlocEntry(
                student_id=alice,
                unit="U4",
                grade=display(u4.grade),
                source=BlocSource.SESSION,
                registration_id=registration.id,
                obtained_session_year=2027,
                obtained_on=JURY,
                valid_through_session=2032,
                valid_until=date(2032, 7, 2),
            )
        )
        db.session.commit()
        return Exam(session.id, registration.id)


def publish_ccf(app: Flask, situation_ids: tuple[int, ...]) -> None:
    """Mark CCF situations published, as the director's publication of results does."""
    with app.app_context():
        db.session.execute(
            update(CcfSituation)
            .where(CcfSituation.id.in_(situation_ids))
            .values(state=CcfState.PUBLISHED)
        )
        db.session.commit()
