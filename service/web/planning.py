"""The cohort's planning of half-days (director): generate, edit, check hours."""

from typing import Any

RULES: dict[str, Any] = {}
