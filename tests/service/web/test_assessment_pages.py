"""Assessment pages: create, edit, publish and lock through the forms (R7, T07)."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.extensions import db
from service.models import Assessment, AuditEvent, Student
from tests.service.factories import make_assessment, make_grade
from tests.service.web.trainer_world import Centre, log_in, visible_text


def new_url(centre: Centre, code: str = "RCNV") -> str:
    subject_id = centre.subjects[code]
    return f"/classes/{centre.cohort_id}/matieres/{subject_id}/evaluations/nouvelle"


def fields(centre: Centre, **changes: str) -> dict[str, str]:
    """A valid form, S1, with ``changes``."""
    values = {
        "title": "Négociation filmée",
        "held_on": "2025-11-14",
        "kind": "oral",
        "period_id": str(centre.periods["S1"]),
        "max_score": "20",
        "coefficient": "1",
    }
    return values | changes


def stored(app: Flask, **where: Any) -> list[Assessment]:
    with app.app_context():
        found = db.session.scalars(select(Assessment).filter_by(**where)).all()
        db.session.expunge_all()
        return list(found)


def add_assessment(app: Flask, centre: Centre, **values: Any) -> int:
    with app.app_context():
        assessment = make_assessment(centre.cohort_id, subject="RCNV", **values)
        db.session.commit()
        return assessment.id


def error_of(page: str, name: str) -> str:
    """The error shown under field ``name`` (its input is marked invalid)."""
    found = re.search(rf'<p class="field-error" id="f-{name}-error">([^<]*)</p>', page)
    assert found, f"no error under {name}"
    tag = re.search(rf'<(?:input|select)[^>]*id="f-{name}"[^>]*>', page)
    assert tag
    assert 'aria-invalid="true"' in tag.group(0)
    return html.unescape(found.group(1))


def test_a_trainer_creates_an_assessment_typed_the_french_way(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    form = client.get(new_url(centre))
    assert form.status_code == 200
    labels = re.findall(r'<label for="f-(\w+)">([^<]+)</label>', form.text)
    assert [(name, html.unescape(text)) for name, text in labels] == [
        ("title", "Intitulé"),
        ("held_on", "Date"),
        ("period_id", "Période"),
        ("kind", "Type d'évaluation"),
        ("max_score", "Noté sur"),
        ("coefficient", "Coefficient"),
    ]
    data = fields(centre, max_score="12,5", coefficient="1.5", held_on="14/11/2025")
    response = client.post(new_url(centre), data=data | {"csrf_token": token})
    assert response.status_code == 302
    (created,) = stored(app, title="Négociation filmée")
    assert (created.max_score, created.coefficient) == (Decimal("12.5"), Decimal("1.5"))
    assert created.published_at is None
    assert not created.locked
    page = client.get(response.headers["Location"])
    assert "Évaluation « Négociation filmée » créée, non publiée." in page.text
    edit = client.get(f"/evaluations/{created.id}").text
    assert 'value="12,5"' in edit
    assert 'value="1,5"' in edit


@pytest.mark.parametrize(
    "case",
    [
        ({"title": " "}, "title", "Donnez un intitulé."),
        ({"max_score": "12,345"}, "max_score", "plus de deux décimales"),
        ({"max_score": "0"}, "max_score", "Entre 0,01 et 1000"),
        ({"coefficient": "beaucoup"}, "coefficient", "n'est pas un nombre"),
        ({"held_on": "31/02/2025"}, "held_on", "n'est pas une date"),
        ({"period_id": "999"}, "period_id", "Choisissez une période"),
        ({"kind": "devinette"}, "kind", "Choisissez un type"),
    ],
)
def test_a_bad_field_gets_its_error_beside_it_and_nothing_is_created(
    app: Flask,
    client: FlaskClient,
    centre: Centre,
    case: tuple[dict[str, str], str, str],
) -> None:
    changes, field, message = case
    token = log_in(client, centre.trainer)
    data = fields(centre, **changes) | {"csrf_token": token}
    response = client.post(new_url(centre), data=data)
    assert response.status_code == 422
    assert message in error_of(response.text, field)
    assert "corrigez le champ signalé" in response.text
    assert stored(app) == []


def test_a_period_of_another_cohort_is_refused_by_the_operation(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    with app.app_context():
        other = make_assessment(title="Ailleurs")
        db.session.commit()
        foreign_period = str(other.period_id)
    response = client.post(
        f"/evaluations/{add_assessment(app, centre, title='Ici')}",
        data=fields(centre, period_id=foreign_period) | {"csrf_token": token},
    )
    assert response.status_code == 422
    assert "Choisissez une période de cette classe." in response.text


def test_the_maximum_never_drops_below_a_score_given(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    assessment_id = add_assessment(app, centre, title="Oral")
    with app.app_context():
        student = db.session.get_one(Student, centre.student_ids[0])
        make_grade(assessment_id, student, score=Decimal(15))
        db.session.commit()
    data = fields(centre, title="Oral", max_score="10") | {"csrf_token": token}
    response = client.post(f"/evaluations/{assessment_id}", data=data)
    assert response.status_code == 409
    assert "Inférieur à une note saisie" in error_of(response.text, "max_score")
    assert stored(app, id=assessment_id)[0].max_score == Decimal(20)


def test_publishing_shows_the_assessment_and_its_grades_to_the_students(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    assessment_id = add_assessment(app, centre, title="Prospection")
    with app.app_context():
        student = db.session.get_one(Student, centre.student_ids[0])
        make_grade(assessment_id, student, score=Decimal("13.5"))
        db.session.commit()
    learner = Flask.test_client(app)
    log_in(learner, centre.student_emails[0])
    assert "Prospection" not in learner.get("/").text
    token = log_in(client, centre.trainer)
    page = client.get(f"/evaluations/{assessment_id}").text
    assert "Non publiée : les apprenti·es ne la voient pas encore." in page
    response = client.post(
        f"/evaluations/{assessment_id}/publier", data={"csrf_token": token}
    )
    assert response.status_code == 302
    assert "est publiée" in client.get(response.headers["Location"]).text
    assert stored(app, id=assessment_id)[0].published_at is not None
    home = visible_text(learner.get("/"))
    assert "Prospection" in home
    assert "13,5 / 20" in home


def test_a_locked_assessment_is_read_only_and_says_why(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    assessment_id = add_assessment(app, centre, title="Étude de cas")
    url = f"/evaluations/{assessment_id}"
    assert (
        client.post(f"{url}/verrouiller", data={"csrf_token": token}).status_code == 302
    )
    page = client.get(url)
    text = visible_text(page)
    assert "Lecture seule : évaluation verrouillée" in text
    assert re.search(
        r"Verrouillée par Julie Martin le \d\d/\d\d/\d{4} à \d\dh\d\d", text
    )
    assert "Seule la direction peut la rouvrir" in text
    assert '<fieldset class="bare" disabled>' in page.text
    assert "Publier aux apprenti·es" not in page.text
    refused = client.post(
        url, data=fields(centre, title="Autre") | {"csrf_token": token}
    )
    assert refused.status_code == 409
    assert "est verrouillée : seule la direction peut la rouvrir." in refused.text
    publish = client.post(f"{url}/publier", data={"csrf_token": token})
    assert publish.status_code == 409
    (kept,) = stored(app, id=assessment_id)
    assert (kept.title, kept.published_at) == ("Étude de cas", None)
    with app.app_context():
        outcomes = db.session.scalars(
            select(AuditEvent.outcome).where(AuditEvent.target_id == assessment_id)
        ).all()
    assert outcomes == ["accepted", "refused_locked", "refused_locked"]


def test_the_director_reopens_a_locked_assessment_with_a_reason(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    assessment_id = add_assessment(app, centre, title="Bilan", locked=True)
    token = log_in(client, centre.director)
    url = f"/evaluations/{assessment_id}/rouvrir"
    short = client.post(url, data={"csrf_token": token, "reason": "x"})
    assert short.status_code == 422
    assert "Donnez la raison" in short.text
    assert stored(app, id=assessment_id)[0].locked
    reason = "Note d'Alice oubliée"
    assert (
        client.post(url, data={"csrf_token": token, "reason": reason}).status_code
        == 302
    )
    assert not stored(app, id=assessment_id)[0].locked


def test_a_trainer_reopens_nothing(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    assessment_id = add_assessment(app, centre, title="Bilan", locked=True)
    token = log_in(client, centre.trainer)
    data = {"csrf_token": token, "reason": "Je voudrais corriger"}
    assert (
        client.post(f"/evaluations/{assessment_id}/rouvrir", data=data).status_code
        == 403
    )
    assert stored(app, id=assessment_id)[0].locked


def test_another_trainer_s_assessments_are_out_of_reach(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    assessment_id = add_assessment(app, centre, title="Chez Julie")
    token = log_in(client, centre.other)
    assert client.get(f"/evaluations/{assessment_id}").status_code == 404
    for action in ("publier", "verrouiller"):
        url = f"/evaluations/{assessment_id}/{action}"
        assert client.post(url, data={"csrf_token": token}).status_code == 404
    assert client.get(new_url(centre)).status_code == 404
    data = fields(centre) | {"csrf_token": token}
    assert client.post(new_url(centre), data=data).status_code == 404
    (kept,) = stored(app)
    assert (kept.published_at, kept.locked) == (None, False)


def test_a_form_without_its_csrf_token_changes_nothing(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    assessment_id = add_assessment(app, centre, title="Sans jeton")
    log_in(client, centre.trainer)
    assert client.post(new_url(centre), data=fields(centre)).status_code == 403
    assert client.post(f"/evaluations/{assessment_id}/publier").status_code == 403
    assert [a.title for a in stored(app)] == ["Sans jeton"]
    assert stored(app)[0].published_at is None


def test_the_assessment_page_lists_each_grade_with_a_link_to_its_history(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    assessment_id = add_assessment(app, centre)
    first, second = centre.student_ids[:2]
    with app.app_context():
        grade = make_grade(assessment_id, first, score=Decimal("13.5"))
        make_grade(assessment_id, second, status="ABS")
        db.session.commit()
        grade_id = grade.id
    log_in(client, centre.trainer)
    page = client.get(f"/evaluations/{assessment_id}")
    text = visible_text(page)
    assert "13,5 / 20" in text
    assert "Absent·e" in text
    links = re.findall(r'href="(/notes/\d+/historique)"', page.text)
    assert len(links) == 2
    assert f"/notes/{grade_id}/historique" in links
    assert client.get(links[0]).status_code == 200
