"""The append-only grade history and the import batches it refers to (D5, D8)."""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.enums import ChangeSource, HistoryEntity, ImportKind, ImportState
from service.models.types import UtcDateTime, enum_type, utc_now
from service.models.users import User


class ImportBatch(Base):
    """One uploaded spreadsheet, from preview to commit or failure."""

    __tablename__ = "import_batches"
    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint(
            "rows_read = rows_imported + rows_rejected", name="rows_accounted"
        ),
        {"sqlite_autoincrement": True},  # ids never reused: history points at them
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What was imported: a Carnet gradebook, a Moodle export, a roster…
    kind: Mapped[ImportKind] = mapped_column(enum_type(ImportKind, "import_kind"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    #: Hex SHA-256 of the uploaded bytes.
    sha256: Mapped[str] = mapped_column(String(64))
    rows_read: Mapped[int] = mapped_column(default=0)
    rows_imported: Mapped[int] = mapped_column(default=0)
    rows_rejected: Mapped[int] = mapped_column(default=0)
    state: Mapped[ImportState] = mapped_column(
        enum_type(ImportState, "import_state"), default=ImportState.PREVIEWED
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ImportBatch {self.id} {self.file_name!r} {self.state}>"


class GradeHistory(Base):
    """One change of a grade, CCF proposal or exam grade; rows are only ever added
    (the database refuses UPDATE and DELETE) and each is sealed (T40)."""

    __tablename__ = "grade_history"
    __table_args__ = (Index("ix_grade_history_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[HistoryEntity] = mapped_column(
        enum_type(HistoryEntity, "history_entity")
    )
    #: Id in the table named by ``entity`` (no FK: history outlives the row).
    entity_id: Mapped[int]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    source: Mapped[ChangeSource] = mapped_column(
        enum_type(ChangeSource, "change_source")
    )
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    #: The row's values before and after, as JSON (numbers as strings); NULL for
    #: an insert (old) or a delete (new).
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    #: HMAC-SHA256 of the row and the previous row's seal of the same entity (T40).
    seal: Mapped[str] = mapped_column(String(64))

    actor: Mapped[User | None] = relationship()
    import_batch: Mapped[ImportBatch | None] = relationship()

    def __repr__(self) -> str:
        return f"<GradeHistory {self.id} {self.entity}#{self.entity_id} {self.source}>"
