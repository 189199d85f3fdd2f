"""What an import batch keeps between preview, commit and undo; remembered mappings."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.audit import ImportBatch
from service.models.types import UtcDateTime, utc_now


class ImportPayload(Base):
    """A batch's normalized rows, its preview and, once committed, its changes."""

    __tablename__ = "import_payloads"

    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id"), primary_key=True
    )
    #: Uploaded with « forcer » : a stale sheet is imported anyway (Moodle's rule).
    forced: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Counts, first rows and every error, as shown to the user.
    preview: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: The rows to write at commit (numbers as strings).
    rows: Mapped[list[Any]] = mapped_column(JSON)
    #: After commit: each grade written, its version after the write and its old values.
    changes: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))

    batch: Mapped[ImportBatch] = relationship()


class ImportMapping(Base):
    """A trainer's column mapping of a generic sheet, keyed by its headers."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("user_id", "signature"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: Hex SHA-256 of the normalized headers.
    signature: Mapped[str] = mapped_column(String(64))
    headers: Mapped[list[Any]] = mapped_column(JSON)
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
