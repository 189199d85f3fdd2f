"""The locked 2025 session (results, blocs, livret) and the open 2027 one."""

from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from fractions import Fraction

from sqlalchemy import insert

from service.demo.context import DemoContext, at, half_points
from service.extensions import db
from service.models import (
    BlocEntry,
    BlocSource,
    Decision,
    Dispense,
    ExamForm,
    ExamSession,
    ExamUnitGrade,
    ExamUnitStatus,
    KeptBenefit,
    LivretAvis,
    Registration,
    RegistrationResult,
    SessionState,
    Student,
)

#: R1 coefficients of the mandatory units.
COEFFICIENTS = {"U1": 3, "U2": 3, "U3": 3, "U4": 5, "U5": 4, "U6": 3}
PROFESSIONAL = ("U4", "U5", "U6")
JURY_2025 = date(2025, 7, 4)
#: Hand-written results for the 2025 candidates the story needs: two refused with
#: some units held, one refused for an unjustified absence at U3 (R3.3).
#: U5 is given by its parts (written, practical).
REFUSED_2025 = (
    {"U1": 12, "U2": 13.5, "U3": 9, "U4": 8, "U5": (7, 9), "U6": 9.5},
    {"U1": 8, "U2": 10.5, "U3": 11, "U4": 9, "U5": (8, 10), "U6": 7},
    {"U1": 11, "U2": 12, "U3": None, "U4": 12.5, "U5": (11, 12), "U6": 13},
)
Marks = dict[str, object]


def add_sessions(demo: DemoContext) -> None:
    """Add the locked 2025 session with its results, blocs and the 2027 session."""
    assert demo.past_cohort is not None
    session_2025 = ExamSession(
        year=2025, jury_date=JURY_2025, state=SessionState.LOCKED
    )
    session_2027 = ExamSession(year=2027, jury_date=date(2027, 7, 2))
    db.session.add_all([session_2025, session_2027])
    refused: list[tuple[Student, dict[str, Decimal]]] = []
    for index, student in enumerate(demo.students[demo.past_cohort.name]):
        marks = _marks_2025(demo, index)
        registration = Registration(
            student=student, session=session_2025, form=ExamForm.GLOBALE
        )
        registration.created_at = at(date(2024, 11, 15))
        if index == 4:
            registration.dispenses = [
                Dispense(unit="U1", justification="Titulaire du BTS MCO (2022)")
            ]
            marks["U1"] = None
        decision, units = _decide(marks, dispensed=index == 4)
        _record_2025(demo, registration, marks, decision, units)
        if decision is not Decision.ADMIS:
            refused.append((student, units))
    for student in demo.students[demo.cohorts[0].name]:
        db.session.add(
            Registration(
                student=student,
                session=session_2027,
                form=student.exam_form,
                created_at=at(date(2026, 10, 1)),
            )
        )
    _register_again(session_2027, refused)
    db.session.flush()


def _marks_2025(demo: DemoContext, index: int) -> Marks:
    if index in (2, 5, 8):
        return dict(REFUSED_2025[(2, 5, 8).index(index)])
    level = max(11.0, demo.rng.gauss(12.5, 1.5))
    marks: Marks = {
        unit: half_points(max(10.0, demo.rng.gauss(level, 1.5)))
        for unit in COEFFICIENTS
    }
    marks["U5"] = tuple(
        half_points(max(10.0, demo.rng.gauss(level, 1.5))) for _ in "wp"
    )
    return marks


def _decide(marks: Marks, *, dispensed: bool) -> tuple[Decision, dict[str, Decimal]]:
    """R3, for the demo's simple cases: admis, refuse or refuse_absent."""
    units: dict[str, Decimal] = {}
    for unit, mark in marks.items():
        if isinstance(mark, tuple):
            parts = Decimal(str(mark[0])) + Decimal(str(mark[1]))
            units[unit] = _ceil_half(Fraction(parts) / 2)
        elif mark is not None:
            units[unit] = Decimal(str(mark))
    exempt = {"U1"} if dispensed else set()
    if any(u not in units and u not in exempt for u in COEFFICIENTS):
        return Decision.REFUSE_ABSENT, units
    counted = {u: c for u, c in COEFFICIENTS.items() if u in units}
    average = Fraction(sum(units[u] * c for u, c in counted.items())) / sum(
        counted.values()
    )
    return (Decision.ADMIS if average >= 10 else Decision.REFUSE), units


