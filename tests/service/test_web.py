"""The web pages: login, logout and sessions (D1, D2), and each role's home page."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from service.models import GradeStatus, Role, User
from tests.service.factories import (
    PASSWORD,
    make_assessment,
    make_assignment,
    make_cohort,
    make_grade,
    make_student,
    make_user,
)


def csrf_from(page: TestResponse) -> str:
    """The anti-CSRF token of a rendered form."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, "no CSRF token in the page"
    return found.group(1)


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    """Fill in and send the login form."""
    token = csrf_from(client.get("/connexion"))
    data = {"csrf_token": token, "email": email, "password": password}
    return client.post("/connexion", data=data)


def logout(client: FlaskClient) -> TestResponse:
    """Press « Se déconnecter »."""
    token = csrf_from(client.get("/"))
    return client.post("/deconnexion", data={"csrf_token": token})


def test_anonymous_visitors_are_sent_to_the_login_page(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/connexion")


def test_a_wrong_password_is_refused(client: FlaskClient, db_session: Session) -> None:
    make_user(email="f@cfa.test")
    db_session.commit()
    response = login(client, "f@cfa.test", "pas le bon")
    assert response.status_code == 401
    assert "mot de passe incorrect" in response.text
    assert client.get("/").status_code == 302


def test_an_unknown_email_gets_the_same_answer(client: FlaskClient) -> None:
    response = login(client, "personne@cfa.test")
    assert response.status_code == 401
    assert "mot de passe incorrect" in response.text


def test_a_login_form_without_its_csrf_token_is_refused(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(email="f@cfa.test")
    db_session.commit()
    client.get("/connexion")
    data = {"email": "f@cfa.test", "password": PASSWORD}
    assert client.post("/connexion", data=data).status_code == 403


def test_login_never_redirects_to_another_site(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(email="f@cfa.test")
    db_session.commit()
    token = csrf_from(client.get("/connexion"))
    data = {"csrf_token": token, "email": "F@cfa.test ", "password": PASSWORD}
    response = client.post("/connexion?next=//evil.example/x", data=data)
    assert response.headers["Location"] == "/"


def test_a_cookie_replayed_after_logout_is_refused(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    make_user(email="f@cfa.test")
    db_session.commit()
    login(client, "f@cfa.test")
    stolen = client.get_cookie("session")
    assert stolen is not None
    assert logout(client).status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", stolen.value)
    assert replay.get("/").status_code == 302


def test_a_password_change_ends_the_other_sessions(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    make_user(email="f@cfa.test")
    db_session.commit()
    other_device = app.test_client()
    login(client, "f@cfa.test")
    login(other_device, "f@cfa.test")
    token = csrf_from(client.get("/compte/mot-de-passe"))
    new = "un nouveau mot de passe"
    data = {"csrf_token": token, "current_password": PASSWORD}
    data |= {"new_password": new, "confirmation": new}
    assert client.post("/compte/mot-de-passe", data=data).status_code == 302
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302
    assert login(app.test_client(), "f@cfa.test", new).status_code == 302


def test_a_wrong_current_password_or_a_short_one_changes_nothing(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    make_user(email="f@cfa.test")
    db_session.commit()
    login(client, "f@cfa.test")
    token = csrf_from(client.get("/compte/mot-de-passe"))
    new = "un nouveau mot de passe"
    for current, password, message in (
        ("pas le bon mot de passe", new, "Mot de passe actuel incorrect."),
        (PASSWORD, "court", "Entre 12 et 256 caractères"),
    ):
        data = {"csrf_token": token, "current_password": current}
        data |= {"new_password": password, "confirmation": password}
        response = client.post("/compte/mot-de-passe", data=data)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert login(app.test_client(), "f@cfa.test", new).status_code == 401
    assert client.get("/").status_code == 200


def test_a_deactivated_account_loses_its_session(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(email="f@cfa.test")
    db_session.commit()
    login(client, "f@cfa.test")
    user.active = False
    db_session.commit()
    assert client.get("/").status_code == 302
    assert login(client, "f@cfa.test").status_code == 401


def test_an_outdated_password_hash_is_upgraded_at_login(
    client: FlaskClient, db_session: Session
) -> None:
    old = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    user = make_user(email="f@cfa.test")
    user.password_hash = old.hash(PASSWORD)
    db_session.commit()
    assert login(client, "f@cfa.test").status_code == 302
    db_session.refresh(user)
    assert "t=1" in user.password_hash
    assert user.password_hash.startswith("$argon2id$")


def test_the_director_sees_every_cohort_with_its_size(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(Role.DIRECTOR, email="d@cfa.test")
    cohort = make_cohort(name="NDRC 2025–2027")
    for _ in range(3):
        make_student(cohort)
    make_cohort(name="NDRC 2026–2028", start_year=2026, exam_session_year=2028)
    db_session.commit()
    login(client, "d@cfa.test")
    page = client.get("/").text
    assert "NDRC 2025–2027" in page
    assert "NDRC 2026–2028" in page
    assert "<strong>3</strong> apprenti·es" in page
    assert "<strong>0</strong> apprenti·e" in page


def test_a_cohort_page_lists_students_and_assessments(
    client: FlaskClient, db_session: Session
) -> None:
    make_user(Role.DIRECTOR, email="d@cfa.test")
    assessment = make_assessment(title="Simulation de négociation")
    make_student(assessment.cohort, last_name="Guérin", first_name="Maëlys")
    db_session.commit()
    login(client, "d@cfa.test")
    page = client.get(f"/classes/{assessment.cohort_id}")
    assert page.status_code == 200
    assert "GUÉRIN Maëlys" in page.text
    assert "Simulation de négociation" in page.text


def test_a_trainer_sees_their_assignments_and_only_their_cohorts(
    client: FlaskClient, db_session: Session
) -> None:
    trainer = make_user(Role.TRAINER, email="t@cfa.test")
    taught, other = make_cohort(name="Classe A"), make_cohort(name="Classe B")
    make_assignment(trainer, taught)
    db_session.commit()
    login(client, "t@cfa.test")
    home = client.get("/").text
    assert "Classe A" in home
    assert "Relation client et négociation vente" in home
    assert "Classe B" not in home
    assert client.get(f"/classes/{taught.id}").status_code == 200
    # Out of reach answers like a missing row (D11).
    assert client.get(f"/classes/{other.id}").status_code == 404


def test_a_student_sees_only_published_grades(
    client: FlaskClient, db_session: Session
) -> None:
    user = make_user(Role.STUDENT, email="s@cfa.test")
    student = make_student(user=user)
    published_at = datetime(2025, 10, 20, tzinfo=UTC)
    shown = make_assessment(student.cohort, title="Publiée", published_at=published_at)
    absent = make_assessment(student.cohort, title="Absence", published_at=published_at)
    hidden = make_assessment(student.cohort, title="Pas encore publiée")
    make_grade(shown, student, score=Decimal("13.5"))
    make_grade(absent, student, score=None, status=GradeStatus.ABJ)
    make_grade(hidden, student, score=Decimal(4))
    db_session.commit()
    login(client, "s@cfa.test")
    page = client.get("/").text
    assert "13,5 / 20" in page
    assert "Absence justifiée" in page
    assert "Pas encore publiée" not in page
    assert client.get(f"/classes/{student.cohort_id}").status_code == 403


@pytest.mark.parametrize(
    "email", ["directrice@carnet.test", "julien.moreau@carnet.test"]
)
def test_the_demo_centre_can_be_visited(
    app: Flask, client: FlaskClient, db_session: Session, email: str
) -> None:
    result = app.test_cli_runner().invoke(args=["carnet", "demo", "--students", "6"])
    assert result.exit_code == 0, result.output
    assert login(client, email, "carnet-demo").status_code == 302
    assert client.get("/").status_code == 200
    user = db_session.scalar(select(User).where(User.email == email))
    assert user is not None
    page = client.get("/classes/1")
    assert page.status_code == 200
    assert "NDRC 2025–2027" in page.text
