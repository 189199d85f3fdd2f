"""CCF pages: the trainer's units only; proposals hidden from students (R7)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.access.guard import access_rules
from service.extensions import db
from service.models import (
    CcfSituation,
    ChangeSource,
    EvaluatorRole,
    GradeHistory,
    HistoryEntity,
    Role,
)
from tests.service.api.grade_helpers import add_situation
from tests.service.web.trainer_world import (
    Centre,
    log_in,
    read_page,
    visible_text,
)

#: A proposal no student page may show before the jury publishes (R7).
SECRET_COMMENT = "Négociation remarquable, proposition confidentielle"


def situation_url(centre: Centre, number: int = 2, student: int = 0) -> str:
    student_id = centre.student_ids[student]
    return f"/classes/{centre.cohort_id}/ccf/{student_id}/U4/{number}"


def new_situation(token: str, **overrides: str) -> dict[str, str]:
    """The creation form as a trainer fills it."""
    return {
        "csrf_token": token,
        "held_on": "2026-03-10",
        "trainer_1": "",
        "professional_name": "Marc Leroy",
        "professional_organisation": "Boulangerie Leroy",
        "proposed_grade": "15,5",
        "comment": SECRET_COMMENT,
    } | overrides


def stored(app: Flask) -> list[CcfSituation]:
    with app.app_context():
        rows = db.session.scalars(select(CcfSituation).order_by(CcfSituation.id))
        return [
            (s.unit, s.situation_number, s.proposed_grade, s.comment, s.version)
            for s in rows
        ]


def test_a_trainer_sees_only_the_ccf_units_they_teach_each_marked_hidden(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    add_situation(app, centre.student_ids[0], grade=Decimal("13.5"))
    log_in(client, centre.trainer)
    _, text = read_page(client, f"/classes/{centre.cohort_id}/ccf")
    assert "U4 · Relation client et négociation vente" in text
    assert "U6" not in text  # taught by the other trainer; U1 is not a CCF unit
    assert "13,5 / 20" in text
    assert "Mme Leroy (Boulangerie Leroy) · professionnel·le" in text
    assert text.count("Masquée aux apprenti·es") == 2  # the notice and the situation
    # R1: two situations per student in U4, entered or still to enter.
    assert text.count("Saisir la situation") == 3


def test_the_director_sees_both_ccf_units(client: FlaskClient, centre: Centre) -> None:
    log_in(client, centre.director)
    text = visible_text(client.get(f"/classes/{centre.cohort_id}/ccf"))
    assert "U4 · Relation" in text
    assert "U6 · Relation client et animation de réseaux" in text


def test_a_trainer_enters_a_situation_with_its_panel_and_a_french_grade(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    form = client.get(situation_url(centre))
    assert "Masquée aux apprenti·es" in form.text
    assert 'value="Marc Leroy"' in form.text  # the tutor, proposed as professional
    body = new_situation(token, trainer_1=str(centre.trainer_id))
    response = client.post(situation_url(centre), data=body)
    assert response.status_code == 302
    assert stored(app) == [("U4", 2, Decimal("15.5"), SECRET_COMMENT, 1)]
    with app.app_context():
        situation = db.session.scalars(select(CcfSituation)).one()
        panel = {(e.role, e.user_id, e.name) for e in situation.evaluators}
        history = db.session.scalars(select(GradeHistory)).one()
    assert panel == {
        (EvaluatorRole.TRAINER, centre.trainer_id, None),
        (EvaluatorRole.PROFESSIONAL, None, "Marc Leroy"),
    }
    assert (history.entity, history.source) == (
        HistoryEntity.CCF_SITUATION,
        ChangeSource.WEB,
    )
    listing = visible_text(client.get(response.headers["Location"]))
    assert "Situation 2 de U4 enregistrée pour ARNAUD Alice." in listing
    assert "15,5 / 20" in listing
    assert "Julie Martin · formateur·rice" in listing


@pytest.mark.parametrize(
    "case",
    [
        ("proposed_grade", "21", "hors de l'intervalle"),
        ("proposed_grade", "12,345", "plus de deux décimales"),
        ("proposed_grade", "ABS", "les codes ABS, ABJ, DISP et NN ne s'appliquent pas"),
        ("professional_name", "", "Indiquez le nom du professionnel."),
        ("held_on", "", "Indiquez la date de la situation."),
        ("trainer_1", "", "Choisissez au moins un·e formateur·rice du jury."),
        ("comment", "x" * 1001, "1000 caractères au plus."),
    ],
)
def test_a_bad_field_is_named_and_nothing_is_written(
    app: Flask,
    client: FlaskClient,
    centre: Centre,
    case: tuple[str, str, str],
) -> None:
    field, value, message = case
    token = log_in(client, centre.trainer)
    body = new_situation(token, trainer_1=str(centre.trainer_id)) | {field: value}
    response = client.post(situation_url(centre), data=body)
    assert response.status_code == 422
    assert message in visible_text(response)
    assert f'aria-describedby="erreur-{field}"' in response.text
    assert stored(app) == []


def test_an_unknown_account_cannot_sit_on_a_panel(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    body = new_situation(token, trainer_1=str(centre.trainer_id), trainer_2="999")
    response = client.post(situation_url(centre), data=body)
    assert response.status_code == 422
    assert "Formateur inconnu." in response.text
    assert stored(app) == []


def test_a_trainer_changes_a_proposal_at_the_version_they_read(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    add_situation(app, centre.student_ids[0], grade=Decimal(12))
    token = log_in(client, centre.trainer)
    form = client.get(situation_url(centre, number=1))
    assert 'name="version" value="1"' in form.text
    assert 'value="12"' in form.text
    body = {"csrf_token": token, "version": "1", "proposed_grade": "14.5"}
    response = client.post(situation_url(centre, number=1), data=body)
    assert response.status_code == 302
    assert stored(app) == [("U4", 1, Decimal("14.5"), None, 2)]


def test_a_proposal_changed_meanwhile_shows_both_values_and_overwrites_nothing(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    add_situation(app, centre.student_ids[0], grade=Decimal(12))
    token = log_in(client, centre.trainer)
    client.post(
        situation_url(centre, number=1),
        data={"csrf_token": token, "version": "1", "proposed_grade": "13"},
    )
    stale = {"csrf_token": token, "version": "1", "proposed_grade": "16,5"}
    response = client.post(situation_url(centre, number=1), data=stale)
    assert response.status_code == 412
    text = visible_text(response)
    assert "Modifiée entre-temps par Julie Martin" in text
    assert "Valeur enregistrée : 13 / 20" in text
    assert "Votre saisie : 16,5 / 20" in text
    assert 'name="version" value="2"' in response.text
    assert stored(app) == [("U4", 1, Decimal(13), None, 2)]


def test_a_published_situation_is_read_only(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    add_situation(app, centre.student_ids[0], grade=Decimal(11), published=True)
    token = log_in(client, centre.trainer)
    page = client.get(situation_url(centre, number=1))
    assert "Publiée par le jury" in page.text
    assert 'name="proposed_grade"' not in page.text
    body = {"csrf_token": token, "version": "1", "proposed_grade": "18"}
    response = client.post(situation_url(centre, number=1), data=body)
    assert response.status_code == 409
    assert stored(app) == [("U4", 1, Decimal(11), None, 1)]


def test_units_and_cohorts_not_taught_are_out_of_reach(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.other)  # teaches U6 only
    assert client.get(situation_url(centre)).status_code == 404
    assert client.get(f"/classes/{centre.cohort_id + 1}/ccf").status_code == 404


def test_a_unit_outside_ccf_or_a_missing_situation_number_is_refused(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.director)
    student_id = centre.student_ids[0]
    base = f"/classes/{centre.cohort_id}/ccf/{student_id}"
    assert client.get(f"{base}/U5/1").status_code == 422
    assert client.get(f"{base}/U4/3").status_code == 422


def test_students_cannot_open_the_ccf_pages(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.student_emails[0])
    assert client.get(f"/classes/{centre.cohort_id}/ccf").status_code == 403
    assert client.get(situation_url(centre)).status_code == 403


def test_no_student_page_shows_a_proposal_before_the_jury_publishes(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    """R7: the trainer's proposal reaches none of the student's pages."""
    token = log_in(client, centre.trainer)
    body = new_situation(
        token, trainer_1=str(centre.trainer_id), proposed_grade="17,25"
    )
    assert client.post(situation_url(centre), data=body).status_code == 302
    client.post("/deconnexion", data={"csrf_token": token})
    log_in(client, centre.student_emails[0])
    pages = student_pages(app)
    assert "web.home" in pages
    for path in pages.values():
        response = client.get(path)
        assert response.status_code == 200, path
        assert "17,25" not in response.text, path
        assert "17.25" not in response.text, path
        assert SECRET_COMMENT not in response.text, path


def student_pages(app: Flask) -> dict[str, str]:
    """Every page (no URL parameter) that a student may open, by endpoint."""
    with app.test_request_context():
        rules = access_rules()
        return {
            rule.endpoint: rule.rule
            for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("web.")
            and "GET" in (rule.methods or ())
            and not rule.arguments
            and (found := rules.get(rule.endpoint)) is not None
            and not found.public
            and found.ownership_for(Role.STUDENT) is not None
        }


def test_the_jury_state_is_what_the_badge_says(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    add_situation(app, centre.student_ids[0], grade=Decimal(10), published=True)
    add_situation(app, centre.student_ids[1], grade=Decimal(9))
    log_in(client, centre.trainer)
    text = visible_text(client.get(f"/classes/{centre.cohort_id}/ccf"))
    assert text.count("Publiée par le jury") == 1
    assert text.count("Masquée aux apprenti·es jusqu'à la publication du jury") == 1
