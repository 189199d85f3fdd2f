"""Background jobs on both storages: the embedded SQLite queue and Redis.

Each test runs the real path: a job row, the queue, a consumer thread, the file
in the exports folder, the audit record; or its failure, in French.
"""

from __future__ import annotations

import time
import uuid
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from service.extensions import db
from service.jobs.queue import JobQueue, queue_of
from service.jobs.records import (
    NOT_TAKEN,
    expire_stale,
    job_file,
    prune_files,
    recent_jobs,
    start_job,
)
from service.jobs.runner import ABANDONED, INTERNAL
from service.models import AuditEvent, Job, JobState, utc_now
from tests.service.factories import committed, make_assessment, make_exam_session
from tests.service.world import World

REDIS = "redis://127.0.0.1:6379/15"
#: Seconds a test waits for a job before failing.
WAIT = 30


@pytest.fixture(params=["sqlite", "redis"])
def app_settings(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, Any]:
    """Settings of the queue: a SQLite file of the test's own, or Redis."""
    settings: dict[str, Any] = {
        "JOBS_EXPORT_DIR": str(tmp_path / "exports"),
        "JOBS_QUEUE_NAME": f"carnet-test-{uuid.uuid4().hex}",
        "JOBS_IN_PROCESS": False,
    }
    if request.param == "redis":
        settings["JOBS_REDIS_URL"] = REDIS
    else:
        settings["JOBS_SQLITE_PATH"] = str(tmp_path / "jobs.sqlite3")
    return settings


@pytest.fixture
def queue(app: Flask) -> Iterator[JobQueue]:
    """The app's queue, its consumer stopped and its storage emptied afterwards."""
    jobs = queue_of(app)
    yield jobs
    jobs.stop()
    jobs.huey.flush()


def queued(app: Flask, queue: JobQueue, actor: int, kind: str, **params: Any) -> int:
    """Add a job, commit it, hand it to the queue; return its id."""
    with committed(app):
        job_id = start_job(actor, kind, "Tâche de test", params).id
    queue.enqueue(job_id)
    return job_id


