"""Year-2 CCF situations: proposed grades, hidden from students until the jury (R7)."""

from datetime import date, timedelta
from typing import Any

from service.demo.context import DemoContext, at, half_points
from service.extensions import db
from service.models import (
    CcfEvaluator,
    CcfSituation,
    CcfState,
    ChangeSource,
    EvaluatorRole,
    HistoryEntity,
    Student,
)
from service.operations.ccf import Proposal
from service.operations.history import (
    Change,
    ChangeContext,
    change_row,
    record_changes,
)

#: Situations held after this day are only scheduled.
LAST_HELD = date(2026, 11, 20)


def add_ccf(demo: DemoContext) -> None:
    """Add U4 and U6 first situations for the second-year cohort, as proposals (R7)."""
    students = demo.students[demo.cohorts[0].name]
    half = len(students) // 2
    situations = []
    for index, student in enumerate(students):
        start = date(2026, 11, 9) + timedelta(days=index % 5)
        situations.append(_situation(demo, student, "U4", start))
        held = date(2026, 11, 16) if index < half else date(2026, 12, 7)
        situations.append(_situation(demo, student, "U6", held))
    db.session.flush()
    record_changes([_proposed(situation) for situation in situations])


def _proposed(situation: CcfSituation) -> dict[str, Any]:
    """The situation's creation in the sealed history (D8)."""
    proposal = Proposal(situation.proposed_grade, situation.comment)
    context = ChangeContext(situation.updated_by_id, ChangeSource.CLI)
    change = Change(
        HistoryEntity.CCF_SITUATION, situation.id, None, proposal.as_history()
    )
    return change_row(context, change, situation.updated_at)


def _situation(
    demo: DemoContext, student: Student, unit: str, held: date
) -> CcfSituation:
    code = "RCNV" if unit == "U4" else "RCAR"
    done = held <= LAST_HELD and demo.rng.random() > 0.05
    grade = half_points(demo.rng.gauss(12, 2.5)) if done else None
    situation = CcfSituation(
        student=student,
        unit=unit,
        situation_number=1,
        held_on=held,
        proposed_grade=grade,
        state=CcfState.PROPOSED,
        updated_by_id=demo.teacher_of[code].id,
        updated_at=at(held),
    )
    situation.evaluators = [
        CcfEvaluator(role=EvaluatorRole.TRAINER, user=demo.teacher_of[code]),
        CcfEvaluator(
            role=EvaluatorRole.PROFESSIONAL,
            name=student.tutor_name,
            organisation=student.employer,
        ),
    ]
    db.session.add(situation)
    return situation
