"""The append-only grade history (D8): one row per change, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert

from service.extensions import db
from service.models import ChangeSource, GradeHistory, HistoryEntity

HISTORY = GradeHistory.metadata.tables[GradeHistory.__tablename__]


@dataclass(frozen=True, slots=True)
class ChangeContext:
    """Who changes grades, from where (and which import batch, if any)."""

    actor_id: int | None
    source: ChangeSource
    import_batch_id: int | None = None


def record_change(
    context: ChangeContext,
    entity: HistoryEntity,
    entity_id: int,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> GradeHistory:
    """Add one history row for a change of ``entity`` (numbers given as strings)."""
    row = GradeHistory(
        entity=entity,
        entity_id=entity_id,
        actor_id=context.actor_id,
        source=context.source,
        import_batch_id=context.import_batch_id,
        old=old,
        new=new,
    )
    db.session.add(row)
    return row


def record_changes(rows: list[dict[str, Any]]) -> None:
    """Insert many history rows in one executemany (Core: every row has every key)."""
    if rows:
        db.session.execute(insert(HISTORY), rows)