def wait_for(app: Flask, job_id: int) -> Job:
    """Wait until the job is over (done or failed), and return it."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with app.app_context():
            job = db.session.get(Job, job_id)
            assert job is not None
            if job.state in (JobState.DONE, JobState.FAILED):
                db.session.expunge(job)
                return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still not over after {WAIT} s")


def test_centre_export_runs_to_its_file(
    app: Flask, world: World, queue: JobQueue
) -> None:
    with committed(app):
        make_assessment(world.cohort_a)
    job_id = queued(app, queue, world.director, "centre_export")
    queue.ensure_consumer()

    job = wait_for(app, job_id)

    assert (job.state, job.message) == (JobState.DONE, None)
    # Two cohorts × (livret, gradebook), no computed session.
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    assert str(job.file_name).endswith(".zip")
    with app.app_context():
        archive = zipfile.ZipFile(BytesIO(job_file(app.config, job).read_bytes()))
        names = archive.namelist()
        livrets = [name for name in names if "Livret scolaire" in name]
        assert len(livrets) == 2
        workbook = load_workbook(BytesIO(archive.read(livrets[0])))
        assert workbook.sheetnames
        # Cohort B has no assessment: its gradebook is listed as missing.
        readme = archive.read("LISEZMOI.txt").decode()
        assert "Aucune évaluation à exporter" in readme
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "export.centre")
        ).one()
        assert event.actor_id == world.director
        assert event.detail == {"file": job.file_name}


def test_a_queued_job_survives_a_restart_of_the_consumer(
    app: Flask, world: World, queue: JobQueue
) -> None:
    job_id = queued(app, queue, world.director, "centre_export")
    # The process that queued it goes away before any consumer took it...
    queue.huey.storage.close()
    # ...and a new queue on the same storage (a restarted worker) runs it.
    restarted = JobQueue(app)
    restarted.ensure_consumer()
    try:
        assert wait_for(app, job_id).state is JobState.DONE
    finally:
        restarted.stop()


def test_a_refused_export_fails_with_its_french_message(
    app: Flask, world: World, queue: JobQueue
) -> None:
    with committed(app):
        session_id = make_exam_session().id
    job_id = queued(app, queue, world.director, "session_pv", session_id=session_id)
    queue.ensure_consumer()

    job = wait_for(app, job_id)

    assert job.state is JobState.FAILED
    assert job.message == "Calculez d'abord les résultats de la session."
    assert job.stored_name is None


def test_an_internal_error_fails_the_job_with_a_reference(
    app: Flask, world: World, queue: JobQueue
) -> None:
    job_id = queued(app, queue, world.director, "no_such_kind")
    queue.ensure_consumer()

    job = wait_for(app, job_id)

    assert (job.state, job.message) == (JobState.FAILED, INTERNAL.format(job_id))


def test_silent_and_forgotten_jobs_are_reported_failed(
    app: Flask, world: World
) -> None:
    long_ago = utc_now() - timedelta(hours=2)
    with committed(app):
        silent = start_job(world.director, "centre_export", "Export")
        silent.state, silent.heartbeat_at = JobState.RUNNING, long_ago
        forgotten = start_job(world.director, "centre_export", "Export")
        forgotten.created_at = long_ago
        fresh = start_job(world.director, "centre_export", "Export")
        ids = silent.id, forgotten.id, fresh.id
    with committed(app):
        states = {job.id: (job.state, job.message) for job in recent_jobs(app.config)}

    assert [states[job_id] for job_id in ids] == [
        (JobState.FAILED, ABANDONED),
        (JobState.FAILED, NOT_TAKEN),
        (JobState.QUEUED, None),
    ]


def test_a_job_marked_failed_is_not_run_afterwards(
    app: Flask, world: World, queue: JobQueue
) -> None:
    job_id = queued(app, queue, world.director, "centre_export")
    with committed(app):
        job = db.session.get(Job, job_id)
        assert job is not None
        job.created_at = utc_now() - timedelta(days=1)
        expire_stale(app.config)
    queue.ensure_consumer()
    # The consumer takes the task and leaves the failed job as it is.
    deadline = time.monotonic() + WAIT
    while len(queue.huey) and time.monotonic() < deadline:
        time.sleep(0.05)
    job = wait_for(app, job_id)
    assert (job.state, job.message, job.done) == (JobState.FAILED, NOT_TAKEN, 0)


def test_the_livret_in_the_archive_is_the_direct_export(
    app: Flask, world: World, queue: JobQueue
) -> None:
    with committed(app):
        cohort = make_assessment(world.cohort_a).cohort
        name = f"{cohort.name}/Livret scolaire - {cohort.name}.xlsx"
    job_id = queued(app, queue, world.director, "centre_export")
    queue.ensure_consumer()
    job = wait_for(app, job_id)
    direct = app.test_client().get(
        f"/api/v1/cohorts/{world.cohort_a}/livret.xlsx",
        headers=world.headers(world.director),
    )

    with app.app_context():
        archive = zipfile.ZipFile(BytesIO(job_file(app.config, job).read_bytes()))
        ours = load_workbook(BytesIO(archive.read(name)))
    theirs = load_workbook(BytesIO(direct.data))
    assert ours.sheetnames == theirs.sheetnames
    for sheet in ours.sheetnames:
        assert list(ours[sheet].values) == list(theirs[sheet].values)


def test_the_consumer_command_is_installed(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["jobs", "--help"])

    assert result.exit_code == 0
    assert "Run the job consumer" in result.output
    assert "--workers" in result.output


def test_files_older_than_the_kept_days_are_removed(app: Flask, world: World) -> None:
    folder = Path(app.config["JOBS_EXPORT_DIR"])
    folder.mkdir(parents=True)
    finished = {"old": utc_now() - timedelta(days=8), "recent": utc_now()}
    with committed(app):
        for name, at in finished.items():
            job = start_job(world.director, "centre_export", name)
            job.state, job.finished_at, job.stored_name = JobState.DONE, at, name
            (folder / name).write_bytes(b"zip")

    with committed(app):
        removed = prune_files(app.config)
        kept = {job.label: job.stored_name for job in recent_jobs(app.config)}

    assert removed == 1
    assert kept == {"old": None, "recent": "recent"}
    assert sorted(path.name for path in folder.iterdir()) == ["recent"]
