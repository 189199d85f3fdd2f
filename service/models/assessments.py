"""Formative assessments and their grades (R8: never part of the exam computation)."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from service.extensions import Base
from service.models.cohorts import Cohort, Period, Student, Subject
from service.models.enums import AssessmentKind, GradeStatus
from service.models.types import Hundredths, UtcDateTime, enum_type, utc_now
from service.models.users import User

#: Bounds of an assessment's maximum and coefficient (API and pages alike).
POINTS_MIN = Decimal("0.01")
POINTS_MAX = Decimal(1000)


class Assessment(Base):
    """A formative assessment of one subject for one cohort in one period."""

    __tablename__ = "assessments"
    __table_args__ = (
        # Target of the grades' composite key that keeps every score <= max_score.
        UniqueConstraint("id", "max_score"),
        CheckConstraint("max_score > 0", name="max_score_positive"),
        CheckConstraint("coefficient > 0", name="coefficient_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    period_id: Mapped[int] = mapped_column(ForeignKey("periods.id"))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date]
    kind: Mapped[AssessmentKind] = mapped_column(
        enum_type(AssessmentKind, "assessment_kind")
    )
    #: Hundredths; 20 by default.
    max_score: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(20))
    coefficient: Mapped[Decimal] = mapped_column(Hundredths, default=Decimal(1))
    #: NULL while the trainer has not published it to the students (R7).
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    locked: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    cohort: Mapped[Cohort] = relationship()
    subject: Mapped[Subject] = relationship()
    period: Mapped[Period] = relationship()
    grades: Mapped[list["Grade"]] = relationship(back_populates="assessment")

    def __repr__(self) -> str:
        return f"<Assessment {self.id} {self.title!r} /{self.max_score}>"


class Grade(Base):
    """One student's result at one assessment: a score or a status, never both."""

    __tablename__ = "grades"
    __table_args__ = (
        UniqueConstraint("assessment_id", "student_id"),
        ForeignKeyConstraint(
            ["assessment_id", "max_score"],
            ["assessments.id", "assessments.max_score"],
            onupdate="CASCADE",
        ),
        CheckConstraint("(score IS NULL) <> (status IS NULL)", name="score_xor_status"),
        CheckConstraint("score >= 0", name="score_not_negative"),
        CheckConstraint("score <= max_score", name="score_within_max"),
        CheckConstraint("version >= 1", name="version_positive"),
        {"sqlite_autoincrement": True},  # ids never reused: history points at them
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int]
    #: Copy of the assessment's maximum, kept in step by the composite foreign key.
    max_score: Mapped[Decimal] = mapped_column(Hundredths)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id"), index=True)
    score: Mapped[Decimal | None] = mapped_column(Hundredths)
    status: Mapped[GradeStatus | None] = mapped_column(
        enum_type(GradeStatus, "grade_status")
    )
    comment: Mapped[str | None] = mapped_column(Text)
    #: Optimistic concurrency (D6): writers do UPDATE … WHERE version = :seen.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    assessment: Mapped[Assessment] = relationship(back_populates="grades")
    student: Mapped[Student] = relationship()
    updated_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        value = self.status if self.score is None else self.score
        return f"<Grade {self.id} assessment={self.assessment_id} {value}>"
