"""The planning pages (R8): the director generates a year through the form and its
confirmation, edits a half-day's lessons, adds and deletes half-days; refusals come
back in French beside their field; trainers read the planning of the cohorts they
teach, nobody else's; apprentices and tutors get nothing."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.extensions import db
from service.models import HalfDay, Presence, Role
from tests.service.factories import (
    PASSWORD,
    committed,
    make_cohort,
    make_half_day,
    make_mark,
    make_tutor_link,
    make_user,
)
from tests.service.web.trainer_world import Centre, csrf_from, log_in, read_page

BROCHURE_FORM = {
    "year_of_study": "1",
    "first_monday": "2025-09-08",
    "weeks": "CLCLCL EE CLCLCLC EE LCLCL EE CLCLCL EE CLCLCC",
    "c_days": ["0", "1"],
    "l_days": ["0", "1", "2"],
}


def _planning(centre: Centre) -> str:
    return f"/classes/{centre.cohort_id}/planning"


def _count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(HalfDay.id))) or 0


def _generate(client: FlaskClient, centre: Centre, **changes: object) -> str:
    """Send the form, then confirm; return the confirmation page's text."""
    url = _planning(centre) + "/generer"
    csrf = csrf_from(client.get(url))
    form = BROCHURE_FORM | changes | {"csrf_token": csrf}
    preview = client.post(url, data=form)
    assert preview.status_code == 200, preview.text
    done = client.post(url, data=form | {"confirmer": "1"})
    assert done.status_code == 302, done.text
    return preview.text


def test_the_director_generates_the_brochure_year_through_the_page(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.director)
    _, form = read_page(client, _planning(centre) + "/generer")
    assert "CLCLCL EE" in client.get(_planning(centre) + "/generer").text
    assert "Premier lundi" in form
    preview = _generate(client, centre)
    assert "160 demi-journées seront planifiées, 560 h en tout" in preview
    assert "Aucune demi-journée n'est encore planifiée" in preview
    assert _count(app) == 160
    _, page = read_page(client, _planning(centre) + "?annee=1")
    assert "lun. 8 sept." in page
    assert "Septembre 2025" in page
    assert "RCNV · Relation client et négociation vente 107 h 107 h 0 h" in page
    assert "Total 560 h 560 h" in page
    _, journal = read_page(client, "/journal")
    assert "Génération du planning" in journal


def test_generating_again_names_what_is_replaced(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.director)
    _generate(client, centre)
    preview = _generate(client, centre, weeks="CLCL")
    assert "Les 160 demi-journées déjà planifiées pour l'année 1 seront remplacées" in (
        preview
    )
    assert _count(app) == 2 * 4 + 2 * 6 + 12


