"""The director's « avis de l'équipe pédagogique » pages (R8, R3.8, issue 15):
the avis typed on the page reaches the livret; a bad one is refused beside its
field; only the director reaches them; a published session reads only; the jury
president's examination; « Enregistrer et suivant »."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from importers.livret_blocks import ENGAGEMENT_LABEL
from service.extensions import db
from service.models import (
    AuditEvent,
    Cohort,
    ExamSession,
    LivretAvis,
    Role,
    SessionState,
)
from service.operations.exports.files import livret_file
from tests.importers.export_checks import find, load
from tests.service.factories import (
    make_exam_session,
    make_registration,
    make_student,
    make_tutor_link,
    make_user,
)
from tests.service.web.trainer_world import Centre, log_in, read_page, visible_text

ENGAGEMENT = "Moteur dans les projets de l'agence, toujours volontaire."
TUTOR = "tuteur.alice@entreprise.test"


@pytest.fixture
def session_id(app: Flask, centre: Centre) -> int:
    """An open 2027 session with both students of the centre as candidates."""
    with app.app_context():
        session = make_exam_session()
        for student_id in centre.student_ids:
            make_registration(student_id, session)
        db.session.commit()
        return session.id


@pytest.fixture
def director(client: FlaskClient, centre: Centre) -> str:
    """The director logged in; the session's CSRF token."""
    return log_in(client, centre.director)


def avis_url(session_id: int, student_id: int | None = None) -> str:
    base = f"/sessions/{session_id}/avis"
    return base if student_id is None else f"{base}/{student_id}"


def send_avis(
    client: FlaskClient, token: str, url: str, avis: str, **extra: str
) -> Any:
    data = {"csrf_token": token, "avis": avis, "comment": "", "engagement": ""}
    return client.post(url, data=data | extra)


def error_of(page: str, name: str) -> str:
    found = re.search(rf'<p class="field-error" id="f-{name}-error">([^<]*)</p>', page)
    assert found, f"no error under {name}"
    return html.unescape(found.group(1))


def stored(app: Flask) -> list[tuple[int, str, str | None, bool]]:
    """Every avis: (student, avis, engagement, examined)."""
    with app.app_context():
        rows = db.session.scalars(select(LivretAvis).order_by(LivretAvis.student_id))
        return [
            (r.student_id, r.avis, r.engagement, r.examined_at is not None)
            for r in rows
        ]


def cohort_name(app: Flask, centre: Centre) -> str:
    with app.app_context():
        cohort = db.session.get(Cohort, centre.cohort_id)
        assert cohort is not None
        return cohort.name


def actions(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action)))


