"""Home pages per role and the cohort page."""

from flask import abort, render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from service.access.rules import EVERYONE_SCOPED, STAFF
from service.extensions import db
from service.models import (
    Assessment,
    Cohort,
    Grade,
    Role,
    Student,
    Subject,
    TeachingAssignment,
    User,
)
from service.web.blueprint import blueprint
from service.web.session import current_user, login_required

RULES = {"web.home": EVERYONE_SCOPED, "web.cohort": STAFF}


@blueprint.get("/")
@login_required()
def home() -> ResponseReturnValue:
    """Show the logged-in user's home page, which depends on their role."""
    user = current_user()
    if user.role is Role.DIRECTOR:
        return render_template("web/home_director.html", cohorts=_cohorts_with_sizes())
    if user.role is Role.TRAINER:
        return render_template("web/home_trainer.html", assignments=_assignments(user))
    student = db.session.scalar(select(Student).where(Student.user_id == user.id))
    grades = _published_grades(student) if student else []
    return render_template("web/home_student.html", student=student, grades=grades)


@blueprint.get("/classes/<int:cohort_id>")
@login_required(Role.DIRECTOR, Role.TRAINER)
def cohort(cohort_id: int) -> ResponseReturnValue:
    """List a cohort's students and assessments (its trainers and the director)."""
    found = db.get_or_404(Cohort, cohort_id)
    user = current_user()
    if user.role is Role.TRAINER and not _teaches(user, found):
        abort(403)
    return render_template(
        "web/cohort.html", cohort=found, assessments=_assessments(found)
    )


def _cohorts_with_sizes() -> list[tuple[Cohort, int]]:
    query = (
        select(Cohort, func.count(Student.id))
        .outerjoin(Student, Student.cohort_id == Cohort.id)
        .group_by(Cohort.id)
        .order_by(Cohort.exam_session_year.desc(), Cohort.name)
    )
    return [(row[0], row[1]) for row in db.session.execute(query)]


def _assignments(trainer: User) -> list[tuple[TeachingAssignment, int]]:
    counts = (
        select(func.count(Assessment.id))
        .where(
            Assessment.cohort_id == TeachingAssignment.cohort_id,
            Assessment.subject_id == TeachingAssignment.subject_id,
        )
        .scalar_subquery()
    )
    query = (
        select(TeachingAssignment, counts)
        .join(TeachingAssignment.cohort)
        .join(TeachingAssignment.subject)
        .where(TeachingAssignment.trainer_id == trainer.id)
        .order_by(Cohort.exam_session_year, Subject.position)
    )
    return [(row[0], row[1]) for row in db.session.execute(query)]


def _teaches(trainer: User, cohort: Cohort) -> bool:
    query = select(TeachingAssignment.id).where(
        TeachingAssignment.trainer_id == trainer.id,
        TeachingAssignment.cohort_id == cohort.id,
    )
    return db.session.scalar(query.limit(1)) is not None


def _assessments(cohort: Cohort) -> list[tuple[Assessment, int]]:
    graded = (
        select(func.count(Grade.id))
        .where(Grade.assessment_id == Assessment.id)
        .scalar_subquery()
    )
    query = (
        select(Assessment, graded)
        .join(Assessment.subject)
        .where(Assessment.cohort_id == cohort.id)
        .order_by(Assessment.held_on.desc(), Subject.position)
    )
    return [(row[0], row[1]) for row in db.session.execute(query)]


def _published_grades(student: Student) -> list[Grade]:
    # R7: a student sees formative grades only once the trainer has published them.
    query = (
        select(Grade)
        .join(Grade.assessment)
        .join(Assessment.subject)
        .where(Grade.student_id == student.id, Assessment.published_at.is_not(None))
        .order_by(Subject.position, Assessment.held_on)
    )
    return list(db.session.scalars(query))
