"""The director's exports page, its background jobs and the audit log (« Journal »)."""

from __future__ import annotations

import time
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from service.extensions import db
from service.jobs.queue import queue_of
from service.jobs.records import start_job
from service.models import AuditEvent, JobState, User, utc_now
from service.web.audit_log import Filters, filtered
from service.web.history import PARIS
from tests.service.factories import committed, make_assessment, make_exam_session
from tests.service.web.trainer_world import Centre, log_in, read_page, visible_text

WAIT = 30


@pytest.fixture
def app_settings(tmp_path: Path) -> dict[str, Any]:
    """The embedded queue in a file of the test's own; files in its folder."""
    return {
        "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        "JOBS_EXPORT_DIR": str(tmp_path / "exports"),
    }


@pytest.fixture
def director(app: Flask, centre: Centre) -> Iterator[FlaskClient]:
    """The director, logged in; the app's job consumer stopped afterwards."""
    client = app.test_client()
    log_in(client, centre.director)
    yield client
    queue_of(app).stop()


def csrf(client: FlaskClient) -> str:
    """The session's CSRF token, read from the exports page's forms."""
    page, _ = read_page(client, "/exports")
    marker = 'name="csrf_token" value="'
    start = page.text.index(marker) + len(marker)
    return page.text[start : page.text.index('"', start)]


def test_the_director_reaches_exports_and_journal_from_the_menu(
    director: FlaskClient, centre: Centre
) -> None:
    page, text = read_page(director, "/")
    assert 'href="/exports"' in page.text
    assert 'href="/journal"' in page.text
    page, text = read_page(director, "/exports")
    assert f'href="/exports/classes/{centre.cohort_id}/livret.xlsx"' in page.text
    assert "Lancer l'export complet" in text


def test_a_trainer_is_refused_the_exports_and_the_journal(
    app: Flask, centre: Centre
) -> None:
    client = app.test_client()
    log_in(client, centre.trainer)
    for url in (
        "/exports",
        "/journal",
        f"/exports/classes/{centre.cohort_id}/livret.xlsx",
    ):
        assert client.get(url).status_code == 403, url


