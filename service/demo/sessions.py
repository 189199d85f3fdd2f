"""The locked 2025 session (results from the grade engine, blocs, livret) and 2027."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import insert, select

from grading import Block, Result, evaluate, parse_candidate, result_to_json
from service.demo.context import DemoContext, at, half_points
from service.extensions import db
from service.models import (
    BlocEntry,
    BlocSource,
    ChangeSource,
    Decision,
    Dispense,
    ExamForm,
    ExamSession,
    ExamUnitGrade,
    ExamUnitStatus,
    HistoryEntity,
    KeptBenefit,
    LivretAvis,
    Registration,
    RegistrationResult,
    SessionState,
    Student,
)
from service.operations.exam_grades import ExamValues
from service.operations.history import (
    Change,
    ChangeContext,
    change_row,
    record_changes,
)

UNITS = ("U1", "U2", "U3", "U4", "U5", "U6")
JURY_2025 = date(2025, 7, 4)
#: Hand-written results for the 2025 candidates the story needs: two refused with
#: some units held, one refused for an unjustified absence at U3 (R3.3).
#: U5 is given by its parts (written, practical); None is an absence.
REFUSED_2025: tuple[dict[str, Any], ...] = (
    {"U1": 12, "U2": 13.5, "U3": 9, "U4": 8, "U5": (7, 9), "U6": 9.5},
    {"U1": 8, "U2": 10.5, "U3": 11, "U4": 9, "U5": (8, 10), "U6": 7},
    {"U1": 11, "U2": 12, "U3": None, "U4": 12.5, "U5": (11, 12), "U6": 13},
)
#: The candidate holding another BTS, dispensed of U1 (R6).
DISPENSED_INDEX = 4
Marks = dict[str, Any]


def add_sessions(demo: DemoContext) -> None:
    """Add the locked 2025 session with its results and blocs, and the 2027 one."""
    assert demo.past_cohort is not None
    session_2025 = ExamSession(
        year=2025, jury_date=JURY_2025, state=SessionState.LOCKED
    )
    session_2027 = ExamSession(year=2027, jury_date=date(2027, 7, 2))
    db.session.add_all([session_2025, session_2027])
    refused: list[tuple[Student, tuple[Block, ...]]] = []
    for index, student in enumerate(demo.students[demo.past_cohort.name]):
        registration = Registration(
            student=student,
            session=session_2025,
            form=ExamForm.GLOBALE,
            created_at=at(date(2024, 11, 15)),
        )
        result = _record_2025(demo, registration, _marks_2025(demo, index))
        if result.decision.value != Decision.ADMIS:
            refused.append((student, result.blocks))
    for student in demo.students[demo.cohorts[0].name]:
        registration = Registration(student=student, session=session_2027)
        registration.form = student.exam_form
        registration.created_at = at(date(2026, 10, 1))
        db.session.add(registration)
    _register_again(session_2027, refused)
    db.session.flush()


def _marks_2025(demo: DemoContext, index: int) -> Marks:
    if index in (2, 5, 8):
        return dict(REFUSED_2025[(2, 5, 8).index(index)])
    level = max(11.0, demo.rng.gauss(12.5, 1.5))
    marks: Marks = {
        unit: half_points(max(10.0, demo.rng.gauss(level, 1.5))) for unit in UNITS
    }
    marks["U5"] = tuple(
        half_points(max(10.0, demo.rng.gauss(level, 1.5))) for _ in "wp"
    )
    if index == DISPENSED_INDEX:
        marks["U1"] = ExamUnitStatus.DISPENSED
    return marks


def _evaluate(marks: Marks) -> Result:
    """The grade engine's result for the 2025 marks (R1–R6)."""
    units: dict[str, Any] = {}
    for unit, mark in marks.items():
        if isinstance(mark, tuple):
            units[unit] = {
                "parts": {"written": str(mark[0]), "practical": str(mark[1])}
            }
        elif isinstance(mark, ExamUnitStatus):
            units[unit] = {"status": mark.value}
        elif mark is None:
            units[unit] = {"status": ExamUnitStatus.ABSENT.value}
        else:
            units[unit] = {"grade": str(mark)}
    session = {"year": 2025, "jury_date": JURY_2025.isoformat()}
    return evaluate(
        parse_candidate({"form": "globale", "session": session, "units": units})
    )


