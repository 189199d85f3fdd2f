"""The director's exam session pages: sessions, registrations, the exam grid,
results, the jury's adjustments and contrôle, publish and lock (R3–R7, T07)."""

from __future__ import annotations

import html
import re
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from service.extensions import db
from service.models import (
    AuditEvent,
    Decision,
    ExamSession,
    ExamUnitGrade,
    JuryAdjustment,
    KeptBenefit,
    Registration,
    RegistrationResult,
    SessionState,
)
from tests.service.factories import make_exam_session, make_registration
from tests.service.web.trainer_world import Centre, log_in, read_page, visible_text

#: Six exam grades giving the average 186 / 21 ≈ 8,86 and a professional average
#: of 11: allowed to the contrôle (R3.5).
CONTROL_GRADES = {"U1": "6", "U2": "6", "U3": "6", "U4": "11", "U5": "11", "U6": "11"}
PASS_GRADES = dict.fromkeys(CONTROL_GRADES, "12")


@pytest.fixture
def session_id(app: Flask) -> int:
    """An open 2027 session, jury on 2 July 2027."""
    with app.app_context():
        session = make_exam_session()
        db.session.commit()
        return session.id


@pytest.fixture
def director(client: FlaskClient, centre: Centre) -> str:
    """The director logged in; the session's CSRF token."""
    return log_in(client, centre.director)


def register(app: Flask, centre: Centre, session_id: int) -> list[int]:
    """Both students registered (factories); their registration ids."""
    with app.app_context():
        ids = [make_registration(s, session_id).id for s in centre.student_ids]
        db.session.commit()
        return ids


def count(app: Flask, model: Any, **where: Any) -> int:
    with app.app_context():
        return int(
            db.session.scalar(
                select(func.count()).select_from(model).filter_by(**where)
            )
            or 0
        )


def followed(client: FlaskClient, answer: Any) -> str:
    """The visible text of the page a redirect (302) leads to."""
    assert answer.status_code == 302, answer.text
    return read_page(client, answer.headers["Location"])[1]


def error_of(page: str, name: str) -> str:
    """The error shown under field ``name``."""
    found = re.search(
        rf'<p class="field-error" id="[a-z]-{name}(?:-error)?">([^<]*)</p>', page
    )
    assert found, f"no error under {name}"
    return html.unescape(found.group(1))


def cell(
    client: FlaskClient,
    token: str,
    where: tuple[int, int],
    unit: str,
    value: str,
    *,
    version: int | None = None,
) -> Any:
    """POST one cell of session ``where[0]``, registration ``where[1]`` (JSON)."""
    session_id, registration_id = where
    return client.post(
        f"/sessions/{session_id}/notes/cellule",
        json={
            "unit": unit,
            "registration_id": registration_id,
            "version": version,
            "value": value,
        },
        headers={"X-CSRF-Token": token},
    )


def enter_grades(
    client: FlaskClient,
    token: str,
    session_id: int,
    registration_id: int,
    grades: dict[str, str],
) -> None:
    for unit, value in grades.items():
        answer = cell(client, token, (session_id, registration_id), unit, value)
        assert answer.status_code == 200, answer.json


def post(client: FlaskClient, url: str, token: str, **data: Any) -> Any:
    return client.post(url, data={"csrf_token": token, **data})


# Access


@pytest.mark.parametrize("who", ["trainer", "student"])
def test_only_the_director_reaches_the_session_pages(
    app: Flask, client: FlaskClient, centre: Centre, session_id: int, who: str
) -> None:
    email = centre.trainer if who == "trainer" else centre.student_emails[0]
    token = log_in(client, email)
    (registration_id,) = register(app, centre, session_id)[:1]
    for url in (
        "/sessions",
        f"/sessions/{session_id}",
        f"/sessions/{session_id}/inscriptions",
        f"/sessions/{session_id}/notes",
        f"/sessions/{session_id}/resultats",
        f"/sessions/inscriptions/{registration_id}/resultat",
        f"/sessions/{session_id}/publier",
    ):
        assert client.get(url).status_code == 403, url
    answer = post(client, f"/sessions/{session_id}/calculer", token)
    assert answer.status_code == 403
    answer = cell(client, token, (session_id, registration_id), "U1", "12")
    assert answer.status_code == 403
    assert count(app, ExamUnitGrade) == 0


def test_the_director_menu_leads_to_the_sessions(
    client: FlaskClient, director: str, session_id: int
) -> None:
    _, text = read_page(client, "/")
    assert "Sessions d'examen" in text
    page, text = read_page(client, "/sessions")
    assert "Session 2027" in text
    assert "ouverte" in text
    assert f'href="/sessions/{session_id}"' in page.text


