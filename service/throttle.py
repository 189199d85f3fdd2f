"""Login throttling (T12): attempts counted per account from one address, per
account and per address, in fixed windows kept where every worker sees them.

An attempt over a limit is refused before any password is checked (429 with
Retry-After); a successful login clears the account's counters. The store is
``LOGIN_LIMIT_STORAGE``: ``memory://`` (one process, the default) or a Redis URL
(``redis://127.0.0.1:6379/0``) so that gunicorn's workers share the counts.
gunicorn.conf.py refuses to start several workers on ``memory://``
(``several_workers_problem``): each would count apart. A store that does not
answer (Redis down) makes the login answer 503 with Retry-After, never 500.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from service.problems import Problem

EXTENSION_KEY = "carnet.login_throttle"
#: Stores that live in one process: each gunicorn worker would count apart.
PROCESS_STORES = ("memory://",)
STORE_DOWN = (
    "Connexion momentanément impossible : le service qui compte les tentatives "
    "ne répond pas. Réessayez dans un instant."
)
STORE_RETRY_AFTER_SECONDS = 5


class TooManyAttemptsError(Exception):
    """Too many login attempts: wait ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class LoginThrottle:
    """The limits and the shared counters."""

    limiter: FixedWindowRateLimiter
    #: By scope: "account_address", "account", "address".
    limits: dict[str, RateLimitItem]
    #: First part of every key (LOGIN_LIMIT_NAMESPACE): apps sharing it share counts.
    namespace: str

    def attempt(self, email: str, address: str) -> None:
        """Count an attempt; raise TooManyAttemptsError when a limit is passed."""
        with _store_answers():
            for scope, keys in self._keys(email, address):
                item = self.limits[scope]
                if not self.limiter.hit(item, self.namespace, scope, *keys):
                    reset = self.limiter.get_window_stats(
                        item, self.namespace, scope, *keys
                    )
                    raise TooManyAttemptsError(
                        max(1, math.ceil(reset.reset_time - time.time()))
                    )

    def succeeded(self, email: str, address: str) -> None:
        """Forget the account's attempts after a successful login."""
        with _store_answers():
            for scope, keys in self._keys(email, address):
                if scope != "address":
                    item = self.limits[scope]
                    self.limiter.clear(item, self.namespace, scope, *keys)

    @staticmethod
    def _keys(email: str, address: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return (
            ("account_address", (email, address)),
            ("account", (email,)),
            ("address", (address,)),
        )


@contextmanager
def _store_answers() -> Iterator[None]:
    """Turn a store that does not answer into 503 with Retry-After."""
    try:
        yield
    except StorageError as error:
        current_app.logger.error("Login throttle store down: %s", error.storage_error)
        raise Problem(
            HTTPStatus.SERVICE_UNAVAILABLE,
            STORE_DOWN,
            headers={"Retry-After": str(STORE_RETRY_AFTER_SECONDS)},
        ) from error


def several_workers_problem(config: Mapping[str, Any], workers: int) -> str | None:
    """Why ``workers`` processes cannot share this configuration's login counts."""
    storage = str(config["LOGIN_LIMIT_STORAGE"])
    if workers > 1 and storage.startswith(PROCESS_STORES):
        return (
            f"{workers} workers et LOGIN_LIMIT_STORAGE={storage} : chacun compterait "
            "les tentatives de connexion à part (T12). Donnez un Redis partagé "
            "(CARNET_LOGIN_LIMIT_STORAGE=redis://127.0.0.1:6379/0) ou un seul worker."
        )
    return None


def install_login_throttle(app: Flask) -> None:
    """Build the throttle from the LOGIN_LIMIT* settings."""
    limits = {scope: parse(text) for scope, text in app.config["LOGIN_LIMITS"].items()}
    storage = storage_from_string(
        app.config["LOGIN_LIMIT_STORAGE"], wrap_exceptions=True
    )
    namespace = app.config["LOGIN_LIMIT_NAMESPACE"]
    limiter = FixedWindowRateLimiter(storage)
    app.extensions[EXTENSION_KEY] = LoginThrottle(limiter, limits, namespace)


def login_throttle() -> LoginThrottle:
    """The running app's throttle."""
    throttle: LoginThrottle = current_app.extensions[EXTENSION_KEY]
    return throttle
