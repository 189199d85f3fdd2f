"""The database itself refuses rows that break the gradebook's integrity rules."""

from collections.abc import Callable
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session

from service.models import (
    ExamForm,
    ExamSession,
    ExamUnitGrade,
    ExamUnitStatus,
    Grade,
    GradeStatus,
    Registration,
    Student,
    validate_ine,
)
from tests.service.factories import make_assessment, make_grade, make_student


def _grade(**values: object) -> Grade:
    assessment = make_assessment()
    student = make_student(assessment.cohort)
    return Grade(**({"assessment": assessment, "student": student} | values))


def _exam_grade(**values: object) -> ExamUnitGrade:
    student = make_student()
    session = ExamSession(year=2027)
    registration = Registration(student=student, session=session, form=ExamForm.GLOBALE)
    return ExamUnitGrade(registration=registration, unit="U1", **values)


def _grade_of_unknown_student() -> Grade:
    return Grade(assessment=make_assessment(), student_id=987654, score=Decimal(12))


BAD_ROWS: dict[str, Callable[[], object]] = {
    "score above the maximum": lambda: _grade(score=Decimal("20.5")),
    "negative score": lambda: _grade(score=Decimal(-1)),
    "score and status": lambda: _grade(score=Decimal(12), status=GradeStatus.ABS),
    "neither score nor status": lambda: _grade(score=None),
    "unknown student": _grade_of_unknown_student,
    "exam grade above 20": lambda: _exam_grade(grade=Decimal("20.01")),
    "exam grade and status": lambda: _exam_grade(
        grade=Decimal(12), status=ExamUnitStatus.ABSENT
    ),
    "exam grade with nothing": _exam_grade,
}


@pytest.mark.parametrize("build", BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_database_rejects_a_bad_row(
    db_session: Session, build: Callable[[], object]
) -> None:
    db_session.add(build())
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_a_second_grade_for_the_same_assessment_and_student_is_rejected(
    db_session: Session,
) -> None:
    grade = make_grade()
    with pytest.raises(IntegrityError):
        make_grade(grade.assessment, grade.student, score=Decimal(15))


def test_lowering_a_maximum_below_an_existing_score_is_rejected(
    db_session: Session,
) -> None:
    grade = make_grade(score=Decimal(18))
    grade.assessment.max_score = Decimal(10)
    with pytest.raises(IntegrityError):
        db_session.flush()


def test_changing_a_maximum_carries_over_to_its_grades(db_session: Session) -> None:
    grade = make_grade(score=Decimal(8))
    grade.assessment.max_score = Decimal(10)
    db_session.flush()
    db_session.expire_all()
    assert db_session.get(Grade, grade.id).max_score == Decimal(10)  # type: ignore[union-attr]


def test_a_grade_keeps_exact_hundredths(db_session: Session) -> None:
    grade = make_grade(score=Decimal("12.25"))
    db_session.expire_all()
    stored = db_session.execute(text("SELECT score FROM grades")).scalar_one()
    assert stored == 1225
    assert db_session.get(Grade, grade.id).score == Decimal("12.25")  # type: ignore[union-attr]


@pytest.mark.parametrize("value", [Decimal("12.345"), 12.5, True])
def test_a_score_with_more_than_two_decimals_or_a_float_is_refused(
    db_session: Session, value: object
) -> None:
    db_session.add(_grade(score=value))
    with pytest.raises(StatementError, match="Decimal"):
        db_session.flush()


@pytest.mark.parametrize(
    "ine", ["12345678", "1234567890AB", "12345678ABC", "ABCDEFGHIJK"]
)
def test_a_malformed_ine_is_refused(db_session: Session, ine: str) -> None:
    with pytest.raises(ValueError, match="INE invalide"):
        make_student(ine=ine)


@pytest.mark.parametrize("ine", ["123456789AB", "1234567890a"])
def test_a_wellformed_ine_is_stored_upper_case(db_session: Session, ine: str) -> None:
    assert make_student(ine=ine).ine == validate_ine(ine) == ine.upper()


def test_the_database_refuses_an_ine_of_the_wrong_length(db_session: Session) -> None:
    student = make_student()
    with pytest.raises(IntegrityError):
        db_session.execute(
            update(Student).where(Student.id == student.id).values(ine="123")
        )


def test_two_students_cannot_share_an_ine(db_session: Session) -> None:
    make_student(ine="123456789AB")
    with pytest.raises(IntegrityError):
        make_student(ine="123456789ab")


def test_sql_sums_of_scores_come_back_as_exact_decimals(db_session: Session) -> None:
    first = make_grade(score=Decimal("12.25"))
    make_grade(first.assessment, score=Decimal("0.5"))
    total = db_session.scalar(select(func.sum(Grade.score)))
    assert total == Decimal("12.75")
