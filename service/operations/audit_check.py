"""Verify the grade history (T40): every seal, and every tracked row replayed from it.

A history row whose seal does not verify was edited, forged, or follows a removed
row. A grade, CCF situation or exam grade whose history does not replay to its
stored values, or whose history length differs from its version, was changed
behind the history's back (or lost history rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from service.extensions import Base, db
from service.models import (
    AttendanceMark,
    CcfSituation,
    ExamUnitGrade,
    Grade,
    GradeHistory,
)
from service.models import HistoryEntity as Entity
from service.operations.ccf import Proposal
from service.operations.exam_grades import ExamValues
from service.operations.grades import GradeValues
from service.operations.mark_values import MarkValues
from service.operations.seals import SEALED_FIELDS, Sealer

BATCH = 5_000


def _ccf_values(row: Any) -> dict[str, Any]:
    proposal = Proposal(row.proposed_grade, row.comment).as_history()
    return proposal | {"state": str(row.state)}


#: Each history entity: its table, and its stored values as the history writes them.
TRACKED: dict[Entity, tuple[type[Base], Callable[[Any], dict[str, Any]]]] = {
    Entity.GRADE: (Grade, lambda row: GradeValues.of(row).as_history()),
    Entity.CCF_SITUATION: (CcfSituation, _ccf_values),
    Entity.EXAM_UNIT_GRADE: (
        ExamUnitGrade,
        lambda row: ExamValues.of(row).as_history(),
    ),
    Entity.ATTENDANCE_MARK: (
        AttendanceMark,
        lambda row: MarkValues.of(row).as_history(),
    ),
}


@dataclass(slots=True)
class Replay:
    """What a row's history says: how many changes, and the values they leave."""

    changes: int = 0
    #: The ``new`` values merged in order; None once the row was deleted.
    values: dict[str, Any] | None = field(default_factory=dict)


@dataclass(slots=True)
class AuditReport:
    """The outcome of a verification."""

    rows: int = 0
    #: Rows replayed, by entity.
    replayed: dict[str, int] = field(default_factory=dict)
    #: History row ids whose seal does not verify.
    broken_seals: list[int] = field(default_factory=list)
    #: (entity, id) of rows whose history does not replay to what is stored.
    unreplayed: list[tuple[str, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing was found."""
        return not self.broken_seals and not self.unreplayed


def verify_history(sealer: Sealer) -> AuditReport:
    """Check every history row's seal, then replay every tracked row."""
    report = AuditReport()
    replays = _check_seals(sealer, report)
    for entity, (model, values_of) in TRACKED.items():
        _check_rows(entity, model, values_of, replays.get(entity, {}), report)
    return report


def _check_seals(
    sealer: Sealer, report: AuditReport
) -> dict[Entity, dict[int, Replay]]:
    replays: dict[Entity, dict[int, Replay]] = {}
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
        replay = replays.setdefault(row.entity, {}).setdefault(row.entity_id, Replay())
        replay.changes += 1
        replay.values = None if row.new is None else (replay.values or {}) | row.new
        db.session.expunge(row)
    return replays


def _check_rows(
    entity: Entity,
    model: type[Base],
    values_of: Callable[[Any], dict[str, Any]],
    replays: dict[int, Replay],
    report: AuditReport,
) -> None:
    seen: set[int] = set()
    count = 0
    rows: Any = db.session.scalars(select(model).execution_options(yield_per=BATCH))
    for row in rows:
        count += 1
        seen.add(row.id)
        replay = replays.get(row.id, Replay())
        stored = values_of(row)
        merged = replay.values or {}
        if replay.changes != row.version or any(
            stored.get(key) != value for key, value in merged.items()
        ):
            report.unreplayed.append((str(entity), row.id))
        db.session.expunge(row)
    report.replayed[str(entity)] = count
    # A row gone from its table must end its history on a deletion.
    report.unreplayed += sorted(
        (str(entity), row_id)
        for row_id, replay in replays.items()
        if row_id not in seen and replay.values is not None
    )
