"""Security events in the application log (T21): logins, refusals, rejected imports.

One line per event, ``event=<name> key=value …``: values are quoted with their
control characters escaped, so a name holding ``\\r\\n`` cannot forge a second
line. Passwords and tokens are never passed here. Times are UTC (``install``).
"""

from __future__ import annotations

import logging
import re
import time

from flask import Flask, current_app
from flask.logging import default_handler

FORMAT = "%(asctime)sZ %(levelname)s %(name)s: %(message)s"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def log_event(event: str, *, level: int = logging.INFO, **fields: object) -> None:
    """Write one event line to the app's log."""
    details = " ".join(f"{name}={_quoted(value)}" for name, value in fields.items())
    current_app.logger.log(level, "event=%s %s", event, details)


def _quoted(value: object) -> str:
    text = _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", str(value))
    return '"' + text.replace('"', '\\"') + '"'


def install_event_log(app: Flask) -> None:
    """Log at INFO with UTC timestamps on Flask's handler."""
    formatter = logging.Formatter(FORMAT, datefmt="%Y-%m-%dT%H:%M:%S")
    formatter.converter = time.gmtime
    default_handler.setFormatter(formatter)
    if app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)
