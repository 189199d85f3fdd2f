"""The director's record of work-study contracts (people tabs)."""

from typing import Any

RULES: dict[str, Any] = {}
