"""The director's people pages: cohorts, apprentices, assignments, tutors, roster."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import ColumnElement, func, select

from service.extensions import db
from service.models import (
    Cohort,
    ImportBatch,
    ImportState,
    Period,
    Role,
    Student,
    TeachingAssignment,
    TutorLink,
    User,
)
from tests.service.factories import PASSWORD, committed, make_cohort, make_user
from tests.service.web.trainer_world import Centre, log_in, read_page, visible_text

ADMIN = "/administration"
PAGES = (
    "comptes",
    "classes",
    "apprentis",
    "apprentis/nouveau",
    "affectations",
    "tuteurs",
    "import-apprentis",
)


def count(app: Flask, model: type, *where: ColumnElement[bool]) -> int:
    """How many rows of ``model`` match ``where``."""
    with app.app_context():
        statement = select(func.count()).select_from(model).where(*where)
        return int(db.session.execute(statement).scalar_one())


@pytest.fixture
def tutor(app: Flask, centre: Centre) -> str:
    """A tutor account, following nobody yet."""
    with committed(app):
        return make_user(Role.TUTOR, email="marc.leroy@entreprise.test").email


def test_only_the_director_reaches_the_people_pages(
    client: FlaskClient, centre: Centre, tutor: str
) -> None:
    for email in (centre.trainer, centre.student_emails[0], tutor):
        token = log_in(client, email)
        cohort = f"classes/{centre.cohort_id}"
        for page in (*PAGES, cohort, f"{cohort}/periodes"):
            assert client.get(f"{ADMIN}/{page}").status_code == 403, (email, page)
        for page in ("classes", "affectations", "tuteurs", "import-apprentis"):
            response = client.post(f"{ADMIN}/{page}", data={"csrf_token": token})
            assert response.status_code == 403, (email, page)
        client.post("/deconnexion", data={"csrf_token": token})


def test_the_director_creates_a_cohort_and_errors_name_their_field(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    bad = {"csrf_token": token, "name": "", "start_year": "2026"}
    response = client.post(f"{ADMIN}/classes", data=bad | {"exam_session_year": "2026"})
    assert response.status_code == 422
    text = visible_text(response)
    assert "Nom : à remplir." in text
    response = client.post(
        f"{ADMIN}/classes",
        data=bad | {"name": "NDRC 2026–2028", "exam_session_year": "2026"},
    )
    assert "L'année de session doit suivre l'année de début." in visible_text(response)
    good = bad | {"name": "NDRC 2026–2028", "exam_session_year": "2028"}
    response = client.post(f"{ADMIN}/classes", data=good, follow_redirects=True)
    assert "Classe « NDRC 2026–2028 » créée : donnez ses périodes." in visible_text(
        response
    )
    assert count(app, Cohort, Cohort.name == "NDRC 2026–2028") == 1


def student_form(token: str, cohort_id: int, **changes: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "student_number": "2026-001",
        "cohort_id": str(cohort_id),
        "last_name": "Durand",
        "first_name": "Chloé",
        "birth_date": "2005-04-02",
        "ine": "",
        "candidate_category": "cfa_habilite",
        "exam_form": "globale",
        "contract": "apprentissage",
        "employer": "Boulangerie Leroy",
    } | changes


def test_the_director_enrols_and_edits_an_apprentice(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    new = f"{ADMIN}/apprentis/nouveau"
    response = client.post(new, data=student_form(token, centre.cohort_id))
    assert response.status_code == 302
    with app.app_context():
        chloe = db.session.scalars(
            select(Student).where(Student.student_number == "2026-001")
        ).one()
        chloe_id = chloe.id
        assert chloe.full_name == "DURAND Chloé"
    _, text = read_page(client, f"{ADMIN}/apprentis?classe={centre.cohort_id}")
    assert "DURAND Chloé" in text
    edit = f"{ADMIN}/apprentis/{chloe_id}"
    page, _ = read_page(client, edit)
    assert 'value="Boulangerie Leroy"' in page.text
    changed = student_form(token, centre.cohort_id, ine="123456789ab", employer="")
    assert client.post(edit, data=changed).status_code == 302
    with app.app_context():
        stored = db.session.get(Student, chloe_id)
        assert stored is not None
        assert (stored.ine, stored.employer) == ("123456789AB", None)


def test_a_bad_apprentice_form_names_each_field_and_writes_nothing(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    before = count(app, Student)
    bad = student_form(
        token,
        centre.cohort_id,
        last_name="",
        ine="123",
        birth_date="02/04",
        exam_form="",
    )
    response = client.post(f"{ADMIN}/apprentis/nouveau", data=bad)
    assert response.status_code == 422
    text = visible_text(response)
    assert "Nom : à remplir." in text
    assert "INE : 11 caractères" in text
    assert "Date de naissance : une date" in text
    assert "Forme de l'examen : choisissez dans la liste." in text
    with app.app_context():
        taken = db.session.get(Student, centre.student_ids[0])
        assert taken is not None
        number = taken.student_number
    response = client.post(
        f"{ADMIN}/apprentis/nouveau",
        data=student_form(token, centre.cohort_id, student_number=number),
    )
    assert response.status_code == 422
    assert "Un étudiant a déjà ce numéro." in visible_text(response)
    assert count(app, Student) == before


def test_the_director_assigns_a_trainer_and_ends_the_assignment(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    data = {
        "csrf_token": token,
        "trainer_id": str(centre.other_id),
        "cohort_id": str(centre.cohort_id),
        "subject_id": str(centre.subjects["CEF"]),
    }
    assert client.post(f"{ADMIN}/affectations", data=data).status_code == 302
    again = client.post(f"{ADMIN}/affectations", data=data)
    assert again.status_code == 422
    assert "enseigne déjà cette matière" in visible_text(again)
    mine = TeachingAssignment.trainer_id == centre.other_id
    assert count(app, TeachingAssignment, mine) == 2
    with app.app_context():
        added = db.session.scalar(
            select(TeachingAssignment.id).where(
                mine, TeachingAssignment.subject_id == centre.subjects["CEF"]
            )
        )
    url = f"{ADMIN}/affectations/{added}/fin"
    assert client.post(url, data={"csrf_token": token}).status_code == 302
    assert count(app, TeachingAssignment, mine) == 1


def test_the_director_creates_a_tutor_linked_to_an_apprentice(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    alice, bruno = centre.student_ids
    data = {
        "csrf_token": token,
        "display_name": "Marc Leroy",
        "email": "marc.leroy@entreprise.test",
        "password": PASSWORD,
        "student_id": str(alice),
    }
    response = client.post(f"{ADMIN}/tuteurs", data=data, follow_redirects=True)
    assert "Compte de tuteur de Marc Leroy créé." in visible_text(response)
    with app.app_context():
        tutor = db.session.scalars(select(User).where(User.role == Role.TUTOR)).one()
        tutor_id = tutor.id
    link = {"csrf_token": token, "tutor_id": str(tutor_id), "student_id": str(bruno)}
    client.post(f"{ADMIN}/tuteurs/liens", data=link)
    again = client.post(f"{ADMIN}/tuteurs/liens", data=link)
    assert "Ce tuteur suit déjà cet apprenti." in visible_text(again)
    assert count(app, TutorLink, TutorLink.tutor_id == tutor_id) == 2
    unlink = f"{ADMIN}/tuteurs/{tutor_id}/apprentis/{bruno}/retrait"
    client.post(unlink, data={"csrf_token": token})
    assert count(app, TutorLink, TutorLink.tutor_id == tutor_id) == 1
    with app.test_client() as other:
        log_in(other, "marc.leroy@entreprise.test")
        assert other.get(f"/apprentis/{alice}").status_code == 200
        assert other.get(f"/apprentis/{bruno}").status_code == 404


def upload(client: FlaskClient, token: str, cohort_id: int, text: str) -> str:
    data = {
        "csrf_token": token,
        "cohort_id": str(cohort_id),
        "file": (io.BytesIO(text.encode()), "liste.csv"),
    }
    response = client.post(f"{ADMIN}/import-apprentis", data=data)
    assert response.status_code == 302, response.text
    return str(response.location)


def test_a_roster_is_previewed_then_imported(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    before = count(app, Student)
    batch = upload(
        client,
        token,
        centre.cohort_id,
        "Nom;Prénom;Employeur\nArnaud;Alice;Boulangerie Leroy\nDurand;Chloé;Garage\n",
    )
    _, text = read_page(client, batch)
    assert "Apprentis à créer 1" in text
    assert "Durand Chloé à créer" in text
    assert count(app, Student) == before
    response = client.post(f"{batch}/importer", data={"csrf_token": token})
    assert "1 apprenti(s) créé(s)" in visible_text(client.get(response.location))
    assert count(app, Student) == before + 1


def test_a_roster_with_errors_names_the_cell_and_cannot_be_imported(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    batch = upload(client, token, centre.cohort_id, "Nom;Prénom\nDurand;\n")
    _, text = read_page(client, batch)
    assert re.search(r"B2 Prénom obligatoire", text)
    assert "Importer ces apprentis" not in text
    batch_id = int(batch.rsplit("/", 1)[1])
    with app.app_context():
        stored = db.session.get(ImportBatch, batch_id)
        assert stored is not None
        assert stored.state is ImportState.FAILED


def test_a_roster_without_a_file_or_cohort_is_refused_by_field(
    client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    response = client.post(f"{ADMIN}/import-apprentis", data={"csrf_token": token})
    assert response.status_code == 422
    text = visible_text(response)
    assert "Classe : choisissez dans la liste." in text
    assert "Fichier : choisissez un fichier" in text


def periods_form(token: str, **dates: tuple[str, str]) -> dict[str, str]:
    """The periods form: S1–S4 of a cohort starting in 2025, with ``dates``."""
    default = {
        "S1": ("2025-09-01", "2026-01-31"),
        "S2": ("2026-02-01", "2026-06-30"),
        "S3": ("2026-09-01", "2027-01-31"),
        "S4": ("2027-02-01", "2027-06-30"),
    } | dates
    data = {"csrf_token": token}
    for code, (start, end) in default.items():
        data |= {f"{code}-starts_on": start, f"{code}-ends_on": end}
    return data


def test_the_director_sets_a_cohort_s_periods_and_errors_name_the_field(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    token = log_in(client, centre.director)
    url = f"{ADMIN}/classes/{centre.cohort_id}/periodes"
    page, _ = read_page(client, url)
    assert 'name="S1-starts_on"' in page.text
    overlap = periods_form(token, S3=("2026-06-01", "2027-01-31"))
    response = client.post(url, data=overlap)
    assert response.status_code == 422
    assert "S3 : Doit commencer après la fin de S2." in visible_text(response)
    half = periods_form(token, S4=("2027-02-01", ""))
    assert "S4 : les deux dates, ou aucune." in visible_text(
        client.post(url, data=half)
    )
    assert client.post(url, data=periods_form(token)).status_code == 302
    with app.app_context():
        ends = db.session.execute(
            select(Period.code, Period.ends_on)
            .where(Period.cohort_id == centre.cohort_id)
            .order_by(Period.code)
        ).all()
    assert [(code.value, end.isoformat()) for code, end in ends] == [
        ("S1", "2026-01-31"),
        ("S2", "2026-06-30"),
        ("S3", "2027-01-31"),
        ("S4", "2027-06-30"),
    ]


def test_the_director_renames_a_cohort_and_a_taken_name_is_refused(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    with committed(app):
        make_cohort(name="NDRC 2024–2026", start_year=2024, exam_session_year=2026)
    token = log_in(client, centre.director)
    url = f"{ADMIN}/classes/{centre.cohort_id}"
    page, _ = read_page(client, url)
    assert 'value="2025"' in page.text
    data = {"csrf_token": token, "start_year": "2025", "exam_session_year": "2027"}
    taken = client.post(url, data=data | {"name": "NDRC 2024–2026"})
    assert taken.status_code == 422
    assert "Une classe porte déjà ce nom." in visible_text(taken)
    renamed = client.post(url, data=data | {"name": "NDRC 2025–2027 A"})
    assert renamed.status_code == 302
    with app.app_context():
        cohort = db.session.get(Cohort, centre.cohort_id)
        assert cohort is not None
        assert cohort.name == "NDRC 2025–2027 A"
