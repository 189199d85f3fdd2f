"""Login throttling (T12): attempts counted per account from one address, per
account and per address, in fixed windows kept where every worker sees them.

An attempt over a limit is refused before any password is checked (429 with
Retry-After); a successful login clears the account's counters. The store is
``LOGIN_LIMIT_STORAGE``: ``memory://`` (one process, the default) or a Redis URL
(``redis://127.0.0.1:6379/0``) so that gunicorn's workers share the counts.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

EXTENSION_KEY = "carnet.login_throttle"


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
        for scope, keys in self._keys(email, address):
            if scope != "address":
                self.limiter.clear(self.limits[scope], self.namespace, scope, *keys)

    @staticmethod
    def _keys(email: str, address: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return (
            ("account_address", (email, address)),
            ("account", (email,)),
            ("address", (address,)),
        )


def install_login_throttle(app: Flask) -> None:
    """Build the throttle from the LOGIN_LIMIT* settings."""
    limits = {scope: parse(text) for scope, text in app.config["LOGIN_LIMITS"].items()}
    storage = storage_from_string(app.config["LOGIN_LIMIT_STORAGE"])
    namespace = app.config["LOGIN_LIMIT_NAMESPACE"]
    limiter = FixedWindowRateLimiter(storage)
    app.extensions[EXTENSION_KEY] = LoginThrottle(limiter, limits, namespace)


def login_throttle() -> LoginThrottle:
    """The running app's throttle."""
    throttle: LoginThrottle = current_app.extensions[EXTENSION_KEY]
    return throttle
