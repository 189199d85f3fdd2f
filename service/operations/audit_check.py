"""Verify the grade history (T40): every seal, and every grade replayed from it.

A row whose seal does not verify was edited, forged, or follows a removed row. A
grade whose history does not end on its current values, or whose history length
differs from its version, was changed behind the history's back (or lost rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from service.extensions import db
from service.models import Grade, GradeHistory, HistoryEntity
from service.operations.grades import GradeValues
from service.operations.seals import SEALED_FIELDS, Sealer

BATCH = 5_000


@dataclass(slots=True)
class Replay:
    """What a grade's history says: how many changes, and the last values."""

    changes: int = 0
    last: dict[str, Any] | None = None


@dataclass(slots=True)
class AuditReport:
    """The outcome of a verification."""

    rows: int = 0
    grades: int = 0
    #: History row ids whose seal does not verify.
    broken_seals: list[int] = field(default_factory=list)
    #: Grade ids whose history does not replay to the stored row.
    unreplayed_grades: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.broken_seals and not self.unreplayed_grades


def verify_history(sealer: Sealer) -> AuditReport:
    """Check every history row's seal, then replay the history of every grade."""
    report = AuditReport()
    replays = _check_seals(sealer, report)
    _check_grades(replays, report)
    return report


def _check_seals(sealer: Sealer, report: AuditReport) -> dict[int, Replay]:
    replays: dict[int, Replay] = {}
    chains: dict[tuple[str, int], str] = {}
    rows = db.session.execute(
        select(GradeHistory)
        .order_by(GradeHistory.entity, GradeHistory.entity_id, GradeHistory.id)
        .execution_options(yield_per=BATCH)
    ).scalars()
    for row in rows:
        report.rows += 1
        link = (str(row.entity), row.entity_id)
        values = {name: getattr(row, name) for name in SEALED_FIELDS}
        if sealer.seal(chains.get(link), values) != row.seal:
            report.broken_seals.append(row.id)
        chains[link] = row.seal
        if row.entity is HistoryEntity.GRADE:
            replay = replays.setdefault(row.entity_id, Replay())
            replay.changes += 1
            replay.last = row.new
        db.session.expunge(row)
    return replays


def _check_grades(replays: dict[int, Replay], report: AuditReport) -> None:
    stored = db.session.execute(
        select(Grade.id, Grade.version, Grade.score, Grade.status, Grade.comment)
    )
    seen: set[int] = set()
    for grade in stored:
        report.grades += 1
        seen.add(grade.id)
        replay = replays.get(grade.id, Replay())
        current = GradeValues.of(grade).as_history()
        if replay.changes != grade.version or replay.last != current:
            report.unreplayed_grades.append(grade.id)
    # A grade gone from the table must have its deletion in the history.
    report.unreplayed_grades += sorted(
        grade_id
        for grade_id, replay in replays.items()
        if grade_id not in seen and replay.last is not None
    )
