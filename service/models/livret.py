"""Long-lived records of a student: the blocs ledger, appreciations, the livret avis."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.cohorts import Period, Student, Subject
from service.models.enums import BlocSource
from service.models.exams import ExamSession, Registration
from service.models.types import (
    Hundredths,
    UtcDateTime,
    enum_type,
    out_of_twenty,
    utc_now,
)
from service.models.users import User


class BlocEntry(Base):
    """A unit (bloc de compétences) a student holds, and until when (R4)."""

    __tablename__ = "bloc_ledger"
    __table_args__ = (out_of_twenty("grade"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    unit: Mapped[str] = mapped_column(String(8))
    grade: Mapped[Decimal] = mapped_column(Hundredths)
    source: Mapped[BlocSource] = mapped_column(enum_type(BlocSource, "bloc_source"))
    #: The session that gave it, when the source is a session of ours.
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id"))
    obtained_session_year: Mapped[int | None]
    #: The jury's date (or the VAE / previous school's decision date).
    obtained_on: Mapped[date]
    #: Last session at which the grade may be used (R4, policy ``session``).
    valid_through_session: Mapped[int]
    #: Last day of validity (R4, policy ``calendar``).
    valid_until: Mapped[date]

    student: Mapped[Student] = relationship()
    registration: Mapped[Registration | None] = relationship()

    def __repr__(self) -> str:
        return (
            f"<BlocEntry student={self.student_id} {self.unit} {self.grade} "
            f"through {self.valid_through_session}>"
        )


class Appreciation(Base):
    """A trainer's appreciation of a student in a subject, for a period or a year."""

    __tablename__ = "appreciations"
    __table_args__ = (
        UniqueConstraint("student_id", "subject_id", "period_id"),
        UniqueConstraint("student_id", "subject_id", "year_of_study"),
        CheckConstraint(
            "(period_id IS NULL) <> (year_of_study IS NULL)", name="period_xor_year"
        ),
        CheckConstraint("year_of_study IN (1, 2)", name="year_of_study_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("periods.id"))
    #: 1 or 2 for a whole-year appreciation (the livret's, R8).
    year_of_study: Mapped[int | None]
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    student: Mapped[Student] = relationship()
    subject: Mapped[Subject] = relationship()
    period: Mapped[Period | None] = relationship()
    author: Mapped[User] = relationship()

    def __repr__(self) -> str:
        when = self.period_id if self.year_of_study is None else self.year_of_study
        return (
            f"<Appreciation student={self.student_id} subject={self.subject_id} {when}>"
        )


class LivretAvis(Base):
    """The teaching team's avis in a student's livret for a session (R8)."""

    __tablename__ = "livret_avis"
    __table_args__ = (UniqueConstraint("student_id", "session_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"))
    #: One of the configured LIVRET_AVIS_CHOICES (R8: the list is configurable).
    avis: Mapped[str] = mapped_column(String(60))
    comment: Mapped[str | None] = mapped_column(Text)
    #: Motivation and engagement, among the « éléments complémentaires » (R8).
    engagement: Mapped[str | None] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    #: When the jury president signed that the livret was examined (R3.8).
    examined_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    student: Mapped[Student] = relationship()
    session: Mapped[ExamSession] = relationship()
    author: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<LivretAvis student={self.student_id} session={self.session_id}>"
