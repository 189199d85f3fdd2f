"""Justifications of absences: reason, status, optional document (staff)."""

from typing import Any

RULES: dict[str, Any] = {}
