"""Attendance by half-day (R8): the planned half-days of a cohort, their lessons,
each apprentice's mark at the roll call, and the justifications of absences.

Durations are whole minutes, so hour counts stay exact (a half-day of 3 h 30 is
210); pages show hours (« 3,5 h »).
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.cohorts import Cohort, Student, Subject
from service.models.enums import (
    ContractType,
    HalfDaySlot,
    JustificationStatus,
    Presence,
)
from service.models.types import UtcDateTime, enum_type, utc_now
from service.models.users import User


class HalfDay(Base):
    """A morning or afternoon of training of one cohort, and its roll call."""

    __tablename__ = "half_days"
    __table_args__ = (UniqueConstraint("cohort_id", "day", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date] = mapped_column(index=True)
    slot: Mapped[HalfDaySlot] = mapped_column(enum_type(HalfDaySlot, "half_day_slot"))
    #: Set when the trainer closes the roll call; later changes need the director.
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    cohort: Mapped[Cohort] = relationship()
    closed_by: Mapped[User | None] = relationship()
    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="half_day",
        order_by="Lesson.position",
        cascade="all, delete-orphan",
    )

    @property
    def planned_minutes(self) -> int:
        """The half-day's planned duration: the sum of its lessons."""
        return sum(lesson.minutes for lesson in self.lessons)

    def __repr__(self) -> str:
        return f"<HalfDay {self.id} cohort={self.cohort_id} {self.day} {self.slot}>"


class Lesson(Base):
    """One subject taught during a half-day, by whom, for how long."""

    __tablename__ = "lessons"
    __table_args__ = (
        CheckConstraint("minutes > 0 AND minutes <= 360", name="minutes_in_half_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    half_day_id: Mapped[int] = mapped_column(
        ForeignKey("half_days.id", ondelete="CASCADE"), index=True
    )
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    trainer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    minutes: Mapped[int]
    #: Order within the half-day: lateness is taken from the first lessons,
    #: leaving early from the last ones.
    position: Mapped[int] = mapped_column(default=1)

    half_day: Mapped[HalfDay] = relationship(back_populates="lessons")
    subject: Mapped[Subject] = relationship()
    trainer: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Lesson {self.id} half_day={self.half_day_id} {self.minutes} min>"


class AttendanceMark(Base):
    """One apprentice at one half-day's roll call; versioned and in the sealed
    history like a grade (D6, D8)."""

    __tablename__ = "attendance_marks"
    __table_args__ = (
        UniqueConstraint("half_day_id", "student_id"),
        CheckConstraint("late_minutes >= 0", name="late_not_negative"),
        CheckConstraint("early_minutes >= 0", name="early_not_negative"),
        CheckConstraint(
            "presence = 'present' OR (late_minutes = 0 AND early_minutes = 0)",
            name="minutes_only_when_present",
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        {"sqlite_autoincrement": True},  # ids never reused: history points at them
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    half_day_id: Mapped[int] = mapped_column(
        ForeignKey("half_days.id", ondelete="CASCADE"), index=True
    )
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    presence: Mapped[Presence] = mapped_column(enum_type(Presence, "presence"))
    late_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    early_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Optimistic concurrency (D6): writers do UPDATE … WHERE version = :seen.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    half_day: Mapped[HalfDay] = relationship()
    student: Mapped[Student] = relationship()
    updated_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return (
            f"<AttendanceMark {self.id} half_day={self.half_day_id} "
            f"student={self.student_id} {self.presence}>"
        )


class Justification(Base):
    """Why an apprentice missed the half-days of a date range, and its status; an
    optional document is stored outside the web root (``JUSTIFICATION_DIR``)."""

    __tablename__ = "justifications"
    __table_args__ = (
        CheckConstraint("first_day <= last_day", name="days_in_order"),
        CheckConstraint(
            "(document_key IS NULL) = (document_name IS NULL)", name="document_whole"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    first_day: Mapped[date]
    last_day: Mapped[date]
    reason: Mapped[str] = mapped_column(String(300))
    status: Mapped[JustificationStatus] = mapped_column(
        enum_type(JustificationStatus, "justification_status")
    )
    #: The stored file's name in ``JUSTIFICATION_DIR`` (random, never the upload's).
    document_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: The uploaded file's own name, shown to staff.
    document_name: Mapped[str | None] = mapped_column(String(255))
    document_type: Mapped[str | None] = mapped_column(String(100))
    document_size: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    student: Mapped[Student] = relationship()
    created_by: Mapped[User | None] = relationship()

    def covers(self, day: date) -> bool:
        """Tell whether the justification's date range holds ``day``."""
        return self.first_day <= day <= self.last_day

    def __repr__(self) -> str:
        return (
            f"<Justification {self.id} student={self.student_id} "
            f"{self.first_day}..{self.last_day} {self.status}>"
        )


class Contract(Base):
    """An apprentice's work-study contract: the facts the funder's proof is made
    for, and the company period the livret shows (R8)."""

    __tablename__ = "contracts"
    __table_args__ = (CheckConstraint("starts_on <= ends_on", name="dates_in_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ContractType] = mapped_column(enum_type(ContractType, "contract_kind"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    employer: Mapped[str] = mapped_column(String(200))
    tutor_name: Mapped[str | None] = mapped_column(String(200))
    #: The OPCO (or other funder) that pays on proof of attendance.
    funder: Mapped[str | None] = mapped_column(String(200))
    #: The company tutor's appreciation of the period, for the livret.
    tutor_appreciation: Mapped[str | None] = mapped_column(Text)

    student: Mapped[Student] = relationship()

    def __repr__(self) -> str:
        return f"<Contract {self.id} student={self.student_id} {self.employer!r}>"
