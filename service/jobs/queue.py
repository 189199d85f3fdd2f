"""The job queue (huey): SQLite under ``instance/`` by default, Redis when set.

The queue carries job ids only; the ``jobs`` table holds the rest. Its consumer
runs either in a thread of the web process (``JOBS_IN_PROCESS``, started at the
first job: nothing to install) or as ``flask --app wsgi jobs`` (production).
Queued jobs survive a restart: the storage is a file or Redis, not memory.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from huey import Huey, RedisHuey, SqliteHuey
from huey.api import TaskWrapper

from service.jobs.runner import run_job

EXTENSION = "carnet_jobs"
#: Seconds the in-process consumer waits when the queue is empty.
POLL_SECONDS = 0.2


class JobQueue:
    """The app's queue, its one task (run a job by id) and its in-process consumer.

    The storage is opened at first use: an app that runs no job touches no file.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._opened: tuple[Huey, TaskWrapper] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def huey(self) -> Huey:
        """The queue, built from the settings at first use."""
        return self._open()[0]

    def _open(self) -> tuple[Huey, TaskWrapper]:
        with self._lock:
            if self._opened is None:
                huey = build_huey(self.app)
                self._opened = huey, huey.task(name="carnet.run_job")(self._run)
            return self._opened

    def _run(self, job_id: int) -> None:
        run_job(self.app, job_id)

    def enqueue(self, job_id: int) -> None:
        """Queue a job, and start the in-process consumer if the settings ask."""
        _, task = self._open()
        task(job_id)
        if self.app.config["JOBS_IN_PROCESS"]:
            self.ensure_consumer()

    def ensure_consumer(self) -> None:
        """Start the in-process consumer thread once."""
        huey = self.huey
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(
                    target=self._consume, args=(huey,), name="carnet-jobs", daemon=True
                )
                self._thread.start()

    def stop(self) -> None:
        """Stop the in-process consumer after its current job."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _consume(self, huey: Huey) -> None:
        while not self._stop.is_set():
            task = huey.dequeue()
            if task is None:
                self._stop.wait(POLL_SECONDS)
            else:
                huey.execute(task)


def build_huey(app: Flask) -> Huey:
    """Build the queue the settings name: Redis, else a SQLite file."""
    config = app.config
    name = config["JOBS_QUEUE_NAME"] or default_name(config["SQLALCHEMY_DATABASE_URI"])
    if url := config["JOBS_REDIS_URL"]:
        return RedisHuey(name, url=url, results=False)
    path = config["JOBS_SQLITE_PATH"] or str(Path(app.instance_path) / "jobs.sqlite3")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=path, results=False)


def default_name(database_url: str) -> str:
    """One queue per database: apps on two databases never swap jobs."""
    return "carnet-" + hashlib.sha256(database_url.encode()).hexdigest()[:12]


def init_jobs(app: Flask) -> None:
    """Attach the queue to the app and add the ``jobs`` command."""
    app.extensions[EXTENSION] = JobQueue(app)
    app.cli.add_command(jobs_command)


def queue_of(app: Flask) -> JobQueue:
    """Return the app's job queue."""
    queue: JobQueue = app.extensions[EXTENSION]
    return queue


@click.command("jobs")
@click.option("--workers", default=2, show_default=True, help="Tâches en parallèle.")
@with_appcontext
def jobs_command(workers: int) -> None:
    """Run the job consumer (production: beside the web workers)."""
    huey = queue_of(current_app).huey
    huey.create_consumer(workers=workers, worker_type="thread").run()
