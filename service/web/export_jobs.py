"""Exports run as background jobs: start one, follow its progress, get its file.

The job page works without JS (a refresh link); ``static/js/job-progress.js``
polls the small JSON status and reloads the page when the job is over.
"""

from __future__ import annotations

from flask import (
    Response,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from redis.exceptions import RedisError

from service.access.guard import current_caller
from service.access.rules import DIRECTOR_ONLY
from service.access.scope import cohort_in_reach
from service.centre_time import PARIS
from service.extensions import db
from service.jobs.queue import queue_of
from service.jobs.records import (
    job_file,
    job_in_reach,
    mark_unqueued,
    progress_text,
    prune_files,
    start_job,
    status,
)
from service.models import Job, JobState
from service.web.blueprint import blueprint
from service.web.exports import load_session

RULES = {
    "web.start_centre_export": DIRECTOR_ONLY,
    "web.start_pv_job": DIRECTOR_ONLY,
    "web.start_livret_pdf_job": DIRECTOR_ONLY,
    "web.export_job": DIRECTOR_ONLY,
    "web.export_job_status": DIRECTOR_ONLY,
    "web.export_job_file": DIRECTOR_ONLY,
}

CENTRE_LABEL = "Export complet du centre (livrets, carnets de notes, PV)"


@blueprint.post("/exports/centre")
def start_centre_export() -> ResponseReturnValue:
    """Queue the whole-centre export and show its progress."""
    return _start("centre_export", CENTRE_LABEL, {})


@blueprint.post("/exports/sessions/<int:session_id>/pv")
def start_pv_job(session_id: int) -> ResponseReturnValue:
    """Queue a session's procès-verbal (a large session takes a while)."""
    session = load_session(session_id)
    label = f"Procès-verbal du jury, session {session.year}"
    return _start("session_pv", label, {"session_id": session.id})


@blueprint.post("/exports/classes/<int:cohort_id>/livret.pdf")
def start_livret_pdf_job(cohort_id: int) -> ResponseReturnValue:
    """Queue a cohort's livret as PDF (seconds per apprentice: too long to wait)."""
    cohort = cohort_in_reach(current_caller(), cohort_id)
    label = f"Livret scolaire (PDF) de {cohort.name}"
    return _start("livret_pdf", label, {"cohort_id": cohort.id})


def _start(kind: str, label: str, params: dict[str, int]) -> ResponseReturnValue:
    """Commit the job, then queue it: the consumer must find its row."""
    prune_files(current_app.config)
    job = start_job(current_caller().user.id, kind, label, params)
    db.session.commit()
    try:
        queue_of(current_app).enqueue(job.id)
    except (RedisError, OSError):
        current_app.logger.exception("Job %s could not be queued", job.id)
        mark_unqueued(job)
        db.session.commit()
    else:
        flash(f"« {label} » est lancé : suivez sa progression ici.", "info")
    return redirect(url_for("web.export_job", job_id=job.id))


@blueprint.get("/exports/taches/<int:job_id>")
def export_job(job_id: int) -> ResponseReturnValue:
    """One job: its progress bar, its file once done, or why it failed."""
    job = _job(job_id)
    return render_template(
        "web/exports/job.html",
        job=job,
        progress=progress_text(job),
        paris=PARIS,
        keep_days=current_app.config["JOBS_KEEP_DAYS"],
    )


@blueprint.get("/exports/taches/<int:job_id>/etat")
def export_job_status(job_id: int) -> Response:
    """What the progress bar polls (JSON)."""
    response = jsonify(status(_job(job_id)))
    response.cache_control.no_store = True
    return response


@blueprint.get("/exports/taches/<int:job_id>/fichier")
def export_job_file(job_id: int) -> Response:
    """The finished job's file, under its French name."""
    job = _job(job_id)
    path = job_file(current_app.config, job)
    return send_file(path, as_attachment=True, download_name=job.file_name, max_age=0)


def _job(job_id: int) -> Job:
    """Load the job (stale jobs marked failed on the way) and commit that mark.

    A job still queued after a restart of the web process gets its in-process
    consumer back (started otherwise by the next job).
    """
    job = job_in_reach(current_app.config, job_id)
    db.session.commit()
    if job.state is JobState.QUEUED and current_app.config["JOBS_IN_PROCESS"]:
        queue_of(current_app).ensure_consumer()
    return job
