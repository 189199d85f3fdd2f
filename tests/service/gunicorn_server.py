"""Real gunicorn servers for tests and the load bench: gunicorn.conf.py, a free
port on 127.0.0.1, a migrated SQLite (or given) database, stopped by its own pid."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.service.conftest import DatabaseSetup, copy_template

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET = "gunicorn-test-key-0123456789abcdef0123456789"
START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its base URL and its access log (pid and status per line)."""

    url: str
    access_log: Path

    def pids(self) -> set[str]:
        """The worker pids that answered requests."""
        lines = self.access_log.read_text(encoding="utf-8").splitlines()
        return {line.split()[0] for line in lines if line.strip()}


def free_port() -> int:
    """A port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def environment(folder: Path, extra: Mapping[str, str] = {}) -> dict[str, str]:
    """The variables of a served Carnet: its database in ``folder`` unless given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARNET_")}
    env.pop("DATABASE_URL", None)
    env |= {
        "DATABASE_URL": f"sqlite:///{folder / 'carnet.db'}",
        "SECRET_KEY": SECRET,
        "PYTHONPATH": str(ROOT),
    }
    return env | dict(extra)


def flask_command(env: Mapping[str, str], *args: str) -> None:
    """Run ``flask --app wsgi carnet ARGS`` against the served database."""
    subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", "carnet", *args],
        cwd=ROOT,
        env=dict(env),
        check=True,
        capture_output=True,
    )


def migrated_sqlite(
    database: DatabaseSetup, folder: Path, env: Mapping[str, str]
) -> None:
    """Put a migrated SQLite database in ``folder``: the tests' template if any."""
    if database.template is None:  # the suite runs on PostgreSQL
        flask_command(env, "init")
    else:
        copy_template(database.template, folder / "carnet.db")


def command(
    port: int, workers: int, access_log: Path, app: tuple[str, ...] = ("wsgi:app",)
) -> list[str]:
    """The gunicorn command line (the README's, on a test port); ``app``: its
    application arguments (the bench's floor: ``--pythonpath bench load:…``)."""
    return [
        str(BIN / "gunicorn"),
        "-c",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        str(access_log),
        "--access-logformat",
        "%(p)s %(s)s",
        *app,
    ]


@contextmanager
def served(
    env: Mapping[str, str],
    folder: Path,
    workers: int,
    app: tuple[str, ...] = ("wsgi:app",),
) -> Iterator[Server]:
    """Start gunicorn, wait for /healthz, yield it, stop it (SIGINT, its pid)."""
    port, log = free_port(), folder / f"access-{workers}.log"
    log.touch()
    errors = folder / f"gunicorn-{workers}.err"
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            command(port, workers, log, app),
            cwd=ROOT,
            env=dict(env),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, url, errors)
        yield Server(url, log)
    finally:
        process.send_signal(signal.SIGINT)  # quick shutdown
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(process: subprocess.Popen[bytes], url: str, errors: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = errors.read_text(encoding="utf-8", errors="replace")
            raise RuntimeError(f"gunicorn stopped ({process.returncode}): {error}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer in time")
