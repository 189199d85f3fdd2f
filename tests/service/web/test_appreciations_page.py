"""Appreciations page: one per student and period, length checked, never overwritten."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.extensions import db
from service.models import Appreciation, Student
from service.operations.appreciations import AppreciationEntry, save_appreciation
from tests.service.web.trainer_world import Centre, log_in, visible_text


def page_url(centre: Centre, code: str = "RCNV", period: str = "S1") -> str:
    subject_id = centre.subjects[code]
    return (
        f"/classes/{centre.cohort_id}/matieres/{subject_id}/appreciations"
        f"?periode={period}"
    )


def stored(app: Flask) -> dict[tuple[int, int | None], str]:
    """Every appreciation as (student, period) -> text."""
    with app.app_context():
        rows = db.session.scalars(select(Appreciation))
        return {(a.student_id, a.period_id): a.text for a in rows}


def seen_fields(html: str) -> dict[str, str]:
    """The hidden « last written » markers the page sends back."""
    return dict(re.findall(r'name="(seen_\d+)" value="([^"]*)"', html))


def write_as(app: Flask, centre: Centre, student: int, text: str) -> None:
    """Another writer (the director, through the operation) saves meanwhile."""
    with app.app_context():
        row = db.session.get(Student, centre.student_ids[student])
        assert row is not None
        entry = AppreciationEntry(
            centre.subjects["RCNV"], centre.periods["S1"], None, text
        )
        save_appreciation(row, entry, centre.other_id)
        db.session.commit()


def test_a_trainer_writes_one_appreciation_per_student_for_a_period(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    page = client.get(page_url(centre))
    assert page.status_code == 200
    alice, bruno = centre.student_ids
    assert f'<label for="text-{alice}">' in page.text
    assert 'maxlength="1000"' in page.text
    assert "0 / 1000 caractères" in page.text
    body = {"csrf_token": token, **seen_fields(page.text)}
    body |= {f"text_{alice}": "Très bon semestre.", f"text_{bruno}": ""}
    response = client.post(page_url(centre), data=body)
    assert response.status_code == 302
    assert stored(app) == {(alice, centre.periods["S1"]): "Très bon semestre."}
    again = client.get(response.headers["Location"])
    text = visible_text(again)
    assert "1 appréciation enregistrée pour S1." in text
    assert "18 / 1000 caractères" in text
    assert "Julie Martin, le " in text


def test_each_period_has_its_own_appreciation(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    alice = centre.student_ids[0]
    for period, text in (("S1", "Début prometteur."), ("S2", "Confirmé.")):
        page = client.get(page_url(centre, period=period))
        body = {"csrf_token": token, **seen_fields(page.text)}
        client.post(
            page_url(centre, period=period), data=body | {f"text_{alice}": text}
        )
    assert stored(app) == {
        (alice, centre.periods["S1"]): "Début prometteur.",
        (alice, centre.periods["S2"]): "Confirmé.",
    }
    s2 = client.get(page_url(centre, period="S2"))
    assert "Confirmé." in s2.text
    assert "Début prometteur." not in s2.text


def test_a_text_over_the_limit_is_refused_by_the_server_and_kept_on_screen(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    alice, bruno = centre.student_ids
    page = client.get(page_url(centre))
    body = {"csrf_token": token, **seen_fields(page.text)}
    body |= {f"text_{alice}": "x" * 1001, f"text_{bruno}": "Régulier."}
    response = client.post(page_url(centre), data=body)
    assert response.status_code == 422
    text = visible_text(response)
    assert "1000 caractères au plus." in text
    assert "1001 / 1000 caractères" in text
    assert "1 appréciation enregistrée" in text  # the valid one is saved
    assert stored(app) == {(bruno, centre.periods["S1"]): "Régulier."}


def test_one_written_meanwhile_is_shown_beside_the_typed_text(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.trainer)
    alice = centre.student_ids[0]
    page = client.get(page_url(centre))
    write_as(app, centre, 0, "Texte de Paul.")
    body = {"csrf_token": token, **seen_fields(page.text)}
    response = client.post(page_url(centre), data=body | {f"text_{alice}": "Le mien."})
    assert response.status_code == 409
    text = visible_text(response)
    assert "Modifiée entre-temps par Paul Roux" in text
    assert "Texte enregistré : « Texte de Paul. »" in text
    assert "Le mien." in text
    assert stored(app) == {(alice, centre.periods["S1"]): "Texte de Paul."}
    # Sent again from that page, the typed text replaces the other one knowingly.
    body = {"csrf_token": token, **seen_fields(response.text)}
    client.post(page_url(centre), data=body | {f"text_{alice}": "Le mien."})
    assert stored(app) == {(alice, centre.periods["S1"]): "Le mien."}


def test_an_appreciation_cannot_be_emptied(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    write_as(app, centre, 0, "Assidu.")
    token = log_in(client, centre.trainer)
    alice = centre.student_ids[0]
    page = client.get(page_url(centre))
    body = {"csrf_token": token, **seen_fields(page.text)} | {f"text_{alice}": "  "}
    response = client.post(page_url(centre), data=body)
    assert response.status_code == 422
    assert "ne peut pas être vidée" in visible_text(response)
    assert stored(app) == {(alice, centre.periods["S1"]): "Assidu."}


def test_subjects_not_taught_and_unknown_periods_are_out_of_reach(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.trainer)
    assert client.get(page_url(centre, code="RCAR")).status_code == 404
    assert client.get(page_url(centre, period="S9")).status_code == 404
    log_in(client, centre.director)
    assert client.get(page_url(centre, code="RCAR")).status_code == 200


def test_students_cannot_open_the_page(client: FlaskClient, centre: Centre) -> None:
    log_in(client, centre.student_emails[0])
    assert client.get(page_url(centre)).status_code == 403


def test_a_form_without_its_csrf_token_saves_nothing(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.trainer)
    alice = centre.student_ids[0]
    response = client.post(page_url(centre), data={f"text_{alice}": "Sans jeton."})
    assert response.status_code == 403
    assert stored(app) == {}
