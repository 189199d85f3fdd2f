"""What a roll-call mark holds, its table, and the check of its minutes (R8).

A mark is present or absent; minutes late and left early are whole numbers
within the half-day's planned minutes, and only for an apprentice present. The
values are written as a history record the way ``carnet verify-audit`` replays
them (D8).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.models import AttendanceMark, HistoryEntity, Presence
from service.operations.versioned import Kind

MARKS = AttendanceMark.metadata.tables[AttendanceMark.__tablename__]
MARK_ROWS = Kind(MARKS, HistoryEntity.ATTENDANCE_MARK)
#: The minutes a mark holds, and their names in French messages.
MINUTE_FIELDS = {"late_minutes": "Le retard", "early_minutes": "Le départ anticipé"}


@dataclass(frozen=True, slots=True)
class MarkValues:
    """What a mark holds: presence, minutes late and minutes left early."""

    presence: Presence
    late_minutes: int = 0
    early_minutes: int = 0

    @classmethod
    def of(cls, mark: Any) -> MarkValues:
        """Return the values of a mark row (ORM object or result row)."""
        return cls(Presence(mark.presence), mark.late_minutes, mark.early_minutes)

    def columns(self) -> dict[str, Any]:
        """Return the values by column name."""
        return {
            "presence": self.presence,
            "late_minutes": self.late_minutes,
            "early_minutes": self.early_minutes,
        }

    def as_history(self) -> dict[str, Any]:
        """Return the values as a history record."""
        return self.columns() | {"presence": str(self.presence)}


def minute_errors(values: MarkValues, planned: int) -> dict[str, str]:
    """Why a mark's minutes are refused, by field (0 … the half-day's minutes)."""
    errors: dict[str, str] = {}
    for name, label in MINUTE_FIELDS.items():
        minutes = getattr(values, name)
        if values.presence is Presence.ABSENT and minutes:
            errors[name] = f"{label} ne s'applique qu'à un·e apprenti·e présent·e."
        elif not 0 <= minutes <= planned:
            errors[name] = (
                f"{label} doit être compris entre 0 et {planned} minutes "
                "(la durée de la demi-journée)."
            )
    if not errors and values.late_minutes + values.early_minutes > planned:
        errors["early_minutes"] = (
            "Le retard et le départ anticipé dépassent ensemble la durée "
            f"de la demi-journée ({planned} minutes)."
        )
    return errors
