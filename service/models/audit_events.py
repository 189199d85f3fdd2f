"""The audit trail of sensitive operations, refusals included (T07)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.types import UtcDateTime, utc_now
from service.models.users import User


class AuditEvent(Base):
    """One audited operation: who tried what on which row, and how it ended.

    Refused writes are recorded in their own transaction, so the row survives the
    rollback of the request that was refused.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    #: What was attempted, e.g. "grade.write", "assessment.unlock".
    action: Mapped[str] = mapped_column(String(60), index=True)
    #: The kind of row aimed at, e.g. "assessment", and its id.
    target_kind: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None]
    #: How it ended, e.g. "refused_locked", "accepted".
    outcome: Mapped[str] = mapped_column(String(40))
    #: Context for people (reason, counts); JSON, numbers as strings.
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return (
            f"<AuditEvent {self.id} {self.action} "
            f"{self.target_kind}#{self.target_id} {self.outcome}>"
        )