def test_an_unknown_session_or_registration_is_a_french_404(
    client: FlaskClient, director: str
) -> None:
    for url in ("/sessions/999", "/sessions/inscriptions/999/resultat"):
        answer = client.get(url)
        assert answer.status_code == 404
        assert "introuvable" in visible_text(answer)


# Sessions


def test_a_new_session_opens_and_its_page_gives_the_next_step(
    app: Flask, client: FlaskClient, director: str
) -> None:
    answer = post(
        client,
        "/sessions",
        director,
        year="2028",
        jury_date="2028-07-04",
        regulation_id="bts-ndrc",
    )
    text = followed(client, answer)
    assert "Session 2028" in text
    assert "04/07/2028" in text
    assert "Inscrivez les candidats" in text
    assert "Calculer les résultats" in text


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"year": "deux mille"}, "year", "Année"),
        ({"year": "2027", "jury_date": "02/07"}, "jury_date", "Date du jury"),
        (
            {"year": "2027", "regulation_id": "bts-inconnu"},
            "regulation_id",
            "bts-inconnu",
        ),
        ({"year": "2027"}, "year", "existe déjà"),
    ],
)
def test_a_refused_session_names_its_field_and_writes_nothing(
    app: Flask,
    client: FlaskClient,
    director: str,
    session_id: int,
    *,
    values: dict[str, str],
    field: str,
    message: str,
) -> None:
    data = {"jury_date": "", "regulation_id": "bts-ndrc"} | values
    answer = post(client, "/sessions", director, **data)
    assert answer.status_code == 422
    assert message in error_of(answer.text, field) or message in visible_text(answer)
    assert count(app, ExamSession) == 1


# Registrations


def test_a_cohort_is_registered_at_once(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    url = f"/sessions/{session_id}/inscriptions"
    _, text = read_page(client, f"{url}?cohorte={centre.cohort_id}")
    assert "apprenti·es non inscrits (2)" in text
    ids = [str(student) for student in centre.student_ids]
    answer = client.post(url, data={"csrf_token": director, "etudiant": ids})
    assert answer.status_code == 302
    _, text = read_page(client, url)
    assert "2 candidats inscrits." in text
    assert "ARNAUD Alice" in text
    assert "CFA habilité (CCF)" in text
    assert count(app, Registration, session_id=session_id) == 2


def test_registering_is_all_or_nothing(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    with app.app_context():
        make_registration(centre.student_ids[1], session_id)
        db.session.commit()
    ids = [str(student) for student in centre.student_ids]
    url = f"/sessions/{session_id}/inscriptions"
    answer = client.post(url, data={"csrf_token": director, "etudiant": ids})
    text = followed(client, answer)
    assert "déjà inscrit" in text
    assert "aucun candidat n'est inscrit" in text
    assert count(app, Registration, session_id=session_id) == 1


def benefit_form(**changes: str) -> dict[str, str]:
    values = {
        "form": "globale",
        "benefit-U1-grade": "12,5",
        "benefit-U1-year": "2025",
        "benefit-U1-obtained": "2025-07-04",
        "benefit-U1-origin": "session",
        "dispense-U2": "Titulaire d'une licence LEA (2023)",
    }
    return values | changes


def test_a_registration_keeps_a_benefit_and_a_dispense(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    registration_id = register(app, centre, session_id)[0]
    url = f"/sessions/inscriptions/{registration_id}"
    answer = post(client, url, director, **benefit_form())
    text = followed(client, answer)
    assert "U1 : 12,5 (2025)" in text
    assert "U2" in text
    page, _ = read_page(client, url)
    assert 'value="12,5"' in page.text
    assert "licence LEA" in page.text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"dispense-U4": "Titulaire du BTS MCO"}, "dispense-U4", "U4"),
        ({"benefit-U1-grade": "25"}, "benefit-U1-grade", "entre 0 et 20"),
        ({"benefit-U1-grade": "8"}, "benefit-U1-grade", ""),
        ({"benefit-U1-year": "hier"}, "benefit-U1-year", "session d'origine"),
        ({"dispense-U1": "Licence"}, "dispense-U1", "conservée"),
    ],
)
def test_a_refused_registration_names_the_unit_and_keeps_nothing(
    app: Flask,
    client: FlaskClient,
    centre: Centre,
    director: str,
    session_id: int,
    *,
    changes: dict[str, str],
    field: str,
    message: str,
) -> None:
    registration_id = register(app, centre, session_id)[0]
    answer = post(
        client,
        f"/sessions/inscriptions/{registration_id}",
        director,
        **benefit_form(**changes),
    )
    assert answer.status_code == 422
    assert message in error_of(answer.text, field)
    assert count(app, KeptBenefit) == 0


