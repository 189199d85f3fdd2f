"""The trainer's roll call (« émargement ») of a half-day: marks, close, reopen."""

from typing import Any

RULES: dict[str, Any] = {}