def test_a_bad_rhythm_comes_back_beside_its_field(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    csrf = log_in(client, centre.director)
    url = _planning(centre) + "/generer"
    form = BROCHURE_FORM | {
        "csrf_token": csrf,
        "weeks": "CCX",
        "first_monday": "2025-09-09",
    }
    refused = client.post(url, data=form)
    assert refused.status_code == 422
    assert "n&#39;est pas un lundi" in refused.text
    fixed = client.post(url, data=form | {"first_monday": "2025-09-08"})
    assert "Lettre inconnue « X » en semaine 3" in fixed.text
    assert _count(app) == 0


def test_a_year_with_a_roll_call_is_refused_in_french(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    with committed(app):
        half_day = make_half_day(
            centre.cohort_id, centre.trainer_id, day=date(2025, 10, 6)
        )
        make_mark(half_day, centre.student_ids[0])
    csrf = log_in(client, centre.director)
    url = _planning(centre) + "/generer"
    refused = client.post(url, data=BROCHURE_FORM | {"csrf_token": csrf})
    assert refused.status_code == 422
    assert "Appel déjà fait pour 1 demi-journée de cette année" in refused.text
    assert _count(app) == 1


def test_the_director_edits_the_lessons_of_a_half_day(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    with committed(app):
        half_day_id = make_half_day(centre.cohort_id, centre.trainer_id).id
    csrf = log_in(client, centre.director)
    url = f"/demi-journees/{half_day_id}/modifier"
    _, page = read_page(client, url)
    assert "Demi-journée du lun. 5 oct. (matin)" in page
    lessons = {
        "csrf_token": csrf,
        "rows": "3",
        "lesson-0-subject": str(centre.subjects["RCNV"]),
        "lesson-0-trainer": str(centre.trainer_id),
        "lesson-0-minutes": "90",
        "lesson-0-position": "2",
        "lesson-1-subject": str(centre.subjects["CEF"]),
        "lesson-1-trainer": "",
        "lesson-1-minutes": "120",
        "lesson-1-position": "1",
    }
    assert client.post(url, data=lessons).status_code == 302
    _, planning = read_page(client, _planning(centre) + "?annee=2")
    assert "CEF (2 h) · formateur à désigner" in planning
    assert planning.index("CEF (2 h)") < planning.index("RCNV (1,5 h) · Julie Martin")
    too_long = client.post(url, data=lessons | {"lesson-1-minutes": "300"})
    assert too_long.status_code == 422
    assert "Durée : la demi-journée dépasse 6 h en tout." in too_long.text


def test_the_director_adds_then_deletes_a_half_day(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    csrf = log_in(client, centre.director)
    url = _planning(centre) + "/ajouter"
    form = {
        "csrf_token": csrf,
        "day": "2025-11-11",
        "slot": "afternoon",
        "rows": "1",
        "lesson-0-subject": str(centre.subjects["RCAR"]),
        "lesson-0-minutes": "210",
    }
    holiday = client.post(url, data=form)
    assert holiday.status_code == 422
    assert "le 11/11/2025 est férié (Armistice 1918)" in holiday.text
    assert client.post(url, data=form | {"day": "2025-11-12"}).status_code == 302
    with app.app_context():
        half_day_id = db.session.scalar(select(HalfDay.id))
    deleted = client.post(
        f"/demi-journees/{half_day_id}/supprimer", data={"csrf_token": csrf}
    )
    assert deleted.status_code == 302
    assert _count(app) == 0


def test_a_half_day_with_marks_is_not_deleted(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    with committed(app):
        half_day = make_half_day(centre.cohort_id, centre.trainer_id)
        make_mark(half_day, centre.student_ids[0], Presence.ABSENT)
        db.session.flush()
        half_day_id = half_day.id
    csrf = log_in(client, centre.director)
    url = f"/demi-journees/{half_day_id}/supprimer"
    refused = client.post(url, data={"csrf_token": csrf}, follow_redirects=True)
    assert "elle ne peut plus être supprimée" in refused.text
    assert _count(app) == 1


def test_a_trainer_reads_the_planning_of_a_taught_cohort_only(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    with committed(app):
        make_half_day(centre.cohort_id, centre.other_id, day=date(2025, 10, 6))
        elsewhere = make_cohort().id
    log_in(client, centre.trainer)
    _, page = read_page(client, _planning(centre) + "?annee=1")
    assert "lun. 6 oct." in page
    assert "Modifier" not in page
    assert "Générer le planning" not in page
    assert client.get(f"/classes/{elsewhere}/planning").status_code == 404
    assert client.get(_planning(centre) + "/generer").status_code == 403


def test_the_cohort_page_links_to_the_planning(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.trainer)
    page = client.get(f"/classes/{centre.cohort_id}")
    assert f'href="/classes/{centre.cohort_id}/planning"' in page.text


@pytest.mark.parametrize("role", [Role.STUDENT, Role.TUTOR])
def test_apprentices_and_tutors_get_no_planning_page(
    app: Flask, client: FlaskClient, centre: Centre, role: Role
) -> None:
    email = centre.student_emails[0]
    if role is Role.TUTOR:
        with committed(app):
            tutor = make_user(Role.TUTOR, email="tuteur@cfa.test", password=PASSWORD)
            make_tutor_link(tutor, centre.student_ids[0])
        email = "tuteur@cfa.test"
    with committed(app):
        half_day_id = make_half_day(centre.cohort_id, centre.trainer_id).id
    log_in(client, email)
    assert client.get(_planning(centre)).status_code == 403
    assert client.get(f"/demi-journees/{half_day_id}/modifier").status_code == 403
