"""What the exam produced: unit grades, the jury's adjustments and each result."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.enums import Decision, ExamUnitStatus
from service.models.exams import Registration
from service.models.types import (
    Hundredths,
    UtcDateTime,
    enum_type,
    out_of_twenty,
    utc_now,
)
from service.models.users import User

#: Exactly one way to give a unit: a grade, U5's parts, or a status (R2, R3).
ONE_FORM_OF_GRADE = (
    "(CASE WHEN grade IS NOT NULL THEN 1 ELSE 0 END)"
    " + (CASE WHEN written IS NOT NULL OR practical IS NOT NULL THEN 1 ELSE 0 END)"
    " + (CASE WHEN status IS NOT NULL THEN 1 ELSE 0 END) = 1"
)


class ExamUnitGrade(Base):
    """A candidate's grade at one unit this session: a grade, U5 parts or a status."""

    __tablename__ = "exam_unit_grades"
    __table_args__ = (
        UniqueConstraint("registration_id", "unit"),
        CheckConstraint(ONE_FORM_OF_GRADE, name="one_form_of_grade"),
        out_of_twenty("grade"),
        out_of_twenty("written"),
        out_of_twenty("practical"),
        CheckConstraint("version >= 1", name="version_positive"),
        {"sqlite_autoincrement": True},  # ids never reused: history points at them
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id"), index=True
    )
    unit: Mapped[str] = mapped_column(String(8))
    grade: Mapped[Decimal | None] = mapped_column(Hundredths)
    #: U5's written part (coef 2), when the unit is entered by parts (R1).
    written: Mapped[Decimal | None] = mapped_column(Hundredths)
    #: U5's practical part (coef 2).
    practical: Mapped[Decimal | None] = mapped_column(Hundredths)
    status: Mapped[ExamUnitStatus | None] = mapped_column(
        enum_type(ExamUnitStatus, "exam_unit_status")
    )
    #: Optimistic concurrency (D6).
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    registration: Mapped[Registration] = relationship()

    def __repr__(self) -> str:
        value = self.status or self.grade or (self.written, self.practical)
        return f"<ExamUnitGrade {self.id} {self.unit} {value}>"


class JuryAdjustment(Base):
    """A unit grade the sovereign jury changed, with its reason (R3.8)."""

    __tablename__ = "jury_adjustments"
    __table_args__ = (out_of_twenty("old_grade"), out_of_twenty("new_grade"))

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id"), index=True
    )
    unit: Mapped[str] = mapped_column(String(8))
    old_grade: Mapped[Decimal | None] = mapped_column(Hundredths)
    new_grade: Mapped[Decimal] = mapped_column(Hundredths)
    reason: Mapped[str] = mapped_column(Text)
    adjusted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    adjusted_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    registration: Mapped[Registration] = relationship()
    adjusted_by: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return (
            f"<JuryAdjustment {self.id} {self.unit} "
            f"{self.old_grade} -> {self.new_grade}>"
        )


class RegistrationResult(Base):
    """The jury's record for a registration: the decision and the engine's output."""

    __tablename__ = "registration_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id"), unique=True
    )
    decision: Mapped[Decision] = mapped_column(enum_type(Decision, "decision"))
    #: The engine's JSON output (evaluate-contract.md), numbers as strings.
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON)
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    registration: Mapped[Registration] = relationship()
    decided_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return (
            f"<RegistrationResult registration={self.registration_id} {self.decision}>"
        )


class ControlGrade(Base):
    """A grade of the épreuves de contrôle: an oral on a general unit (R3.6)."""

    __tablename__ = "control_grades"
    __table_args__ = (
        UniqueConstraint("registration_id", "unit"),
        out_of_twenty("grade"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id"), index=True
    )
    unit: Mapped[str] = mapped_column(String(8))
    grade: Mapped[Decimal] = mapped_column(Hundredths)
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    entered_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    def __repr__(self) -> str:
        return (
            f"<ControlGrade {self.unit} {self.grade} "
            f"registration={self.registration_id}>"
        )
