"""The append-only grade history (D8): one sealed row per change, in the same
transaction. The database refuses to update or delete these rows (migration
``b7e4c2d9f1a3``); ``service.operations.audit_check`` verifies the seals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import insert, select

from service.extensions import db
from service.models import ChangeSource, GradeHistory, HistoryEntity, utc_now
from service.operations.seals import Sealer

HISTORY = GradeHistory.metadata.tables[GradeHistory.__tablename__]
#: Entity ids per query when looking up the last seals (well under SQLite's limit).
LOOKUP_CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class ChangeContext:
    """Who changes grades, from where (and which import batch, if any)."""

    actor_id: int | None
    source: ChangeSource
    import_batch_id: int | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One change of a graded row: which row, its values before and after."""

    entity: HistoryEntity
    entity_id: int
    old: dict[str, Any] | None
    new: dict[str, Any] | None


def current_sealer() -> Sealer:
    """The sealer of the running app (key: AUDIT_KEY, else SECRET_KEY)."""
    config = current_app.config
    return Sealer(config.get("AUDIT_KEY") or config["SECRET_KEY"])


def record_change(
    context: ChangeContext,
    entity: HistoryEntity,
    entity_id: int,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
) -> None:
    """Add one sealed history row for a change of ``entity`` (numbers as strings)."""
    change = Change(entity, entity_id, old, new)
    record_changes([change_row(context, change, utc_now())])


def change_row(context: ChangeContext, change: Change, at: datetime) -> dict[str, Any]:
    """One history row (old and new values) for ``record_changes``."""
    return {
        "entity": change.entity,
        "entity_id": change.entity_id,
        "actor_id": context.actor_id,
        "source": context.source,
        "import_batch_id": context.import_batch_id,
        "old": change.old,
        "new": change.new,
        "at": at,
    }


def record_changes(rows: list[dict[str, Any]]) -> None:
    """Seal and insert many history rows in one executemany (Core: every key set)."""
    if not rows:
        return
    sealer = current_sealer()
    chains: dict[tuple[HistoryEntity, int], str] = {}
    for entity in {row["entity"] for row in rows}:
        ids = [row["entity_id"] for row in rows if row["entity"] == entity]
        chains.update(
            ((entity, i), value) for i, value in last_seals(entity, ids).items()
        )
    for row in rows:
        link = (row["entity"], row["entity_id"])
        row["seal"] = chains[link] = sealer.seal(chains.get(link), row)
    db.session.execute(insert(HISTORY), rows)


def last_seals(entity: HistoryEntity, entity_ids: Iterable[int]) -> dict[int, str]:
    """Return the seal of the newest history row of each entity id that has one."""
    wanted = sorted(set(entity_ids))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        rows = db.session.execute(
            select(GradeHistory.entity_id, GradeHistory.seal)
            .where(
                GradeHistory.entity == entity,
                GradeHistory.entity_id.in_(wanted[start : start + LOOKUP_CHUNK]),
            )
            .order_by(GradeHistory.id)
        )
        found.update((row.entity_id, row.seal) for row in rows)
    return found