def test_a_candidate_without_grades_is_withdrawn(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    first, second = register(app, centre, session_id)
    enter_grades(client, director, session_id, second, {"U1": "12"})
    assert (
        post(client, f"/sessions/inscriptions/{first}/retirer", director).status_code
        == 302
    )
    answer = post(client, f"/sessions/inscriptions/{second}/retirer", director)
    text = followed(client, answer)
    assert "Des notes ou un résultat existent" in text
    assert count(app, Registration) == 1


# The exam grid


def test_a_cell_is_saved_with_its_version_and_a_stale_one_is_a_conflict(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    registration_id = register(app, centre, session_id)[0]
    answer = cell(client, director, (session_id, registration_id), "U1", "12.5")
    assert answer.status_code == 200
    assert answer.json == {"version": 1, "value": "12,5", "row_mean": ""}
    answer = cell(
        client, director, (session_id, registration_id), "U1", "ABJ", version=1
    )
    assert answer.json["value"] == "ABJ"
    assert answer.json["version"] == 2
    answer = cell(
        client, director, (session_id, registration_id), "U1", "14", version=1
    )
    assert answer.status_code == 412
    assert answer.json["conflict"] == {
        "mine": "14",
        "theirs": "ABJ",
        "version": 2,
        "by": "Sophie Lefèvre",
    }
    answer = cell(client, director, (session_id, registration_id), "U1", "", version=2)
    assert answer.status_code == 422
    assert "ne s'efface pas" in answer.json["reason"]
    page, _text = read_page(client, f"/sessions/{session_id}/notes")
    assert 'data-column-key="unit"' in page.text
    assert 'value="ABJ"' in page.text


@pytest.mark.parametrize(
    ("value", "message"),
    [("NN", "n'existe pas à l'examen"), ("21", "20"), ("douze", "n'est pas un nombre")],
)
def test_a_refused_cell_says_why_and_writes_nothing(
    app: Flask,
    client: FlaskClient,
    centre: Centre,
    director: str,
    session_id: int,
    *,
    value: str,
    message: str,
) -> None:
    registration_id = register(app, centre, session_id)[0]
    answer = cell(client, director, (session_id, registration_id), "U2", value)
    assert answer.status_code == 422
    assert message in answer.json["error"]
    assert answer.json["error"].startswith("ARNAUD Alice, U2")
    assert count(app, ExamUnitGrade) == 0


def test_the_grid_saves_as_a_form_without_javascript(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    first, second = register(app, centre, session_id)
    data = {
        f"note-U1-{first}": "13",
        f"avant-U1-{first}": ":",
        f"note-U3-{second}": "ABS",
        f"avant-U3-{second}": ":",
        f"note-U2-{second}": "30",
        f"avant-U2-{second}": ":",
    }
    answer = post(client, f"/sessions/{session_id}/notes", director, **data)
    text = followed(client, answer)
    assert "2 notes enregistrées." in text
    assert "BERNARD Bruno, U2" in text
    assert count(app, ExamUnitGrade) == 2


def test_a_dispensed_unit_is_read_only_in_the_grid(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    registration_id = register(app, centre, session_id)[0]
    post(
        client, f"/sessions/inscriptions/{registration_id}", director, **benefit_form()
    )
    page, _ = read_page(client, f"/sessions/{session_id}/notes")
    assert re.search(
        r'value="DISP" data-a="U2"[^>]*readonly aria-describedby="verrou-dispense"',
        page.text,
    )
    answer = cell(client, director, (session_id, registration_id), "U2", "12")
    assert answer.status_code == 422
    assert "dispensée" in answer.json["reason"]


# Results, the jury, publish and lock


def computed(
    app: Flask, client: FlaskClient, centre: Centre, token: str, session_id: int
) -> list[int]:
    """Both registered: Alice allowed to the contrôle, Bruno admitted; computed."""
    alice, bruno = register(app, centre, session_id)
    enter_grades(client, token, session_id, alice, CONTROL_GRADES)
    enter_grades(client, token, session_id, bruno, PASS_GRADES)
    answer = post(client, f"/sessions/{session_id}/calculer", token)
    assert answer.status_code == 302
    return [alice, bruno]


def test_computed_results_show_decisions_and_the_steps(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    alice, _ = computed(app, client, centre, director, session_id)
    _, text = read_page(client, f"/sessions/{session_id}")
    assert "Résultats calculés pour 2 candidats." in text
    assert "délibérée" in text
    _, text = read_page(client, f"/sessions/{session_id}/resultats")
    assert "Autorisé·e au contrôle" in text
    assert "Admis·e" in text
    assert "8,86" in text
    _, text = read_page(client, f"/sessions/inscriptions/{alice}/resultat")
    assert "Le calcul pas à pas" in text
    with app.app_context():
        steps = db.session.scalar(
            select(RegistrationResult.explanation).where(
                RegistrationResult.registration_id == alice
            )
        )
    assert steps is not None
    assert all(step in text for step in steps["explanation"])


def test_an_adjustment_needs_its_reason(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    alice, _ = computed(app, client, centre, director, session_id)
    url = f"/sessions/inscriptions/{alice}/resultat/ajustement"
    answer = post(client, url, director, unit="U4", grade="12", reason="  ")
    assert answer.status_code == 422
    assert "Raison obligatoire" in error_of(answer.text, "adjust-reason")
    assert count(app, JuryAdjustment) == 0
    answer = post(
        client,
        url,
        director,
        unit="U4",
        grade="12",
        reason="Dossier de situations revu",
    )
    text = followed(client, answer)
    assert "U4 : 11 → 12, « Dossier de situations revu »" in text


def test_the_controle_recomputes_the_decision(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    alice, bruno = computed(app, client, centre, director, session_id)
    _, text = read_page(client, f"/sessions/{session_id}/resultats")
    assert "Autorisés (ou ayant passé)" in text
    assert "ARNAUD Alice" in text
    answer = post(
        client,
        f"/sessions/inscriptions/{bruno}/resultat/controle",
        director,
        **{"control-U1": "14"},
    )
    assert answer.status_code == 422
    assert "n'est pas autorisé aux épreuves de contrôle" in error_of(
        answer.text, "control"
    )
    assert count(app, RegistrationResult, decision=Decision.ADMIS) == 1
    url = f"/sessions/inscriptions/{alice}/resultat/controle"
    answer = post(client, url, director, **{"control-U1": "25"})
    assert answer.status_code == 422
    assert "entre 0 et 20" in error_of(answer.text, "control-U1")
    answer = post(client, url, director, **{"control-U1": "14", "control-U3": "14"})
    text = followed(client, answer)
    assert "Admis·e après contrôle" in text


def test_publish_then_lock_each_behind_a_confirmation(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    alice, _ = computed(app, client, centre, director, session_id)
    _, text = read_page(client, f"/sessions/{session_id}/publier")
    assert "2 candidats verront leur résultat" in text
    assert "les propositions de CCF deviennent visibles" in text
    answer = post(client, f"/sessions/{session_id}/publier", director)
    text = followed(client, answer)
    assert "publiée" in text
    assert "Verrouiller la session" in text
    _, text = read_page(client, f"/sessions/{session_id}/verrouiller")
    assert "définitif" in text
    post(client, f"/sessions/{session_id}/verrouiller", director)
    with app.app_context():
        assert db.session.get_one(ExamSession, session_id).state is SessionState.LOCKED
    answer = cell(client, director, (session_id, alice), "U1", "20", version=1)
    assert answer.status_code == 409
    assert "verrouillée" in answer.json["reason"]
    with app.app_context():
        outcomes = db.session.scalars(
            select(AuditEvent.outcome).where(AuditEvent.action == "exam_grade.write")
        ).all()
    assert [str(o) for o in outcomes] == ["refused_locked"]


def test_publishing_an_open_session_changes_nothing(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    _, text = read_page(client, f"/sessions/{session_id}/publier")
    assert "calculez d'abord les résultats" in text
    answer = post(client, f"/sessions/{session_id}/publier", director)
    text = followed(client, answer)
    assert "cette opération demande une session délibérée" in text
    with app.app_context():
        assert db.session.get_one(ExamSession, session_id).state is SessionState.OPEN


def test_an_expired_benefit_is_announced_on_the_registrations(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    registration_id = register(app, centre, session_id)[0]
    old = benefit_form(
        **{"benefit-U1-year": "2020", "benefit-U1-obtained": "2020-07-03"}
    )
    answer = post(client, f"/sessions/inscriptions/{registration_id}", director, **old)
    text = followed(client, answer)
    expired = "U1 : la note de la session 2020 n'est plus valable"
    assert text.count(expired) == 2  # the flash after saving, and the list (R4)
    assert "valable jusqu'à la session 2025" in text


def test_u5_is_typed_by_parts_and_only_u5(
    app: Flask, client: FlaskClient, centre: Centre, director: str, session_id: int
) -> None:
    registration_id = register(app, centre, session_id)[0]
    where = (session_id, registration_id)
    answer = cell(client, director, where, "U5", "12,5 + 14")
    assert answer.json["value"] == "12,5 + 14"
    answer = cell(client, director, where, "U5", "13+ABS", version=1)
    assert "l'écrit puis le pratique" in answer.json["reason"]
    answer = cell(client, director, where, "U1", "12 + 14")
    assert answer.status_code == 422
    with app.app_context():
        row = db.session.scalars(select(ExamUnitGrade)).one()
        assert (row.unit, row.written, row.practical) == (
            "U5",
            Decimal("12.5"),
            Decimal(14),
        )
