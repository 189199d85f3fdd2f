"""The livret PDF as a background job (issue 15): started from the exports page,
followed page by page, its file the direct download's, recorded, directors only."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.demo import load_demo
from service.extensions import db
from service.jobs.kinds import KINDS
from service.jobs.pdf_progress import LAYOUT, PROGRESS_LOGGER, render_followed
from service.jobs.queue import queue_of
from service.jobs.records import start_job
from service.models import AuditEvent, JobState, User, utc_now
from tests.service.exports.export_helpers import first_apprentice
from tests.service.exports.test_pdf_exports import pdf_text, without_weasyprint
from tests.service.factories import committed
from tests.service.web.trainer_world import Centre, log_in, read_page

#: Seconds a test waits for a job before failing.
WAIT = 60
__all__ = ["without_weasyprint"]  # the fixture, for the test that needs it


@pytest.fixture
def app_settings(tmp_path: Path) -> dict[str, Any]:
    """The embedded SQLite queue in a file of the test's own; files in its folder."""
    return {
        "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3"),
        "JOBS_EXPORT_DIR": str(tmp_path / "exports"),
    }


@pytest.fixture
def director(app: Flask, centre: Centre) -> Iterator[tuple[FlaskClient, str]]:
    """The director, logged in, and the CSRF token; the consumer stopped after."""
    client = app.test_client()
    token = log_in(client, centre.director)
    yield client, token
    queue_of(app).stop()
    queue_of(app).huey.flush()


def start(client: FlaskClient, token: str, cohort_id: int) -> str:
    """Press the exports page's « Préparer le PDF » of a cohort; the job's URL."""
    url = f"/exports/classes/{cohort_id}/livret.pdf"
    started = client.post(url, data={"csrf_token": token})
    assert started.status_code == 302, started.text
    return str(started.headers["Location"])


def wait_until_over(client: FlaskClient, job_url: str) -> dict[str, Any]:
    """Poll the job's status until it is done or failed."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        status: dict[str, Any] = client.get(job_url + "/etat").get_json()
        if status["state"] in ("done", "failed"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"{job_url} still running after {WAIT} s")


def test_the_exports_page_prepares_the_livret_pdf_as_a_job_to_its_file(
    app: Flask, director: tuple[FlaskClient, str], centre: Centre, tmp_path: Path
) -> None:
    client, token = director
    page, text = read_page(client, "/exports")
    action = f'action="/exports/classes/{centre.cohort_id}/livret.pdf"'
    assert f'<form method="post" {action}>' in page.text
    assert "Préparer le PDF : livret de la classe" in text

    job_url = start(client, token, centre.cohort_id)
    status = wait_until_over(client, job_url)

    # HTML, styles, the summary and a page per apprentice, then the PDF.
    assert status["state"] == "done", status["message"]
    assert status["progress"] == "100 % · 6 sur 6 étapes"
    _, text = read_page(client, job_url)
    assert "Livret scolaire (PDF) de " in text
    assert "100 % · 6 sur 6 étapes" in text
    assert "Télécharger « Livret scolaire - " in text
    with client.get(job_url + "/fichier") as download:
        assert download.status_code == 200
        assert download.mimetype == "application/pdf"
        words, pages = pdf_text(download.data, tmp_path)
    assert pages == 3
    assert "ARNAUD Alice" in words
    assert "BERNARD Bruno" in words
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).one()
    assert (event.action, event.target_kind) == ("export.livret_pdf", "cohort")
    assert event.target_id == centre.cohort_id
    assert event.detail == {"file": status["file_name"]}
    _, text = read_page(client, "/exports")
    assert "Livret scolaire (PDF)" in text[text.index("Derniers exports") :]


def test_the_job_page_shows_its_progress_page_by_page(
    app: Flask, director: tuple[FlaskClient, str], centre: Centre
) -> None:
    client, _ = director
    with committed(app):
        starter = db.session.scalars(
            select(User.id).where(User.email == centre.director)
        ).one()
        job = start_job(starter, "livret_pdf", "Livret scolaire (PDF)", {})
        job.state, job.done, job.total = JobState.RUNNING, 12, 26
        job.heartbeat_at = utc_now()
        job_id = job.id

    page, text = read_page(client, f"/exports/taches/{job_id}")
    status = client.get(f"/exports/taches/{job_id}/etat").get_json()

    assert '<progress id="job-progress" max="100" value="46">' in page.text
    assert "46 % · 12 sur 26 étapes" in text
    assert status["progress"] == "46 % · 12 sur 26 étapes"


def test_the_livret_pdf_job_steps_per_stage_and_page_of_the_demo_cohort(
    app: Flask, tmp_path: Path
) -> None:
    steps: list[tuple[int, int]] = []
    with app.app_context():
        load_demo(students_per_cohort=3)
        db.session.commit()
        cohort, first = first_apprentice()
        name = f"{first.last_name.upper()} {first.first_name}"
        kind = KINDS["livret_pdf"]
        made = kind.run(
            {"cohort_id": cohort.id}, app.config, lambda *s: steps.append(s)
        )
    words, pages = pdf_text(made.data, tmp_path)

    assert pages == 4  # the summary, then one page per apprentice
    assert name in words
    # The HTML parsed, the styles applied, each page laid out, then the PDF
    # written: the job's last step (7 of 7).
    assert steps == [(done, 7) for done in range(7)]


def test_a_render_in_another_thread_moves_no_other_job() -> None:
    steps: list[tuple[int, int]] = []
    logger = logging.getLogger(PROGRESS_LOGGER)

    with render_followed(lambda *step: steps.append(step), 2):
        other = threading.Thread(target=logger.info, args=(LAYOUT, 2))
        other.start()
        other.join()
        logger.info(LAYOUT, 1)

    # Ours: 0 of 5 at the start, 2 once its first page is begun; not the other's.
    assert steps == [(0, 5), (2, 5)]


def test_a_trainer_cannot_start_the_livret_pdf_job(app: Flask, centre: Centre) -> None:
    trainer = app.test_client()
    token = log_in(trainer, centre.trainer)

    refused = trainer.post(
        f"/exports/classes/{centre.cohort_id}/livret.pdf", data={"csrf_token": token}
    )

    assert refused.status_code == 403
    with app.app_context():
        assert db.session.scalars(select(AuditEvent)).all() == []


def test_starting_needs_the_csrf_token_and_an_existing_cohort(
    director: tuple[FlaskClient, str],
) -> None:
    client, token = director
    assert client.post("/exports/classes/1/livret.pdf").status_code in (400, 403)
    missing = client.post(
        "/exports/classes/999999/livret.pdf", data={"csrf_token": token}
    )
    assert missing.status_code == 404


@pytest.mark.usefixtures("without_weasyprint")
def test_without_weasyprint_the_job_fails_naming_what_to_install(
    app: Flask, director: tuple[FlaskClient, str], centre: Centre
) -> None:
    client, token = director

    job_url = start(client, token, centre.cohort_id)
    status = wait_until_over(client, job_url)

    assert status["state"] == "failed"
    _, text = read_page(client, job_url)
    assert "WeasyPrint" in text
    assert "libpango-1.0-0" in text
    with app.app_context():
        assert db.session.scalars(select(AuditEvent)).all() == []
