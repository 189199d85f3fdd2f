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

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

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
    CcfSituation,
    CcfState,
    Decision,
    GradeStatus,
    RegistrationResult,
    SessionState,
)
from tests.service.api.conftest import World
from tests.service.factories import (
    Entry,
    committed,
    make_assessment,
    make_bloc,
    make_ccf_situation,
    make_exam_session,
    make_grades,
    make_registration,
)

CCF_SENTINEL = Decimal("13.37")
CCF_OTHER = Decimal("15.05")
FORMATIVE_SENTINEL = Decimal("16.87")
FORMATIVE_OTHER = Decimal("10.93")

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


def formative(
    world: World,
    subject: str,
    period: str,
    title: str,
    entries: Mapping[int, Entry],
    *,
    published: bool = True,
    **overrides: Any,
) -> Assessment:
    """An assessment of cohort A (inside an app context) and its grades."""
    assessment = make_assessment(
        world.cohort_a,
        subject=subject,
        period=period,
        title=title,
        published=published,
        **overrides,
    )
    make_grades(assessment, entries)
    return assessment


def ccf(student_id: int, unit: str, number: int, grade: Decimal) -> int:
    """A proposed CCF situation held in March 2026; return its id."""
    held_on = date(2026, 3, 2) + timedelta(days=number)
    situation = make_ccf_situation(
        student_id, unit=unit, number=number, grade=grade, held_on=held_on
    )
    return situation.id


def build_scenario(app: Flask, world: World) -> Scenario:
    """Add the scenario's rows and commit them."""
    alice = world.student_ids["alice"]
    bruno = world.student_ids["bruno"]
    with committed(app):
        dissertation = formative(
            world, "CEF", "S1", "Dissertation", {alice: Decimal(12), bruno: Decimal(8)}
        )
        resume = formative(
            world,
            "CEF",
            "S1",
            "Résumé",
            {alice: Decimal(7), bruno: GradeStatus.ABS},
            max_score=Decimal(10),
            coefficient=Decimal(2),
        )
        role_play = formative(
            world,
            "RCNV",
            "S2",
            "Jeu de rôle",
            {alice: Decimal(15), bruno: GradeStatus.ABJ},
        )
        hidden = formative(
            world,
            "CEF",
            "S1",
            "Synthèse",
            {alice: FORMATIVE_SENTINEL, bruno: FORMATIVE_OTHER},
            published=False,
        )
        ccf_ids = (ccf(alice, "U4", 1, CCF_SENTINEL), ccf(alice, "U4", 2, CCF_OTHER))
        return Scenario(dissertation.id, resume.id, role_play.id, hidden.id, ccf_ids)


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
    with committed(app):
        session = make_exam_session(jury_date=JURY, state=SessionState.DELIBERATED)
        registration = make_registration(alice, session)
        db.session.add(
            RegistrationResult(
                registration_id=registration.id,
                decision=Decision(result.decision.value),
                explanation=result_to_json(result),
            )
        )
        make_bloc(
            alice,
            "U4",
            grade=display(u4.grade),
            registration=registration,
            obtained_session_year=2027,
            obtained_on=JURY,
            valid_through_session=2032,
            valid_until=date(2032, 7, 2),
        )
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
