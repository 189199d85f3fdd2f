"""Company tutors (maîtres d'apprentissage) and the apprentices they follow."""

from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.cohorts import Student
from service.models.types import UtcDateTime, utc_now
from service.models.users import User


class TutorLink(Base):
    """One apprentice followed by one tutor account, linked by the director."""

    __tablename__ = "tutor_links"
    __table_args__ = (UniqueConstraint("tutor_id", "student_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tutor_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    tutor: Mapped[User] = relationship()
    student: Mapped[Student] = relationship()

    def __repr__(self) -> str:
        return f"<TutorLink tutor={self.tutor_id} student={self.student_id}>"
