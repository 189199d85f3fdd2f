"""Background jobs: long exports run by the queue, their progress and their file."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.types import UtcDateTime, enum_type, utc_now
from service.models.users import User


class JobState(enum.StrEnum):
    """Where a job is: waiting in the queue, running, or over."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Base):
    """One piece of long work: who started it, how far it is, its file when done.

    ``heartbeat_at`` moves with each step: a running job whose heartbeat stops
    (its worker died) is reported as failed, never left running forever.
    """

    __tablename__ = "jobs"
    __table_args__ = (CheckConstraint("done >= 0 AND total >= 0", name="progress"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What the job does, e.g. "centre_export", "session_pv".
    kind: Mapped[str] = mapped_column(String(40))
    #: Its French description, shown on the exports page.
    label: Mapped[str] = mapped_column(String(200))
    #: What it works on, e.g. {"session_id": 3}.
    params: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    state: Mapped[JobState] = mapped_column(
        enum_type(JobState, "job_state"), default=JobState.QUEUED, index=True
    )
    started_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: Progress: ``done`` steps of ``total``.
    done: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    #: Why it failed, in French.
    message: Mapped[str | None] = mapped_column(String(500))
    #: The file offered when done: its download name, and its name in the
    #: exports folder (outside the web root).
    file_name: Mapped[str | None] = mapped_column(String(200))
    stored_name: Mapped[str | None] = mapped_column(String(100))

    started_by: Mapped[User] = relationship()

    @property
    def percent(self) -> int:
        """Progress in whole percent (100 once done)."""
        if self.state is JobState.DONE:
            return 100
        return self.done * 100 // self.total if self.total else 0

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.kind} {self.state} {self.done}/{self.total}>"
