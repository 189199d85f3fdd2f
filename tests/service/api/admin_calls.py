"""The administration operations, each with a valid call and the status per role."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Flask
from sqlalchemy import select

from service.extensions import db
from service.models import TeachingAssignment, TutorLink
from tests.service.api.admin_helpers import PASSWORD
from tests.service.api.conftest import World


@dataclass(frozen=True)
class Call:
    """One operation called on one row, and the status expected per role."""

    endpoint: str
    method: str
    #: Formatted with the ids of ``row_ids``.
    path: str
    student: int
    trainer: int
    director: int
    body: Callable[[dict[str, int]], dict[str, Any]] | None = None

    def expected(self, role: str) -> int:
        """Return the status ``role`` must get; a tutor gets what a student gets."""
        return int(getattr(self, "student" if role == "tutor" else role))


def new_student(ids: dict[str, int]) -> dict[str, Any]:
    """A valid new student of cohort A."""
    return {
        "student_number": "E900",
        "cohort_id": ids["cohort_a"],
        "last_name": "Nouvel",
        "first_name": "Élève",
    }


def new_assignment(ids: dict[str, int]) -> dict[str, Any]:
    """A valid new assignment: trainer B teaches CEJM to cohort A."""
    return {
        "trainer_id": ids["trainer_b"],
        "cohort_id": ids["cohort_a"],
        "subject_id": ids["subject_cejm"],
    }


PERIODS = {
    "periods": [
        {"code": "S1", "starts_on": "2026-09-01", "ends_on": "2027-01-31"},
        {"code": "S2", "starts_on": "2027-02-01", "ends_on": "2027-06-30"},
    ]
}
NEW_USER = {
    "email": "nouvelle@carnet.test",
    "display_name": "Nouvelle",
    "role": "trainer",
    "password": "douze caractères",
}
NEW_COHORT = {"name": "NDRC 2028", "start_year": 2028, "exam_session_year": 2030}
NEW_SUBJECT = {"code": "LV2", "name": "Langue vivante 2", "hours_per_year": 36}

CALLS = [
    Call("users.list_users", "GET", "/users", 403, 403, 200),
    Call("users.create_user", "POST", "/users", 403, 403, 201, lambda _: NEW_USER),
    Call("users.get_user", "GET", "/users/{trainer_b}", 403, 403, 200),
    Call(
        "users.update_user",
        "PATCH",
        "/users/{trainer_b}",
        403,
        403,
        200,
        lambda _: {"display_name": "B."},
    ),
    Call(
        "users.reset_password",
        "PUT",
        "/users/{trainer_b}/password",
        403,
        403,
        204,
        lambda _: {"password": "un nouveau secret"},
    ),
    Call(
        "users.change_my_password",
        "PUT",
        "/me/password",
        204,
        204,
        204,
        lambda _: {"current_password": PASSWORD, "new_password": "un autre secret"},
    ),
    Call("cohorts.list_cohorts", "GET", "/cohorts", 200, 200, 200),
    Call(
        "cohorts.create_cohort", "POST", "/cohorts", 403, 403, 201, lambda _: NEW_COHORT
    ),
    Call("cohorts.get_cohort", "GET", "/cohorts/{cohort_a}", 200, 200, 200),
    Call("cohorts.get_cohort", "GET", "/cohorts/{cohort_b}", 404, 404, 200),
    Call(
        "cohorts.update_cohort",
        "PATCH",
        "/cohorts/{cohort_b}",
        403,
        403,
        200,
        lambda _: {"name": "NDRC B"},
    ),
    Call("cohorts.list_periods", "GET", "/cohorts/{cohort_a}/periods", 200, 200, 200),
    Call("cohorts.list_periods", "GET", "/cohorts/{cohort_b}/periods", 404, 404, 200),
    Call(
        "cohorts.replace_periods",
        "PUT",
        "/cohorts/{cohort_b}/periods",
        403,
        403,
        200,
        lambda _: PERIODS,
    ),
    Call("students.list_students", "GET", "/students", 200, 200, 200),
    Call("students.create_student", "POST", "/students", 403, 403, 201, new_student),
    Call("students.get_student", "GET", "/students/{student_alice}", 200, 200, 200),
    Call("students.get_student", "GET", "/students/{student_bruno}", 404, 200, 200),
    Call("students.get_student", "GET", "/students/{student_chloe}", 404, 404, 200),
    Call(
        "students.update_student",
        "PATCH",
        "/students/{student_alice}",
        403,
        403,
        200,
        lambda _: {"employer": "Boulangerie Martin"},
    ),
    Call(
        "students.erase_student",
        "POST",
        "/students/{student_bruno}/erase",
        403,
        403,
        200,
    ),
    Call("subjects.list_subjects", "GET", "/subjects", 200, 200, 200),
    Call("subjects.get_subject", "GET", "/subjects/{subject_cejm}", 200, 200, 200),
    Call(
        "subjects.create_subject",
        "POST",
        "/subjects",
        403,
        403,
        201,
        lambda _: NEW_SUBJECT,
    ),
    Call(
        "subjects.update_subject",
        "PATCH",
        "/subjects/{subject_cejm}",
        403,
        403,
        200,
        lambda _: {"hours_per_year": 90},
    ),
    Call("assignments.list_assignments", "GET", "/assignments", 403, 200, 200),
    Call(
        "assignments.create_assignment",
        "POST",
        "/assignments",
        403,
        403,
        201,
        new_assignment,
    ),
    Call(
        "assignments.delete_assignment",
        "DELETE",
        "/assignments/{assignment_b}",
        403,
        403,
        204,
    ),
    Call("tutor_links.list_tutor_links", "GET", "/tutor-links", 403, 403, 200),
    Call(
        "tutor_links.create_tutor_link",
        "POST",
        "/tutor-links",
        403,
        403,
        201,
        lambda ids: {"tutor_id": ids["tutor"], "student_id": ids["student_bruno"]},
    ),
    Call(
        "tutor_links.delete_tutor_link",
        "DELETE",
        "/tutor-links/{tutor_link}",
        403,
        403,
        204,
    ),
]


class AnyId(dict[str, int]):
    """Every id is 1: enough to match a path against the URL map."""

    def __missing__(self, key: str) -> int:
        return 1


def row_ids(app: Flask, world: World) -> dict[str, int]:
    """Return the ids the table's paths and bodies refer to."""
    with app.app_context():
        assignment_b = db.session.scalar(
            select(TeachingAssignment.id).where(
                TeachingAssignment.trainer_id == world.trainer_b
            )
        )
        tutor_link = db.session.scalar(
            select(TutorLink.id).where(TutorLink.tutor_id == world.tutor)
        )
    assert assignment_b is not None
    assert tutor_link is not None
    return {
        "tutor": world.tutor,
        "tutor_link": tutor_link,
        "trainer_b": world.trainer_b,
        "cohort_a": world.cohort_a,
        "cohort_b": world.cohort_b,
        "subject_cejm": world.subjects["CEJM"],
        "assignment_b": assignment_b,
    } | {f"student_{name}": id_ for name, id_ in world.student_ids.items()}