def test_the_livret_downloads_and_its_export_is_listed(
    director: FlaskClient, centre: Centre
) -> None:
    response = director.get(f"/exports/classes/{centre.cohort_id}/livret.xlsx")

    assert response.status_code == 200
    assert "Livret scolaire" in response.headers["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.data))
    assert workbook.sheetnames[1:] == ["01 ARNAUD Alice", "02 BERNARD Bruno"]
    _, text = read_page(director, "/exports")
    history = text[text.index("Derniers exports") :]
    assert "Sophie Lefèvre Livret scolaire Livret scolaire - " in history


def test_a_refused_export_comes_back_with_its_french_reason(
    app: Flask, director: FlaskClient, centre: Centre
) -> None:
    with committed(app):
        session_id = make_exam_session().id

    gradebook = director.get(
        f"/exports/classes/{centre.cohort_id}/carnet.xlsx", follow_redirects=True
    )
    pv = director.get(f"/exports/sessions/{session_id}/pv.xlsx", follow_redirects=True)

    assert "Aucune évaluation à exporter pour cette classe." in visible_text(gradebook)
    assert "Calculez d'abord les résultats de la session." in visible_text(pv)
    with app.app_context():
        assert db.session.scalars(select(AuditEvent)).all() == []


def test_the_attestation_form_gives_the_chosen_apprentice_s_file(
    director: FlaskClient, centre: Centre
) -> None:
    chosen = director.get(f"/exports/attestation?apprenti={centre.student_ids[0]}")
    assert chosen.status_code == 302
    response = director.get(chosen.headers["Location"])
    assert response.status_code == 200
    assert "Attestation de blocs - " in response.headers["Content-Disposition"]
    unchosen = director.get("/exports/attestation?apprenti=", follow_redirects=True)
    assert "Choisissez un·e apprenti·e" in visible_text(unchosen)


def test_the_centre_export_runs_as_a_job_to_its_file(
    app: Flask, director: FlaskClient, centre: Centre
) -> None:
    with committed(app):
        make_assessment(centre.cohort_id)
    started = director.post("/exports/centre", data={"csrf_token": csrf(director)})
    assert started.status_code == 302
    job_url = started.headers["Location"]

    status = wait_until_over(director, job_url + "/etat")

    assert status | {"id": 0} == {
        "id": 0,
        "state": "done",
        "done": 2,
        "total": 2,
        "percent": 100,
        "progress": "100 % · 2 sur 2 fichiers",
        "message": None,
        "file_name": f"Export du centre - {utc_now():%Y-%m-%d}.zip",
    }
    _, text = read_page(director, job_url)
    assert "Terminé" in text
    with director.get(job_url + "/fichier") as download:
        assert download.status_code == 200
        names = zipfile.ZipFile(BytesIO(download.data)).namelist()
    assert sum(name.endswith(".xlsx") for name in names) == 2
    _, listing = read_page(director, "/exports")
    assert "Export complet du centre" in listing


def test_a_failed_job_shows_its_french_message(
    app: Flask, director: FlaskClient
) -> None:
    with committed(app):
        session_id = make_exam_session().id
    token = csrf(director)
    started = director.post(
        f"/exports/sessions/{session_id}/pv", data={"csrf_token": token}
    )
    job_url = started.headers["Location"]

    status = wait_until_over(director, job_url + "/etat")
    _, text = read_page(director, job_url)

    assert status["state"] == "failed"
    assert "Procès-verbal du jury, session 2027" in text
    assert "Échec" in text
    assert "Calculez d'abord les résultats de la session." in text
    assert "Télécharger" not in text


def test_a_job_page_without_js_has_a_refresh_link_then_the_job_runs(
    app: Flask, director: FlaskClient
) -> None:
    app.config["JOBS_IN_PROCESS"] = False  # nobody runs it
    started = director.post("/exports/centre", data={"csrf_token": csrf(director)})
    job_url = started.headers["Location"]

    page, text = read_page(director, job_url)

    assert '<progress id="job-progress" max="100" value="0">' in page.text
    assert f'href="{job_url}">Actualiser' in page.text
    assert "En attente" in text
    assert director.get(job_url + "/fichier").status_code == 404
    assert director.get("/exports/taches/999/etat").status_code == 404
    # The web process restarts with its consumer: the polled job is run then.
    app.config["JOBS_IN_PROCESS"] = True
    assert wait_until_over(director, job_url + "/etat")["state"] == "done"


def test_starting_a_job_needs_the_csrf_token(director: FlaskClient) -> None:
    assert director.post("/exports/centre").status_code in (400, 403)


def wait_until_over(client: FlaskClient, url: str) -> dict[str, Any]:
    """Poll a job's status until it is done or failed."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(url).get_json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.05)
    raise AssertionError(f"{url} still running after {WAIT} s")


def add_events(app: Flask, centre: Centre) -> None:
    """Audit rows: 55 of the trainer's refused grades yesterday, an erasure today."""
    yesterday = utc_now() - timedelta(days=1)
    with committed(app):
        director_id = centre_director(centre)
        for number in range(55):
            db.session.add(
                AuditEvent(
                    at=yesterday,
                    actor_id=centre.trainer_id,
                    action="grade.write",
                    target_kind="assessment",
                    target_id=number,
                    outcome="refused_locked",
                )
            )
        db.session.add(
            AuditEvent(
                actor_id=director_id,
                action="student.erase",
                target_kind="student",
                target_id=centre.student_ids[0],
                outcome="accepted",
                detail={"reason": "fin de contrat"},
            )
        )


def test_the_journal_filters_by_person_kind_and_date_and_paginates(
    app: Flask, director: FlaskClient, centre: Centre
) -> None:
    add_events(app, centre)
    today = utc_now().astimezone(PARIS).date()

    _, everything = read_page(director, "/journal")
    _, second = read_page(director, "/journal?page=2")
    _, refused = read_page(
        director, f"/journal?type=refus&personne={centre.trainer_id}"
    )
    _, erasures = read_page(director, "/journal?type=effacements")
    _, since_today = read_page(director, f"/journal?du={today.isoformat()}")

    assert "56 opérations · page 1 sur 2" in everything
    assert "Page suivante" in everything
    assert "Page précédente" in second
    assert "55 opérations" in refused
    assert "Refusée : verrouillé" in refused
    assert "1 opération " in erasures
    assert "Effacement des données d'un·e apprenti·e" in erasures
    assert "raison : fin de contrat" in erasures
    assert "1 opération " in since_today


def test_a_bad_journal_filter_is_named_in_french(director: FlaskClient) -> None:
    page = director.get("/journal?du=hier&type=inconnu")

    assert page.status_code == 400
    text = visible_text(page)
    assert "« Du » : une date comme 31/12/2026 est attendue." in text
    assert "« Type » : choisissez un type de la liste." in text


def test_journal_days_are_paris_days() -> None:
    statement = filtered(Filters(since=date(2026, 7, 1)))
    bound = statement.compile().params
    assert any(
        isinstance(value, datetime) and value.hour == 22 for value in bound.values()
    )


def test_a_job_whose_file_was_removed_says_so(
    app: Flask, director: FlaskClient, centre: Centre
) -> None:
    with committed(app):
        job = start_job(centre_director(centre), "centre_export", "Export complet")
        job.state, job.done, job.total = JobState.DONE, 3, 3
        job_id = job.id

    _, text = read_page(director, f"/exports/taches/{job_id}")

    assert "Le fichier a été supprimé 7 jours après l'export" in text
    assert director.get(f"/exports/taches/{job_id}/fichier").status_code == 404


def centre_director(centre: Centre) -> int:
    """The director's user id."""
    found = db.session.scalar(select(User.id).where(User.email == centre.director))
    assert found is not None
    return found
