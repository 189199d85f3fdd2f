"""gunicorn settings for Carnet: ``gunicorn -c gunicorn.conf.py wsgi:app``.

gunicorn's own limits sit outside the app's, so that the app answers first, in
French and with its security headers (T18), rather than gunicorn's bare pages:

- a request line of up to 8190 bytes (gunicorn's largest) reaches the app, which
  refuses URLs over ``MAX_URL_LENGTH`` (4096) with its own 414;
- the worker timeout (60 s) is far above the app's longest bounded work: a lock
  wait of ``LOCK_TIMEOUT_MS`` (5 s, then 503) and the upload gates (3 s).

Several workers need a shared login-attempt store (T12): ``on_starting`` refuses
to start them on ``memory://``, where each worker would count apart.
Command-line options (``--workers 4``, ``--bind``) override these values.
"""

from __future__ import annotations

from typing import Any

from service.app import create_app
from service.throttle import several_workers_problem

bind = "127.0.0.1:8000"
#: Two sync workers on two cores: the work is CPU-bound (exact averages, JSON).
#: bench/load.py's mix at 50 clients, alternated runs on SQLite (issue 10):
#: sync x2 119-205 req/s (p95 414-737 ms), gthread x2 threads=4 106-185
#: (p95 508-989), sync x3 116-189, sync x4 61-114; on PostgreSQL none ahead.
workers = 2
worker_class = "sync"
#: gunicorn's maximum (8190): the app's MAX_URL_LENGTH (4096) refuses first.
limit_request_line = 8190
#: Seconds; the app's own limits (lock wait 5 s, uploads 3 s) answer long before.
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
#: A worker is replaced after this many requests (bounds any slow leak).
max_requests = 5000
max_requests_jitter = 500


def on_starting(server: Any) -> None:
    """Refuse several workers without a shared login-attempt store (T12)."""
    config = create_app().config
    problem = several_workers_problem(config, int(server.cfg.workers))
    if problem:
        raise RuntimeError(f"Carnet refuse de démarrer : {problem}")
    too_slow = int(config["LOCK_TIMEOUT_MS"]) / 1000
    if too_slow >= server.cfg.timeout:
        raise RuntimeError(
            f"Carnet refuse de démarrer : LOCK_TIMEOUT_MS ({too_slow:g} s) doit "
            f"rester sous le délai des workers gunicorn ({server.cfg.timeout} s)."
        )
