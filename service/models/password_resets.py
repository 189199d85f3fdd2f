"""One-time password reset links, made by the director (there is no mail server)."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.types import UtcDateTime, utc_now
from service.models.users import User


class PasswordReset(Base):
    """A link that lets ``user`` choose a new password once, before ``expires_at``.

    Only the SHA-256 of the link's secret is stored: the director sees the link
    once, when it is made.
    """

    __tablename__ = "password_resets"
    __table_args__ = (CheckConstraint("length(token_hash) = 64", name="hash_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    #: Hex SHA-256 of the link's secret.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<PasswordReset {self.id} user={self.user_id}>"
