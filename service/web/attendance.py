"""Attendance figures per cohort, apprentice and subject, against the curriculum."""

from typing import Any

RULES: dict[str, Any] = {}
