"""Home pages per role and the cohort page."""

from flask import render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from service.access.guard import current_caller
from service.access.rules import EVERYONE_SCOPED, STAFF, Ownership
from service.access.scope import cohort_in_reach, reachable_assessments
from service.extensions import db
from service.models import Assessment, Role, Student
from service.operations.classes import (
    assessment_lines,
    taught_classes,
)
from service.operations.tutors import tutored_students
from service.web.apprentice import render_record
from service.web.blueprint import blueprint
from service.web.dashboard import render_dashboard

RULES = {"web.home": EVERYONE_SCOPED, "web.cohort": STAFF}


@blueprint.get("/")
def home() -> ResponseReturnValue:
    """Show the logged-in user's home page, which depends on their role."""
    caller = current_caller()
    user = caller.user
    if user.role is Role.DIRECTOR:
        return render_dashboard(current_caller())
    if user.role is Role.TRAINER:
        # « Mes classes »: each cohort × subject taught, with what is left to do.
        classes = taught_classes(user.id)
        return render_template("web/trainer/classes.html", classes=classes)
    if user.role is Role.TUTOR:
        students = tutored_students(user)
        return render_template("web/apprentice/tutor_home.html", students=students)
    # The apprentice's home is their record (service/web/apprentice.py).
    student = db.session.scalar(select(Student).where(Student.user_id == user.id))
    if student is None:
        return render_template("web/home_student.html")
    return render_record(caller, student)


@blueprint.get("/classes/<int:cohort_id>")
def cohort(cohort_id: int) -> ResponseReturnValue:
    """A cohort's students, and the classes and assessments the caller reaches.

    A trainer sees only the subjects they teach there, never a colleague's drafts.
    """
    caller = current_caller()
    found = cohort_in_reach(caller, cohort_id)
    trainer_id = None if caller.ownership is Ownership.ALL else caller.user.id
    classes = [c for c in taught_classes(trainer_id) if c.cohort.id == found.id]
    statement = reachable_assessments(caller).where(Assessment.cohort_id == found.id)
    return render_template(
        "web/cohort.html",
        cohort=found,
        classes=classes,
        lines=assessment_lines(statement),
    )
