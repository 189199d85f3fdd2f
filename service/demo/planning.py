"""The demo cohorts' planning of half-days and their apprentices' contracts."""

import random
from datetime import date, timedelta

from grading.planning import BROCHURE_WEEKS
from service.demo.context import DEMO_SEED, DemoContext
from service.extensions import db
from service.models import Cohort, Contract, ContractType, Student
from service.operations.attendance_planning import generate_planning, make_rhythm

#: The first-year cohort comes on the other days: its C weeks where the second
#: year has L ones (Thursday–Friday), its L weeks where it has C ones
#: (Wednesday–Friday): a trainer is seldom due in both rooms at once (only around
#: evaluations and made-up holidays).
OTHER_WEEKS = BROCHURE_WEEKS.translate(str.maketrans("CL", "LC"))
OTHER_C_DAYS, OTHER_L_DAYS = (3, 4), (2, 3, 4)
FUNDERS = ("OPCO Commerce", "OPCO Commerce", "AKTO", "OPCO EP")
APPRECIATIONS = (
    "Apprenti·e impliqué·e, à l'aise avec la clientèle ; progresse en prospection.",
    "Bonne intégration dans l'équipe, sérieux ; doit gagner en autonomie.",
    "Très bons résultats sur les objectifs de vente du trimestre.",
    "Relation client soignée ; le suivi administratif reste à consolider.",
)


def add_planning(demo: DemoContext) -> None:
    """Add them to the demo centre (flushes, never commits)."""
    second_year, first_year = demo.cohorts
    _generate(second_year, 1)
    _generate(second_year, 2)
    _generate(first_year, 1, other_days=True)
    # A source of its own: the other demo steps draw the same numbers as before.
    rng = random.Random(DEMO_SEED + 14)
    for cohort in (*demo.cohorts, demo.past_cohort):
        if cohort is not None:
            _add_contracts(rng, cohort, demo.students.get(cohort.name, []))
    db.session.flush()


def _generate(cohort: Cohort, year_of_study: int, *, other_days: bool = False) -> None:
    """The brochure's year from the first Monday of September."""
    september = date(cohort.start_year + year_of_study - 1, 9, 1)
    monday = september + timedelta(days=-september.weekday() % 7)
    if other_days:
        rhythm = make_rhythm(monday, OTHER_WEEKS, OTHER_C_DAYS, OTHER_L_DAYS)
    else:
        rhythm = make_rhythm(monday, BROCHURE_WEEKS)
    generate_planning(cohort, year_of_study, rhythm)


def _add_contracts(rng: random.Random, cohort: Cohort, students: list[Student]) -> None:
    """One contract per apprentice over the two years, as their record says."""
    for student in students:
        starts = date(cohort.start_year, 8, 25) + timedelta(days=rng.randint(0, 21))
        appreciation = rng.choice(APPRECIATIONS) if rng.random() < 0.4 else None
        db.session.add(
            Contract(
                student_id=student.id,
                kind=student.contract or ContractType.APPRENTISSAGE,
                starts_on=starts,
                ends_on=date(cohort.exam_session_year, 8, 31),
                employer=student.employer or "Entreprise à préciser",
                tutor_name=student.tutor_name,
                funder=rng.choice(FUNDERS),
                tutor_appreciation=appreciation,
            )
        )
