"""Run one job in the consumer: progress and heartbeat, then its file or its failure.

Each step commits the progress and the heartbeat in a short write, so the
polling page sees them; the export's reads in between take no lock (D7).
"""

from __future__ import annotations

import os
import secrets
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask, current_app

from service.events import log_event
from service.extensions import db
from service.jobs.kinds import KINDS
from service.models import Job, JobState, utc_now
from service.operations.exports.files import ExportFile, record_export
from service.problems import Problem

INTERNAL = (
    "L'export a échoué sur une erreur interne (tâche n° {}) : "
    "réessayez, puis signalez-le."
)
ABANDONED = "La tâche a été arrêtée : elle ne donnait plus signe de vie."


class AbandonedError(Exception):
    """The job was marked failed (no heartbeat) while it still ran."""


def run_job(app: Flask, job_id: int) -> None:
    """Run the queued job ``job_id``; a job no longer queued is left alone."""
    with app.app_context():
        job = db.session.get(Job, job_id)
        if job is None or job.state is not JobState.QUEUED:
            return
        now = utc_now()
        job.state, job.started_at, job.heartbeat_at = JobState.RUNNING, now, now
        db.session.commit()
        try:
            kind = KINDS[job.kind]
            made = kind.run(job.params or {}, app.config, partial(beat, job))
            finish(job, made)
        except AbandonedError:
            db.session.rollback()
        except Problem as problem:
            fail(job_id, str(problem.description))
        except Exception:
            current_app.logger.exception("Job %s failed", job_id)
            fail(job_id, INTERNAL.format(job_id))


def beat(job: Job, done: int, total: int) -> None:
    """Record the progress and the heartbeat (commits)."""
    db.session.refresh(job)
    if job.state is not JobState.RUNNING:
        raise AbandonedError
    job.done, job.total, job.heartbeat_at = done, total, utc_now()
    db.session.commit()


def finish(job: Job, made: ExportFile) -> None:
    """Store the file outside the web root, record the export, mark the job done."""
    db.session.refresh(job)
    if job.state is not JobState.RUNNING:
        raise AbandonedError
    stored = store_file(job.id, made)
    kind = KINDS[job.kind]
    target_id = (job.params or {}).get(kind.target_param) if kind.target_param else None
    job.state, job.finished_at = JobState.DONE, utc_now()
    job.done = job.total
    job.file_name, job.stored_name = made.name, stored
    record_export(
        job.started_by_id, kind.action, (kind.target_kind, target_id), made.name
    )
    db.session.commit()
    log_event("job.done", job=job.id, kind=job.kind, file=made.name)


def fail(job_id: int, message: str) -> None:
    """Discard the job's work and record its French failure message."""
    db.session.rollback()
    job = db.session.get(Job, job_id)
    if job is None or job.state is not JobState.RUNNING:
        return
    job.state, job.finished_at, job.message = JobState.FAILED, utc_now(), message
    db.session.commit()
    log_event("job.failed", job=job_id, kind=job.kind, message=message)


def exports_dir(config: Any) -> Path:
    """Where finished files are kept: JOBS_EXPORT_DIR, else ``<instance>/exports``."""
    folder = config["JOBS_EXPORT_DIR"] or Path(current_app.instance_path) / "exports"
    return Path(folder)


def store_file(job_id: int, made: ExportFile) -> str:
    """Write the file (a draft, then renamed: never half-written); return its name."""
    folder = exports_dir(current_app.config)
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(made.name).suffix
    stored = f"job-{job_id}-{secrets.token_hex(8)}{suffix}"
    draft = folder / f".{stored}.draft"
    draft.write_bytes(made.data)
    os.replace(draft, folder / stored)
    return stored
