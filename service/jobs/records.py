"""Start, read and expire jobs (the pages' side; the consumer's is ``runner``).

A job never hangs forever: reading jobs first marks failed the running ones
whose heartbeat stopped (their worker died) and the queued ones no consumer
took in time. Like the operations, these flush; the request commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from service.access.scope import not_found
from service.extensions import db
from service.jobs.kinds import KINDS
from service.jobs.runner import ABANDONED, exports_dir
from service.models import Job, JobState, utc_now

NOT_TAKEN = (
    "La tâche n'a pas été prise en charge à temps : "
    "l'exécuteur des tâches est-il lancé ?"
)
UNREACHABLE = "La file des tâches est injoignable : réessayez dans un instant."


def start_job(
    actor_id: int, kind: str, label: str, params: Mapping[str, Any] | None = None
) -> Job:
    """Add a queued job (the caller commits, then hands its id to the queue)."""
    job = Job(
        kind=kind,
        label=label,
        params=dict(params) if params else None,
        started_by_id=actor_id,
        state=JobState.QUEUED,
    )
    db.session.add(job)
    db.session.flush()
    return job


def prune_files(config: Mapping[str, Any]) -> int:
    """Remove the files of jobs finished more than JOBS_KEEP_DAYS ago; count them."""
    cutoff = utc_now() - timedelta(days=int(config["JOBS_KEEP_DAYS"]))
    old = db.session.scalars(
        select(Job).where(
            Job.state == JobState.DONE,
            Job.finished_at < cutoff,
            Job.stored_name.is_not(None),
        )
    ).all()
    for job in old:
        (exports_dir(config) / str(job.stored_name)).unlink(missing_ok=True)
        job.stored_name = None
    return len(old)


def mark_unqueued(job: Job) -> None:
    """The queue refused the job (Redis down): it fails at once, with why."""
    job.state, job.finished_at, job.message = JobState.FAILED, utc_now(), UNREACHABLE


def expire_stale(config: Mapping[str, Any]) -> None:
    """Mark failed the jobs that stopped beating or waited too long."""
    now = utc_now()
    silent = now - timedelta(seconds=int(config["JOBS_STALE_AFTER"]))
    waited = now - timedelta(seconds=int(config["JOBS_QUEUE_TIMEOUT"]))
    for state, since, message in (
        (JobState.RUNNING, Job.heartbeat_at < silent, ABANDONED),
        (JobState.QUEUED, Job.created_at < waited, NOT_TAKEN),
    ):
        db.session.execute(
            update(Job)
            .where(Job.state == state, since)
            .values(state=JobState.FAILED, finished_at=now, message=message)
        )


def recent_jobs(config: Mapping[str, Any], limit: int = 10) -> Sequence[Job]:
    """The latest jobs, newest first (stale ones marked failed first)."""
    expire_stale(config)
    statement = select(Job).order_by(Job.id.desc()).limit(limit)
    return db.session.scalars(statement).all()


def job_in_reach(config: Mapping[str, Any], job_id: int) -> Job:
    """Load one job (stale ones marked failed first), or 404."""
    expire_stale(config)
    job = db.session.get(Job, job_id)
    if job is None:
        raise not_found("Tâche")
    db.session.refresh(job)
    return job


def job_file(config: Mapping[str, Any], job: Job) -> Path:
    """The finished job's file, or 404 when it is not there (not done, removed)."""
    if job.state is not JobState.DONE or job.stored_name is None:
        raise not_found("Fichier")
    path = exports_dir(config) / job.stored_name
    if not path.is_file():
        raise not_found("Fichier")
    return path


def progress_text(job: Job) -> str:
    """The progress in words, e.g. « 50 % · 2 sur 4 fichiers » (the kind's unit)."""
    kind = KINDS.get(job.kind)
    unit = kind.unit if kind is not None else "fichier"
    plural = "s" if job.total > 1 else ""
    return f"{job.percent} % · {job.done} sur {job.total} {unit}{plural}"


def status(job: Job) -> dict[str, Any]:
    """What the progress bar polls: state, n of N, percent, its words, message."""
    return {
        "id": job.id,
        "state": str(job.state),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "progress": progress_text(job),
        "message": job.message,
        "file_name": job.file_name,
    }
