"""Year-2 CCF situations: proposed grades, hidden from students until the jury (R7)."""

from datetime import date, timedelta

from service.demo.context import DemoContext, at, half_points
from service.extensions import db
from service.models import CcfEvaluator, CcfSituation, CcfState, EvaluatorRole, Student

#: Situations held after this day are only scheduled.
LAST_HELD = date(2026, 11, 20)


def add_ccf(demo: DemoContext) -> None:
    """Add U4 and U6 first situations for the second-year cohort, as proposals (R7)."""
    students = demo.students[demo.cohorts[0].name]
    half = len(students) // 2
    for index, student in enumerate(students):
        _situation(demo, student, "U4", date(2026, 11, 9) + timedelta(days=index % 5))
        held = date(2026, 11, 16) if index < half else date(2026, 12, 7)
        _situation(demo, student, "U6", held)
    db.session.flush()


def _situation(demo: DemoContext, student: Student, unit: str, held: date) -> None:
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
