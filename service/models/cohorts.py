"""Cohorts, their students and periods; subjects and who teaches them."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from importers.cells import INE_PATTERN
from service.extensions import Base
from service.models.enums import CandidateCategory, ContractType, ExamForm, PeriodCode
from service.models.types import UtcDateTime, enum_type
from service.models.users import User


def validate_ine(value: str) -> str:
    """Return the INE upper-cased; raise ValueError unless it has a valid format."""
    normalized = value.strip().upper()
    if not INE_PATTERN.fullmatch(normalized):
        raise ValueError(
            "INE invalide : 11 caractères, 9 chiffres et 2 lettres "
            "ou 10 chiffres et 1 lettre"
        )
    return normalized


class Cohort(Base):
    """A class of students preparing one exam session, e.g. « NDRC 2025–2027 »."""

    __tablename__ = "cohorts"
    __table_args__ = (
        CheckConstraint("exam_session_year > start_year", name="exam_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    regulation_id: Mapped[str] = mapped_column(String(40), default="bts-ndrc")
    start_year: Mapped[int]
    exam_session_year: Mapped[int]

    students: Mapped[list["Student"]] = relationship(
        back_populates="cohort", order_by="(Student.last_name, Student.first_name)"
    )
    periods: Mapped[list["Period"]] = relationship(
        back_populates="cohort", order_by="Period.code"
    )

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name}>"


class Student(Base):
    """An apprentice enrolled in a cohort, with their exam-candidate record."""

    __tablename__ = "students"
    __table_args__ = (CheckConstraint("length(ine) = 11", name="ine_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The centre's own stable identifier, used to match import rows (T32).
    student_number: Mapped[str] = mapped_column(String(20), unique=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"), index=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100))
    birth_date: Mapped[date | None]
    #: Identifiant national élève; optional, unique, format checked by validate_ine.
    ine: Mapped[str | None] = mapped_column(String(11), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    candidate_category: Mapped[CandidateCategory] = mapped_column(
        enum_type(CandidateCategory, "candidate_category")
    )
    exam_form: Mapped[ExamForm] = mapped_column(enum_type(ExamForm, "exam_form"))
    contract: Mapped[ContractType | None] = mapped_column(
        enum_type(ContractType, "contract_type")
    )
    employer: Mapped[str | None] = mapped_column(String(200))
    tutor_name: Mapped[str | None] = mapped_column(String(200))
    tutor_email: Mapped[str | None] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), unique=True)
    #: Set when the record was erased on request (T48); what is left is kept for
    #: ``retention_basis`` (exam records).
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    retention_basis: Mapped[str | None] = mapped_column(String(200))

    cohort: Mapped[Cohort] = relationship(back_populates="students")
    user: Mapped[User | None] = relationship()

    @validates("ine")
    def _check_ine(self, key: str, value: str | None) -> str | None:
        return None if value is None else validate_ine(value)

    @property
    def full_name(self) -> str:
        """« NOM Prénom », as French class lists show it."""
        return f"{self.last_name.upper()} {self.first_name}"

    def __repr__(self) -> str:
        return f"<Student {self.id} {self.last_name} {self.first_name}>"


class Period(Base):
    """A half-year of a cohort (S1–S4) with its dates."""

    __tablename__ = "periods"
    __table_args__ = (
        UniqueConstraint("cohort_id", "code"),
        CheckConstraint("starts_on <= ends_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"))
    code: Mapped[PeriodCode] = mapped_column(enum_type(PeriodCode, "period_code"))
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    cohort: Mapped[Cohort] = relationship(back_populates="periods")

    @property
    def year_of_study(self) -> int:
        """1 for S1 and S2, 2 for S3 and S4."""
        return 1 if self.code in (PeriodCode.S1, PeriodCode.S2) else 2

    def __repr__(self) -> str:
        return f"<Period {self.id} {self.code} cohort={self.cohort_id}>"


#: Subjects are ordered by positions 1 to this (the API's bound).
MAX_SUBJECT_POSITION = 1000


class Subject(Base):
    """A curriculum subject: yearly hours and the exam unit it prepares (R8)."""

    __tablename__ = "subjects"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    hours_per_year: Mapped[int]
    #: Exam unit (U1…U6); NULL for the Atelier (supports U4 and U6) and evaluations.
    unit: Mapped[str | None] = mapped_column(String(8))
    position: Mapped[int]

    def __repr__(self) -> str:
        return f"<Subject {self.code} {self.unit}>"


class TeachingAssignment(Base):
    """A trainer teaches a subject to a cohort."""

    __tablename__ = "teaching_assignments"
    __table_args__ = (UniqueConstraint("trainer_id", "cohort_id", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id"))
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))

    trainer: Mapped[User] = relationship()
    cohort: Mapped[Cohort] = relationship()
    subject: Mapped[Subject] = relationship()

    def __repr__(self) -> str:
        return (
            f"<TeachingAssignment trainer={self.trainer_id} "
            f"cohort={self.cohort_id} subject={self.subject_id}>"
        )
