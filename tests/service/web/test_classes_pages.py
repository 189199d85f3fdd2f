"""« Mes classes », a class page and the cohort page: each trainer sees their own."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.extensions import db
from service.models import Student
from tests.service.factories import make_assessment, make_grade
from tests.service.web.trainer_world import (
    Centre,
    build_centre,
    log_in,
    read_page,
)


@pytest.fixture
def centre(app: Flask) -> Centre:
    """The small centre with, in RCNV, a published assessment graded for one of
    the two students and a draft; in RCAR (the other trainer's), a draft."""
    centre = build_centre(app)
    with app.app_context():
        cohort = centre.cohort_id
        done = make_assessment(
            cohort,
            subject="RCNV",
            title="Prospection téléphonique",
            published=True,
            coefficient=Decimal("1.5"),
            max_score=Decimal("12.5"),
        )
        make_assessment(cohort, subject="RCNV", title="Négociation filmée")
        make_assessment(cohort, subject="RCAR", title="Brouillon du collègue")
        student = db.session.get_one(Student, centre.student_ids[0])
        make_grade(done, student, score=Decimal("10.25"))
        db.session.commit()
    return centre


def class_url(centre: Centre, code: str) -> str:
    return f"/classes/{centre.cohort_id}/matieres/{centre.subjects[code]}"


def row_of(page: str, name: str) -> str:
    """The visible text of the table row that holds ``name``."""
    for row in re.findall(r"<tr>.*?</tr>", page, flags=re.S):
        if name in row:
            return " ".join(re.sub(r"<[^>]+>", " ", row).split())
    raise AssertionError(f"no row with {name}")


def test_my_classes_counts_drafts_and_missing_grades_of_my_subjects_only(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.trainer)
    page, text = read_page(client, "/")
    assert "Mes classes" in text
    # RCNV: 2 assessments, 1 unpublished, 2 × 2 students − 1 grade = 3 missing.
    rcnv = row_of(page.text, "Relation client et négociation vente")
    assert rcnv.endswith("U4 2 1 3"), rcnv
    cef = row_of(page.text, "Culture et expression française")
    assert cef.endswith("U1 0 0 0"), cef
    assert "animation de réseaux" not in text  # RCAR is the colleague's


def test_a_class_page_lists_only_its_subject_with_each_assessment_state(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.trainer)
    page = client.get(class_url(centre, "RCNV"))
    assert page.status_code == 200
    done = row_of(page.text, "Prospection téléphonique")
    assert done == "Prospection téléphonique S1 06/10/2025 1,5 12,5 1 / 2 Publiée"
    draft = row_of(page.text, "Négociation filmée")
    assert draft.endswith("1 20 0 / 2 Non publiée")
    assert "Brouillon du collègue" not in page.text
    assert "Nouvelle évaluation" in page.text


def test_a_class_page_links_the_class_pages_that_exist(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.trainer)
    page = client.get(class_url(centre, "RCNV")).text
    grid = f"{class_url(centre, 'RCNV')}/notes"
    assert f'href="{grid}"' in page
    assert f'href="{class_url(centre, "RCNV")}/appreciations"' in page


def test_classes_not_taught_answer_like_missing_ones(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.trainer)
    assert client.get(class_url(centre, "RCAR")).status_code == 404
    missing = client.get(f"/classes/{centre.cohort_id}/matieres/999")
    assert missing.status_code == 404
    assert "Page introuvable" in missing.text


def test_the_director_reaches_every_class(client: FlaskClient, centre: Centre) -> None:
    log_in(client, centre.director)
    page = client.get(class_url(centre, "RCAR"))
    assert page.status_code == 200
    assert "Brouillon du collègue" in page.text


def test_the_cohort_page_hides_a_colleague_s_drafts_from_a_trainer(
    app: Flask, centre: Centre
) -> None:
    trainer, director = app.test_client(), app.test_client()
    log_in(trainer, centre.trainer)
    log_in(director, centre.director)
    url = f"/classes/{centre.cohort_id}"
    mine = trainer.get(url).text
    assert "Négociation filmée" in mine
    assert "Brouillon du collègue" not in mine
    assert "Brouillon du collègue" in director.get(url).text


def test_students_reach_no_class_page(client: FlaskClient, centre: Centre) -> None:
    log_in(client, centre.student_emails[0])
    for url in (class_url(centre, "RCNV"), f"/classes/{centre.cohort_id}", "/classes"):
        response = client.get(url)
        assert response.status_code == 403
        assert "Accès refusé" in response.text


def test_the_director_lists_the_cohorts(client: FlaskClient, centre: Centre) -> None:
    log_in(client, centre.director)
    page = client.get("/classes")
    assert page.status_code == 200
    assert re.search(
        r"NDRC[^<]*</a></th>\s*<td[^>]*>\d{4}</td>\s*<td[^>]*>2<", page.text
    )
