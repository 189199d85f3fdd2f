"""Exam sessions and the students registered for them, with benefits and dispenses."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.cohorts import Student
from service.models.enums import BlocSource, ExamForm, SessionState
from service.models.types import (
    Hundredths,
    UtcDateTime,
    enum_type,
    out_of_twenty,
    utc_now,
)


class ExamSession(Base):
    """One year's BTS session for one regulation, up to its jury and locking."""

    __tablename__ = "exam_sessions"
    __table_args__ = (UniqueConstraint("regulation_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    regulation_id: Mapped[str] = mapped_column(String(40), default="bts-ndrc")
    year: Mapped[int]
    jury_date: Mapped[date | None]
    #: Who presides the jury, printed on the PV and the livret (issue 15).
    jury_president: Mapped[str | None] = mapped_column(String(200))
    state: Mapped[SessionState] = mapped_column(
        enum_type(SessionState, "session_state"), default=SessionState.OPEN
    )

    registrations: Mapped[list["Registration"]] = relationship(back_populates="session")

    def __repr__(self) -> str:
        return f"<ExamSession {self.id} {self.regulation_id} {self.year} {self.state}>"


class Registration(Base):
    """A student registered as a candidate for a session."""

    __tablename__ = "registrations"
    __table_args__ = (UniqueConstraint("student_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"))
    form: Mapped[ExamForm] = mapped_column(enum_type(ExamForm, "exam_form"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    student: Mapped[Student] = relationship()
    session: Mapped[ExamSession] = relationship(back_populates="registrations")
    benefits: Mapped[list["KeptBenefit"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )
    dispenses: Mapped[list["Dispense"]] = relationship(
        back_populates="registration", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return (
            f"<Registration {self.id} student={self.student_id} "
            f"session={self.session_id}>"
        )


class KeptBenefit(Base):
    """An earlier grade the candidate asked to keep for this registration (R5)."""

    __tablename__ = "kept_benefits"
    __table_args__ = (
        UniqueConstraint("registration_id", "unit"),
        out_of_twenty("grade"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE")
    )
    unit: Mapped[str] = mapped_column(String(8))
    grade: Mapped[Decimal] = mapped_column(Hundredths)
    #: Origin: how and when the grade was obtained.
    origin: Mapped[BlocSource] = mapped_column(enum_type(BlocSource, "bloc_source"))
    origin_session_year: Mapped[int | None]
    obtained_on: Mapped[date]

    registration: Mapped[Registration] = relationship(back_populates="benefits")

    def __repr__(self) -> str:
        return f"<KeptBenefit {self.unit} {self.grade} ({self.origin_session_year})>"


class Dispense(Base):
    """A unit the candidate is dispensed of, with its justification (R6)."""

    __tablename__ = "dispenses"
    # Which units may be dispensed (R6) is the regulation's business, not the schema's.
    __table_args__ = (UniqueConstraint("registration_id", "unit"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE")
    )
    unit: Mapped[str] = mapped_column(String(8))
    #: E.g. « Titulaire du BTS MCO (2022) ».
    justification: Mapped[str] = mapped_column(Text)

    registration: Mapped[Registration] = relationship(back_populates="dispenses")

    def __repr__(self) -> str:
        return f"<Dispense {self.unit} registration={self.registration_id}>"