def _record_2025(demo: DemoContext, registration: Registration, marks: Marks) -> Result:
    if marks.get("U1") is ExamUnitStatus.DISPENSED:
        registration.dispenses = [
            Dispense(unit="U1", justification="Titulaire du BTS MCO (2022)")
        ]
    db.session.add(registration)
    db.session.flush()
    rows = _unit_rows(demo, registration, marks)
    db.session.execute(insert(ExamUnitGrade), rows)
    _record_history(registration, rows)
    result = _evaluate(marks)
    decision = Decision(result.decision.value)
    db.session.add(
        RegistrationResult(
            registration=registration,
            decision=decision,
            explanation=result_to_json(result),
            decided_at=at(JURY_2025, 12),
            decided_by=demo.director,
        )
    )
    _add_blocs(registration, result.blocks)
    _add_livret_avis(demo, registration, decision)
    return result


def _unit_rows(
    demo: DemoContext, registration: Registration, marks: Marks
) -> list[dict[str, Any]]:
    rows = []
    for unit in UNITS:
        mark = marks[unit]
        row: dict[str, Any] = dict.fromkeys(("grade", "written", "practical", "status"))
        if isinstance(mark, tuple):
            row["written"], row["practical"] = (Decimal(str(m)) for m in mark)
        elif isinstance(mark, ExamUnitStatus):
            row["status"] = mark
        elif mark is None:
            row["status"] = ExamUnitStatus.ABSENT
        else:
            row["grade"] = Decimal(str(mark))
        row |= {"registration_id": registration.id, "unit": unit}
        row["updated_by_id"] = demo.director.id if demo.director else None
        row["updated_at"] = at(JURY_2025 - timedelta(days=3))
        rows.append(row)
    return rows


def _record_history(registration: Registration, rows: list[dict[str, Any]]) -> None:
    """Give each exam grade its entry in the sealed history (D8)."""
    ids = dict(
        db.session.execute(
            select(ExamUnitGrade.unit, ExamUnitGrade.id).where(
                ExamUnitGrade.registration_id == registration.id
            )
        ).all()
    )
    record_changes(
        [
            change_row(
                ChangeContext(row["updated_by_id"], ChangeSource.CLI),
                Change(
                    HistoryEntity.EXAM_UNIT_GRADE,
                    ids[row["unit"]],
                    None,
                    _exam_values(row).as_history(),
                ),
                row["updated_at"],
            )
            for row in rows
        ]
    )


def _exam_values(row: dict[str, Any]) -> ExamValues:
    return ExamValues(row["grade"], row["written"], row["practical"], row["status"])


def _grade(block: Block) -> Decimal:
    value = Fraction(block.grade_h) / 100
    return Decimal(value.numerator) / Decimal(value.denominator)


def _add_blocs(registration: Registration, blocks: tuple[Block, ...]) -> None:
    # R4: the engine lists the units held (grade >= 10) and their validity.
    for block in blocks:
        db.session.add(
            BlocEntry(
                student=registration.student,
                unit=block.unit,
                grade=_grade(block),
                source=BlocSource.SESSION,
                registration=registration,
                obtained_session_year=block.obtained_session,
                obtained_on=block.obtained or JURY_2025,
                valid_through_session=block.valid_through_session,
                valid_until=block.valid_until or JURY_2025.replace(year=2030),
            )
        )


def _add_livret_avis(
    demo: DemoContext, registration: Registration, decision: Decision
) -> None:
    assert demo.director is not None
    avis = "Favorable" if decision is Decision.ADMIS else "Doit faire ses preuves"
    db.session.add(
        LivretAvis(
            student=registration.student,
            session=registration.session,
            avis=avis,
            author=demo.director,
            updated_at=at(date(2025, 6, 13)),
            examined_at=at(JURY_2025, 11),
        )
    )


def _register_again(
    session: ExamSession, refused: list[tuple[Student, tuple[Block, ...]]]
) -> None:
    # R5: refused candidates keep, on request, their grades >= 10 (forme globale).
    for student, blocks in refused:
        registration = Registration(
            student=student,
            session=session,
            form=ExamForm.GLOBALE,
            created_at=at(date(2026, 10, 1)),
        )
        registration.benefits = [
            KeptBenefit(
                unit=block.unit,
                grade=_grade(block),
                origin=BlocSource.SESSION,
                origin_session_year=block.obtained_session,
                obtained_on=block.obtained or JURY_2025,
            )
            for block in blocks
        ]
        db.session.add(registration)