def test_an_avis_saved_on_the_page_is_in_the_livret(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    alice = centre.student_ids[0]
    _, text = read_page(client, avis_url(session_id))
    assert "à saisir" in text
    page, _ = read_page(client, avis_url(session_id, alice))
    assert 'type="radio" name="avis" value="Très favorable"' in page.text
    answer = send_avis(
        client,
        director,
        avis_url(session_id, alice),
        "Très favorable",
        comment="Sérieuse et constante.",
        engagement=ENGAGEMENT,
    )
    assert answer.status_code == 302
    _, text = read_page(client, answer.headers["Location"])
    assert "Avis de ARNAUD Alice enregistré." in text
    # The list: her avis, the engagement shortened, and the cotation (1 of 2).
    assert "Très favorable" in text
    assert "Moteur dans les projets" in text
    assert f"{cohort_name(app, centre)} : 2 candidats" in text
    assert re.search(r"Très favorable 1 50 Favorable 0 0", text)
    assert stored(app) == [(alice, "Très favorable", ENGAGEMENT, False)]
    assert actions(app) == ["livret.avis"]
    with app.app_context():
        cohort = db.session.get(Cohort, centre.cohort_id)
        session = db.session.get(ExamSession, session_id)
        assert cohort is not None
        data = livret_file(cohort, app.config, session).data
    sheet = load(data)["01 ARNAUD Alice"]
    row, column = find(sheet, ENGAGEMENT_LABEL)
    assert sheet.cell(row=row, column=column + 2).value == ENGAGEMENT
    row, column = find(sheet, "Très favorable")
    assert sheet.cell(row=row, column=column - 1).value == "X"
    find(sheet, "Sérieuse et constante.")


def test_a_bad_avis_is_refused_beside_its_field_and_nothing_is_written(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    url = avis_url(session_id, centre.student_ids[0])
    answer = send_avis(client, director, url, "Excellent", engagement=ENGAGEMENT)
    assert answer.status_code == 422
    assert "Choisissez parmi : Très favorable" in error_of(answer.text, "avis")
    assert "L'avis n'est pas enregistré" in visible_text(answer)
    assert ENGAGEMENT in html.unescape(answer.text)  # what was typed comes back
    answer = send_avis(client, director, url, "Favorable", engagement="x" * 2001)
    assert answer.status_code == 422
    assert error_of(answer.text, "engagement") == (
        "Motivation et engagement : 2000 caractères au plus."
    )
    assert stored(app) == []
    assert actions(app) == []


@pytest.mark.parametrize("who", ["trainer", "student", "tutor"])
def test_only_the_director_reaches_the_avis(
    app: Flask, client: FlaskClient, centre: Centre, session_id: int, who: str
) -> None:
    alice = centre.student_ids[0]
    if who == "tutor":
        with app.app_context():
            make_tutor_link(make_user(Role.TUTOR, email=TUTOR), alice)
            db.session.commit()
    email = {"trainer": centre.trainer, "student": centre.student_emails[0]}
    token = log_in(client, email.get(who, TUTOR))
    assert client.get(avis_url(session_id)).status_code == 403
    assert client.get(avis_url(session_id, alice)).status_code == 403
    url = avis_url(session_id, alice)
    assert send_avis(client, token, url, "Favorable").status_code == 403
    answer = client.post(f"{url}/examen", data={"csrf_token": token})
    assert answer.status_code == 403
    assert stored(app) == []


def test_a_student_not_a_candidate_is_a_french_404(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    with app.app_context():
        cohort = db.session.get(Cohort, centre.cohort_id)
        outsider = make_student(cohort, last_name="Colin", first_name="Chloé").id
        db.session.commit()
    for url in (avis_url(session_id, outsider), avis_url(999, centre.student_ids[0])):
        answer = client.get(url)
        assert answer.status_code == 404
        assert "introuvable" in visible_text(answer)


def test_a_published_session_shows_the_avis_read_only(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    alice = centre.student_ids[0]
    url = avis_url(session_id, alice)
    assert send_avis(client, director, url, "Favorable").status_code == 302
    with app.app_context():
        session = db.session.get(ExamSession, session_id)
        assert session is not None
        session.state = SessionState.PUBLISHED
        db.session.commit()
    page, text = read_page(client, url)
    assert "Lecture seule : la session est publiée" in text
    assert "Avis de l'équipe pédagogique Favorable" in text
    assert "<textarea" not in page.text
    assert "/examen" not in page.text
    _, text = read_page(client, avis_url(session_id))
    assert "les avis se lisent seulement" in text
    answer = send_avis(client, director, url, "Très favorable")
    assert answer.status_code == 409
    assert "le livret ne change plus" in visible_text(answer)
    answer = client.post(f"{url}/examen", data={"csrf_token": director})
    assert (
        "le livret ne change plus" in read_page(client, answer.headers["Location"])[1]
    )
    assert stored(app) == [(alice, "Favorable", None, False)]
    with app.app_context():
        refusals = db.session.execute(
            select(AuditEvent.action, AuditEvent.outcome).where(
                AuditEvent.outcome != "accepted"
            )
        ).all()
    assert sorted(refusals) == [  # T07: each refused write is in the audit trail
        ("jury.examine_livret", "refused_published"),
        ("livret.avis", "refused_published"),
    ]


def test_the_president_examines_and_a_changed_avis_is_examined_again(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    alice = centre.student_ids[0]
    url = avis_url(session_id, alice)
    answer = client.post(f"{url}/examen", data={"csrf_token": director})
    assert answer.status_code == 404  # no avis yet: nothing to examine
    assert send_avis(client, director, url, "Favorable").status_code == 302
    answer = client.post(f"{url}/examen", data={"csrf_token": director})
    assert answer.status_code == 302
    _, text = read_page(client, answer.headers["Location"])
    assert "Livret de ARNAUD Alice examiné par le président du jury." in text
    assert "examiné par le président du jury le" in text
    assert "oui, le" in read_page(client, avis_url(session_id))[1]
    assert stored(app) == [(alice, "Favorable", None, True)]
    # R3.8: a changed avis must be examined again.
    assert send_avis(client, director, url, "Très favorable").status_code == 302
    assert stored(app) == [(alice, "Très favorable", None, False)]
    assert "pas encore examiné" in read_page(client, url)[1]
    assert actions(app).count("jury.examine_livret") == 1
    _, text = read_page(client, "/journal")
    assert "Livret examiné par le président du jury" in text


def test_save_and_next_goes_to_the_next_candidate_without_an_avis(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    alice, bruno = centre.student_ids
    # Bruno first, then « suivant » goes round to Alice, then to the list.
    answer = send_avis(
        client, director, avis_url(session_id, bruno), "Favorable", suivant="1"
    )
    assert answer.headers["Location"] == avis_url(session_id, alice)
    answer = send_avis(
        client, director, avis_url(session_id, alice), "Favorable", suivant="1"
    )
    assert answer.headers["Location"] == avis_url(session_id)
    _, text = read_page(client, answer.headers["Location"])
    assert "Tous les candidats ont un avis." in text
    assert "Favorable 2 100" in text
    # « Enregistrer » alone comes back to the list.
    answer = send_avis(client, director, avis_url(session_id, bruno), "Favorable")
    assert answer.headers["Location"] == avis_url(session_id)
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(LivretAvis))
    assert count == 2


def test_the_session_page_links_to_the_avis(
    client: FlaskClient, director: str, session_id: int
) -> None:
    page, _ = read_page(client, f"/sessions/{session_id}")
    assert f'href="{avis_url(session_id)}"' in page.text
