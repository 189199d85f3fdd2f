"""Refuse to start in production with a development setting (T19).

``PRODUCTION`` (``CARNET_PRODUCTION=true``) turns the checks on: no debug or test
mode, a secret key set in the environment (32 bytes or more, not one of the
repository's), HTTPS-only cookies and a list of trusted host names (any other
``Host`` header gets 400). defusedxml is checked on every start (D3).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MIN_SECRET_BYTES = 32
#: Words found in the development, test and bench keys of this repository.
DEVELOPMENT_WORDS = ("test", "dev", "bench", "demo", "example", "change", "secret-key")


class UnsafeConfigurationError(RuntimeError):
    """The production configuration has development settings."""


def production_problems(config: Mapping[str, Any]) -> list[str]:
    """Return what keeps this configuration from serving in production."""
    problems = [
        f"{name} est activé" for name in ("DEBUG", "TESTING") if config.get(name)
    ]
    key = str(config.get("SECRET_KEY") or "")
    if not key:
        problems.append("SECRET_KEY manque (variable d'environnement)")
    elif len(key.encode()) < MIN_SECRET_BYTES:
        problems.append(f"SECRET_KEY a moins de {MIN_SECRET_BYTES} octets")
    elif any(word in key.lower() for word in DEVELOPMENT_WORDS):
        problems.append("SECRET_KEY est une clé de développement")
    if not config.get("SESSION_COOKIE_SECURE"):
        problems.append("SESSION_COOKIE_SECURE doit être vrai (HTTPS)")
    if not config.get("TRUSTED_HOSTS"):
        problems.append('TRUSTED_HOSTS manque (ex. ["carnet.mon-cfa.fr"])')
    return problems


def check_production(config: Mapping[str, Any]) -> None:
    """Raise UnsafeConfigurationError when PRODUCTION is on and a check fails."""
    if not config.get("PRODUCTION"):
        return
    if problems := production_problems(config):
        raise UnsafeConfigurationError(
            "Configuration refusée en production : " + " ; ".join(problems) + "."
        )
