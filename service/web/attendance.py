"""Attendance figures: per cohort, per apprentice, per subject, against the curriculum."""

from typing import Any

RULES: dict[str, Any] = {}
