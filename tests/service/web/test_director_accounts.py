"""The director's accounts page: create, deactivate, reactivate, one-time links."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.extensions import db
from service.models import PasswordReset, Role, User
from tests.service.web.trainer_world import (
    Centre,
    csrf_from,
    log_in,
    read_page,
    visible_text,
)

USERS = "/administration/comptes"
NEW_PASSWORD = "un nouveau mot de passe"


def user_id(app: Flask, email: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.email == email))
        assert found is not None
        return found


def reset_url(client: FlaskClient, token: str, account: int) -> str:
    """Ask for a link as the director; return its path."""
    page = client.post(
        f"{USERS}/{account}/lien-mot-de-passe", data={"csrf_token": token}
    )
    assert page.status_code == 200, page.text
    found = re.search(r'id="reset-url" value="http://[^/]+(/[^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def choose(
    client: FlaskClient, path: str, password: str, confirmation: str = ""
) -> TestResponse:
    form = client.get(path)
    data = {
        "csrf_token": csrf_from(form),
        "new_password": password,
        "confirmation": confirmation or password,
    }
    return client.post(path, data=data)


def can_log_in(app: Flask, email: str, password: str) -> bool:
    with app.test_client() as other:
        token = csrf_from(other.get("/connexion"))
        data = {"csrf_token": token, "email": email, "password": password}
        return other.post("/connexion", data=data).status_code == 302


def test_the_director_lists_the_accounts_and_filters_them(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.director)
    _, text = read_page(client, USERS)
    assert "Julie Martin" in text
    assert "Paul Roux" in text
    assert "Votre compte" in text
    _, text = read_page(client, f"{USERS}?role=trainer&q=roux")
    assert "Paul Roux" in text
    assert "Julie Martin" not in text


def test_a_created_account_logs_in(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    data = {
        "csrf_token": token,
        "display_name": "Nadia Benali",
        "email": "Nadia.Benali@cfa.test",
        "role": "trainer",
        "password": "mot de passe initial",
    }
    response = client.post(USERS, data=data, follow_redirects=True)
    assert "Compte de Nadia Benali créé (nadia.benali@cfa.test)." in visible_text(
        response
    )
    assert can_log_in(app, "nadia.benali@cfa.test", "mot de passe initial")


def test_a_bad_account_form_names_each_field_and_creates_nothing(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    data = {"csrf_token": token, "email": "pas-une-adresse", "role": "chef"}
    response = client.post(USERS, data=data | {"password": "court"})
    assert response.status_code == 422
    text = visible_text(response)
    assert "Adresse e-mail : une adresse valide" in text
    assert "Nom affiché : à remplir." in text
    assert "Rôle : choisissez dans la liste." in text
    assert "Mot de passe initial : entre 12 et 256 caractères." in text
    taken = data | {"email": centre.trainer, "display_name": "X", "role": "trainer"}
    response = client.post(USERS, data=taken | {"password": "x" * 12})
    assert response.status_code == 422
    assert "Un compte existe déjà pour cette adresse e-mail." in visible_text(response)
    with app.app_context():
        assert db.session.scalar(select(User).where(User.display_name == "X")) is None


def test_deactivation_ends_login_and_reactivation_restores_it(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    other = user_id(app, centre.other)
    url = f"{USERS}/{other}/activation"
    response = client.post(url, data={"csrf_token": token, "active": "0"})
    assert response.status_code == 302
    assert not can_log_in(app, centre.other, "correct horse battery")
    client.post(url, data={"csrf_token": token, "active": "1"})
    assert can_log_in(app, centre.other, "correct horse battery")


def test_the_director_cannot_deactivate_herself(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    url = f"{USERS}/{user_id(app, centre.director)}/activation"
    response = client.post(url, data={"csrf_token": token, "active": "0"})
    assert "Vous ne pouvez ni désactiver" in visible_text(client.get(response.location))
    with app.app_context():
        director = db.session.get(User, user_id(app, centre.director))
        assert director is not None
        assert director.active


def test_a_reset_link_works_once_and_is_stored_hashed(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    path = reset_url(client, token, user_id(app, centre.other))
    secret = path.rsplit("/", 1)[1]
    with app.test_client() as visitor:
        assert "paul.roux@cfa.test" in read_page(visitor, path)[1]
        refused = choose(visitor, path, NEW_PASSWORD, "autre chose tapée")
        assert refused.status_code == 422
        assert "La confirmation ne correspond pas." in visible_text(refused)
        done = choose(visitor, path, NEW_PASSWORD)
        assert done.status_code == 302
        assert visitor.get(path).status_code == 404
    assert can_log_in(app, centre.other, NEW_PASSWORD)
    assert not can_log_in(app, centre.other, "correct horse battery")
    with app.app_context():
        stored = db.session.scalars(select(PasswordReset.token_hash)).all()
        assert stored
        assert secret not in stored


def test_a_newer_link_replaces_the_older_and_links_expire(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    other = user_id(app, centre.other)
    first = reset_url(client, token, other)
    second = reset_url(client, token, other)
    page = client.get(first)
    assert page.status_code == 404
    assert "Ce lien n'est plus valable" in visible_text(page)
    with app.app_context():
        reset = db.session.scalars(select(PasswordReset)).one()
        reset.expires_at -= timedelta(hours=25)
        db.session.commit()
    assert client.get(second).status_code == 404


def test_a_deactivated_account_gets_no_link(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    other = user_id(app, centre.other)
    path = reset_url(client, token, other)
    client.post(
        f"{USERS}/{other}/activation", data={"csrf_token": token, "active": "0"}
    )
    assert client.get(path).status_code == 404
    response = client.post(
        f"{USERS}/{other}/lien-mot-de-passe", data={"csrf_token": token}
    )
    assert "Ce compte est désactivé" in visible_text(client.get(response.location))


def test_only_the_director_reaches_the_accounts(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    for email in (centre.trainer, centre.student_emails[0]):
        token = log_in(client, email)
        assert client.get(USERS).status_code == 403
        data = {"csrf_token": token, "display_name": "X", "email": "x@cfa.test"}
        response = client.post(USERS, data=data | {"role": "director"})
        assert response.status_code == 403
        url = f"{USERS}/{user_id(app, centre.other)}/lien-mot-de-passe"
        assert client.post(url, data={"csrf_token": token}).status_code == 403
        client.post("/deconnexion", data={"csrf_token": token})
    with app.app_context():
        assert db.session.scalar(select(User).where(User.role == Role.TUTOR)) is None


def test_the_link_lifetime_is_a_setting_in_seconds(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    app.config["PASSWORD_RESET_LIFETIME"] = 600
    token = log_in(client, centre.director)
    page = client.post(
        f"{USERS}/{user_id(app, centre.other)}/lien-mot-de-passe",
        data={"csrf_token": token},
    )
    assert "une seule fois , pendant 10 min." in visible_text(page)
    with app.app_context():
        reset = db.session.scalars(select(PasswordReset)).one()
        assert reset.expires_at - reset.created_at == timedelta(minutes=10)


def account_of(app: Flask, email: str) -> tuple[str, Role]:
    with app.app_context():
        user = db.session.get(User, user_id(app, email))
        assert user is not None
        return user.display_name, user.role


def test_the_director_renames_an_account_and_changes_its_role(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    account = {"email": "nadia.benali@cfa.test", "password": "mot de passe initial"}
    created = {"display_name": "Nadia Benali", "role": "trainer"} | account
    client.post(USERS, data={"csrf_token": token} | created)
    url = f"{USERS}/{user_id(app, account['email'])}"
    page, _ = read_page(client, url)
    assert 'value="Nadia Benali"' in page.text
    data = {"csrf_token": token, "display_name": "Nadia Benali-Roux", "role": "tutor"}
    response = client.post(url, data=data, follow_redirects=True)
    assert "Compte de Nadia Benali-Roux modifié." in visible_text(response)
    assert account_of(app, account["email"]) == ("Nadia Benali-Roux", Role.TUTOR)


def test_a_role_rows_rely_on_stays_and_each_refusal_names_its_field(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    before = account_of(app, centre.trainer)
    url = f"{USERS}/{user_id(app, centre.trainer)}"
    data = {"csrf_token": token, "display_name": "Autre nom", "role": "student"}
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "Ce formateur a des affectations : retirez-les d'abord." in visible_text(
        response
    )
    response = client.post(url, data=data | {"display_name": "", "role": "chef"})
    text = visible_text(response)
    assert "Nom affiché : à remplir." in text
    assert "Rôle : choisissez dans la liste." in text
    assert account_of(app, centre.trainer) == before
    own = f"{USERS}/{user_id(app, centre.director)}"
    response = client.post(own, data=data | {"display_name": "D", "role": "trainer"})
    assert "Vous ne pouvez ni désactiver votre compte ni changer votre rôle." in (
        visible_text(response)
    )
    assert account_of(app, centre.director)[1] is Role.DIRECTOR