def _record_2025(
    demo: DemoContext,
    registration: Registration,
    marks: Marks,
    decision: Decision,
    units: dict[str, Decimal],
) -> None:
    db.session.add(registration)
    db.session.flush()
    rows = []
    for unit in COEFFICIENTS:
        mark = marks.get(unit)
        row: dict[str, object] = {"grade": None, "written": None, "practical": None}
        row["status"] = None
        if isinstance(mark, tuple):
            row["written"], row["practical"] = (Decimal(str(m)) for m in mark)
        elif mark is not None:
            row["grade"] = Decimal(str(mark))
        elif unit == "U3":
            row["status"] = ExamUnitStatus.ABSENT
        else:
            row["status"] = ExamUnitStatus.DISPENSED
        row |= {"registration_id": registration.id, "unit": unit}
        row |= {"updated_by_id": demo.director.id if demo.director else None}
        row["updated_at"] = at(JURY_2025 - timedelta(days=3))
        rows.append(row)
    db.session.execute(insert(ExamUnitGrade), rows)
    db.session.add(
        RegistrationResult(
            registration=registration,
            decision=decision,
            explanation=_explanation(decision, units),
            decided_at=at(JURY_2025, 12),
            decided_by=demo.director,
        )
    )
    _add_blocs(registration, units)
    _add_livret_avis(demo, registration, decision)


def _explanation(decision: Decision, units: dict[str, Decimal]) -> dict[str, object]:
    counted = {u: c for u, c in COEFFICIENTS.items() if u in units}
    total = sum(units[u] * c for u, c in counted.items())
    divisor = sum(counted.values())
    return {
        "decision": str(decision),
        "average": str(_two_places(Fraction(total) / divisor)),
        "total_points": str(total),
        "divisor": divisor,
        "units": {
            unit: {
                "grade": str(grade),
                "coefficient": COEFFICIENTS[unit],
                "points": str(grade * COEFFICIENTS[unit]),
                "source": "session",
                "acquired": grade >= 10,
            }
            for unit, grade in units.items()
        },
    }


def _add_blocs(registration: Registration, units: dict[str, Decimal]) -> None:
    # R4: a mandatory unit with a grade >= 10 is a bloc, valid five years.
    for unit, grade in units.items():
        if grade >= 10:
            db.session.add(
                BlocEntry(
                    student=registration.student,
                    unit=unit,
                    grade=grade,
                    source=BlocSource.SESSION,
                    registration=registration,
                    obtained_session_year=2025,
                    obtained_on=JURY_2025,
                    valid_through_session=2030,
                    valid_until=JURY_2025.replace(year=2030),
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
    session: ExamSession, refused: list[tuple[Student, dict[str, Decimal]]]
) -> None:
    # R5: refused candidates keep, on request, their grades >= 10 (forme globale).
    for student, units in refused:
        registration = Registration(
            student=student,
            session=session,
            form=ExamForm.GLOBALE,
            created_at=at(date(2026, 10, 1)),
        )
        registration.benefits = [
            KeptBenefit(
                unit=unit,
                grade=grade,
                origin=BlocSource.SESSION,
                origin_session_year=2025,
                obtained_on=JURY_2025,
            )
            for unit, grade in units.items()
            if grade >= 10
        ]
        db.session.add(registration)


def _ceil_half(value: Fraction) -> Decimal:
    # R2 policy ceil_half: a computed unit grade goes up to the next half point.
    return (Decimal(value.numerator) / value.denominator * 2).quantize(
        Decimal(1), rounding=ROUND_CEILING
    ) / 2


def _two_places(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
