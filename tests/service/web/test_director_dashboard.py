"""The director's dashboard (her home page): heatmap, at risk, gaps, unpublished."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.service.factories import (
    committed,
    make_assessment,
    make_cohort,
    make_grades,
)
from tests.service.web.trainer_world import Centre, log_in, read_page


@pytest.fixture
def graded(app: Flask, centre: Centre) -> Centre:
    """Alice 15 and Bruno 9 in a published RCNV (U4) test; an unpublished CEF
    dictation where Bruno has no grade; a cohort whose session is over."""
    alice, bruno = centre.student_ids
    with committed(app):
        oral = make_assessment(
            centre.cohort_id, subject="RCNV", title="Oral de vente", published=True
        )
        make_grades(oral, {alice: Decimal(15), bruno: Decimal(9)})
        dictation = make_assessment(centre.cohort_id, subject="CEF", title="Dictée")
        make_grades(dictation, {alice: Decimal("12.5")})
        make_cohort(name="NDRC 2022–2024", start_year=2022, exam_session_year=2024)
    return centre


def cells(page_text: str, name: str) -> list[str]:
    """The heatmap cells of one student's row, as text."""
    row = re.search(
        rf"<tr>\s*<th scope=\"row\"><a [^>]+>{name}</a></th>(.*?)</tr>", page_text, re.S
    )
    assert row, name
    found = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in found]


def test_the_home_page_shows_the_heatmap_with_numbers_and_bands(
    client: FlaskClient, graded: Centre
) -> None:
    log_in(client, graded.director)
    page, text = read_page(client, "/")
    assert "Tableau de bord" in text
    assert "NDRC 2022–2024" not in text  # its session is over
    # U1…U6, then the average; a band is a mark and words, never colour alone.
    alice = cells(page.text, "ARNAUD Alice")
    assert alice[0] == "+ 12,5 (12 et plus)"
    assert alice[3] == "+ 15 (12 et plus)"
    assert alice[1] == "— (pas encore de note)"
    bruno = cells(page.text, "BERNARD Bruno")
    assert bruno[3] == "! 9 (de 8 à moins de 10)"
    assert 'role="region"' in page.text
    assert 'tabindex="0"' in page.text


def test_an_at_risk_student_links_to_the_record_with_why(
    client: FlaskClient, graded: Centre
) -> None:
    log_in(client, graded.director)
    page, text = read_page(client, "/tableau-de-bord")
    bruno = graded.student_ids[1]
    assert "BERNARD Bruno : U4 projetée à 9, sous 10" in text
    assert f'href="/apprentis/{bruno}"' in page.text
    assert "ARNAUD Alice :" not in text


def test_missing_grades_per_trainer_and_unpublished_assessments(
    client: FlaskClient, graded: Centre
) -> None:
    log_in(client, graded.director)
    _, text = read_page(client, "/")
    assert "Julie Martin CEF — Culture et expression française 1 1" in text
    assert "Dictée — CEF — Culture et expression française, S1" in text
    assert "1 évaluation non publiée" in text
    assert "Oral de vente —" not in text


def test_only_the_director_has_the_dashboard(
    client: FlaskClient, graded: Centre
) -> None:
    for email in (graded.trainer, graded.student_emails[0]):
        token = log_in(client, email)
        assert client.get("/tableau-de-bord").status_code == 403
        assert "Tableau de bord" not in client.get("/").text
        client.post("/deconnexion", data={"csrf_token": token})
