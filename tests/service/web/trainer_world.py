"""A small centre for the trainer pages' tests, with passwords to log in by form.

One cohort with its four periods; ``trainer`` teaches RCNV (U4) and CEF (U1),
``other`` teaches RCAR (U6); two students with accounts; the director.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from service.extensions import db
from service.models import PeriodCode, Role, TeachingAssignment
from tests.service.factories import (
    PASSWORD,
    make_cohort,
    make_student,
    make_user,
    period_of,
    subject,
)


@dataclass(frozen=True)
class Centre:
    """Ids and e-mails of the rows the page tests use."""

    cohort_id: int
    trainer: str
    other: str
    director: str
    trainer_id: int
    other_id: int
    #: Student ids and their accounts' e-mails, in name order.
    student_ids: tuple[int, ...]
    student_emails: tuple[str, ...]
    #: Subject ids by code.
    subjects: dict[str, int]
    #: Period ids by code (S1…S4).
    periods: dict[str, int]


def build_centre(app: Flask) -> Centre:
    """Add the centre and commit it."""
    with app.app_context():
        cohort = make_cohort()
        periods = {code.value: period_of(cohort, code).id for code in PeriodCode}
        trainer = make_user(email="julie.martin@cfa.test", display_name="Julie Martin")
        other = make_user(email="paul.roux@cfa.test", display_name="Paul Roux")
        director = make_user(
            Role.DIRECTOR, email="direction@cfa.test", display_name="Sophie Lefèvre"
        )
        for user, code in ((trainer, "RCNV"), (trainer, "CEF"), (other, "RCAR")):
            db.session.add(
                TeachingAssignment(trainer=user, cohort=cohort, subject=subject(code))
            )
        students = []
        for last, first in (("Arnaud", "Alice"), ("Bernard", "Bruno")):
            account = make_user(Role.STUDENT, email=f"{first.lower()}@cfa.test")
            students.append(
                make_student(
                    cohort,
                    last_name=last,
                    first_name=first,
                    user=account,
                    employer="Boulangerie Leroy",
                    tutor_name="Marc Leroy",
                )
            )
        db.session.commit()
        return Centre(
            cohort_id=cohort.id,
            trainer=trainer.email,
            other=other.email,
            director=director.email,
            trainer_id=trainer.id,
            other_id=other.id,
            student_ids=tuple(s.id for s in students),
            student_emails=tuple(s.user.email for s in students if s.user),
            subjects={code: subject(code).id for code in ("RCNV", "CEF", "RCAR")},
            periods=periods,
        )


def csrf_from(page: TestResponse) -> str:
    """The anti-CSRF token of a rendered form."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, "no CSRF token in the page"
    return found.group(1)


def log_in(client: FlaskClient, email: str) -> str:
    """Log in through the form; return the session's CSRF token."""
    token = csrf_from(client.get("/connexion"))
    data = {"csrf_token": token, "email": email, "password": PASSWORD}
    response = client.post("/connexion", data=data)
    assert response.status_code == 302, response.text
    return csrf_from(client.get("/"))


def read_page(client: FlaskClient, url: str) -> tuple[TestResponse, str]:
    """GET a page that must answer 200: the response and its visible text."""
    page = client.get(url)
    assert page.status_code == 200, page.text
    return page, visible_text(page)


def visible_text(page: TestResponse) -> str:
    """The page's text without tags, spaces collapsed (what a reader sees)."""
    text = re.sub(r"<[^>]+>", " ", page.text)
    return " ".join(html.unescape(text).split())
