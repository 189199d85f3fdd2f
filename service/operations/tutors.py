"""Company tutors: the director links a tutor account to the apprentices it follows."""

from __future__ import annotations

from http import HTTPStatus

from sqlalchemy import select

from service.extensions import db
from service.models import Role, Student, TutorLink, User
from service.operations.conflicts import flush_unique
from service.problems import Problem

ALREADY_LINKED = "Ce tuteur suit déjà cet apprenti."


def link_tutor(tutor: User, student: Student) -> TutorLink:
    """Let ``tutor`` read ``student``'s record (published data only, R7)."""
    if tutor.role is not Role.TUTOR:
        detail = "Seul un compte de tuteur peut suivre un apprenti."
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, detail, errors={"tutor_id": [detail]}
        )
    link = TutorLink(tutor_id=tutor.id, student_id=student.id)
    db.session.add(link)
    flush_unique("student_id", ALREADY_LINKED)
    return link


def unlink_tutor(tutor: User, student: Student) -> bool:
    """Stop ``tutor`` reading ``student``'s record; False when they were not linked."""
    link = db.session.scalar(
        select(TutorLink).where(
            TutorLink.tutor_id == tutor.id, TutorLink.student_id == student.id
        )
    )
    if link is None:
        return False
    db.session.delete(link)
    db.session.flush()
    return True


def tutored_students(tutor: User) -> list[Student]:
    """Return the apprentices ``tutor`` follows, by name."""
    statement = (
        select(Student)
        .join(TutorLink, TutorLink.student_id == Student.id)
        .where(TutorLink.tutor_id == tutor.id)
        .order_by(Student.last_name, Student.first_name, Student.id)
    )
    return list(db.session.scalars(statement))
