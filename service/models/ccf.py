"""CCF situations (U4, U6): proposals hidden from students until published (R7)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.cohorts import Student
from service.models.enums import CcfState, EvaluatorRole
from service.models.types import (
    Hundredths,
    UtcDateTime,
    enum_type,
    out_of_twenty,
    utc_now,
)
from service.models.users import User


class CcfSituation(Base):
    """One CCF situation of one student for one unit, with its proposed grade."""

    __tablename__ = "ccf_situations"
    __table_args__ = (
        UniqueConstraint("student_id", "unit", "situation_number"),
        CheckConstraint("situation_number >= 1", name="situation_number_positive"),
        out_of_twenty("proposed_grade"),
        CheckConstraint("version >= 1", name="version_positive"),
        {"sqlite_autoincrement": True},  # ids never reused: history points at them
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    unit: Mapped[str] = mapped_column(String(8))
    situation_number: Mapped[int]
    held_on: Mapped[date | None]
    #: Out of 20, in hundredths; a proposal to the jury (R7).
    proposed_grade: Mapped[Decimal | None] = mapped_column(Hundredths)
    state: Mapped[CcfState] = mapped_column(
        enum_type(CcfState, "ccf_state"), default=CcfState.PROPOSED
    )
    comment: Mapped[str | None] = mapped_column(Text)
    #: Optimistic concurrency (D6).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    student: Mapped[Student] = relationship()
    evaluators: Mapped[list["CcfEvaluator"]] = relationship(
        back_populates="situation", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return (
            f"<CcfSituation {self.id} student={self.student_id} "
            f"{self.unit}#{self.situation_number} {self.state}>"
        )


class CcfEvaluator(Base):
    """A member of a CCF panel: a trainer with an account or the professional."""

    __tablename__ = "ccf_evaluators"
    __table_args__ = (
        CheckConstraint("user_id IS NOT NULL OR name IS NOT NULL", name="user_or_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    situation_id: Mapped[int] = mapped_column(
        ForeignKey("ccf_situations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[EvaluatorRole] = mapped_column(
        enum_type(EvaluatorRole, "evaluator_role")
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: For the professional, who usually has no account.
    name: Mapped[str | None] = mapped_column(String(200))
    organisation: Mapped[str | None] = mapped_column(String(200))

    situation: Mapped[CcfSituation] = relationship(back_populates="evaluators")
    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        who = self.name if self.user_id is None else f"user={self.user_id}"
        return f"<CcfEvaluator {self.id} {self.role} {who}>"
