"""The cohort's planning of half-days (director): generate, edit, hours against the curriculum."""

from typing import Any

RULES: dict[str, Any] = {}
