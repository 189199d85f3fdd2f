"""The audit trail: accepted sensitive operations and refused writes (T07).

An accepted operation (a lock, an unlock) is recorded in the request's own
transaction. A refused write raises ``RefusedWrite``; the API's handler rolls the
request back and records the refusal in a transaction of its own, so the trace
survives while the attempted change is discarded.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from http import HTTPStatus
from logging import WARNING
from typing import Any

from sqlalchemy import Select, select

from service.events import log_event
from service.extensions import db
from service.models import AuditEvent
from service.problems import Problem


class AuditOutcome(enum.StrEnum):
    """How an audited operation ended."""

    ACCEPTED = "accepted"
    #: The target (assessment, session) is locked.
    REFUSED_LOCKED = "refused_locked"
    #: The target is published and can no longer change (R7).
    REFUSED_PUBLISHED = "refused_published"


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """What to write in the audit trail about one operation."""

    actor_id: int | None
    action: str
    target_kind: str
    target_id: int | None
    outcome: AuditOutcome
    detail: dict[str, Any] = field(default_factory=dict)

    def to_event(self) -> AuditEvent:
        """Return the row recording this operation."""
        return AuditEvent(
            actor_id=self.actor_id,
            action=self.action,
            target_kind=self.target_kind,
            target_id=self.target_id,
            outcome=str(self.outcome),
            detail=self.detail or None,
        )


class RefusedWrite(Problem):
    """A write refused by the state of its target: 409, and the refusal is audited."""

    def __init__(self, detail: str, record: AuditRecord) -> None:
        super().__init__(
            HTTPStatus.CONFLICT, detail, slug=str(record.outcome).replace("_", "-")
        )
        self.record = record


def record_event(record: AuditRecord) -> AuditEvent:
    """Add an audit row to the current transaction (for accepted operations)."""
    event = record.to_event()
    db.session.add(event)
    return event


def persist_refusal(record: AuditRecord) -> None:
    """Discard the request's work, then commit the refusal's audit row on its own.

    The rollback comes first: the refused work must not be committed with it, and
    on SQLite a transaction that has written holds the write lock (D7).
    """
    db.session.rollback()
    db.session.add(record.to_event())
    db.session.commit()
    log_event(
        "write.refused",
        level=WARNING,
        action=record.action,
        actor=record.actor_id,
        target=f"{record.target_kind} {record.target_id}",
        outcome=record.outcome,
    )


def audit_events(action: str | None, actor_id: int | None) -> Select[AuditEvent]:
    """Return the audit rows, newest first, filtered by action and actor."""
    statement = select(AuditEvent).order_by(AuditEvent.id.desc())
    if action is not None:
        statement = statement.where(AuditEvent.action == action)
    if actor_id is not None:
        statement = statement.where(AuditEvent.actor_id == actor_id)
    return statement
