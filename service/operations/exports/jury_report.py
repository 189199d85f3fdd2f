"""The jury's procès-verbal of a session, from the stored results (R3).

Every figure comes from the engine's output stored with each result
(``RegistrationResult.explanation``): unit grades, total, divisor, average.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from sqlalchemy import select

from grading import Regulation, Source, UnitStatus, load_regulation
from importers.exports import write_jury_report
from importers.report_records import Identity, JuryReport, JuryRow, Mark, UnitHeading
from service.extensions import db
from service.models import (
    Decision,
    ExamSession,
    Registration,
    RegistrationResult,
    SessionState,
    Student,
)
from service.operations.results import engine_grade
from service.problems import Problem

DECISION_LABELS = {
    Decision.ADMIS: "Admis(e)",
    Decision.AUTORISE_CONTROLE: "Autorisé(e) aux épreuves de contrôle",
    Decision.ADMIS_APRES_CONTROLE: "Admis(e) après épreuves de contrôle",
    Decision.REFUSE: "Refusé(e)",
    Decision.REFUSE_ABSENT: "Refusé(e) pour absence",
    Decision.INCOMPLET: "Dossier incomplet",
}
#: A unit without a grade, as the PV shows it (codes of the gradebook legend).
STATUS_CODES = {
    UnitStatus.ABSENT: "ABS",
    UnitStatus.ABSENT_FORCE_MAJEURE: "ABJ",
    UnitStatus.DISPENSED: "DISP",
}
REMARKS = {
    Source.BENEFIT: "bénéfice",
    Source.DISPENSED: "dispense",
    Source.JURY: "note du jury",
    Source.CONTROL: "contrôle",
}


def export_jury_report(session: ExamSession, centre: str, president: str) -> bytes:
    """Return the session's procès-verbal as xlsx bytes."""
    return write_jury_report(jury_report(session, centre, president))


def jury_report(session: ExamSession, centre: str, president: str) -> JuryReport:
    """Build the session's procès-verbal record (two queries), for xlsx and PDF.

    The president is the session's; ``president`` (a setting) when it names none.
    """
    if session.state is SessionState.OPEN or session.jury_date is None:
        raise Problem(
            HTTPStatus.CONFLICT, "Calculez d'abord les résultats de la session."
        )
    regulation = load_regulation(session.regulation_id)
    rows = db.session.execute(
        select(Student, RegistrationResult.decision, RegistrationResult.explanation)
        .join(Registration, Registration.student_id == Student.id)
        .join(RegistrationResult, RegistrationResult.registration_id == Registration.id)
        .where(Registration.session_id == session.id)
        .order_by(Student.last_name, Student.first_name, Student.id)
    )
    return JuryReport(
        centre=centre,
        diploma=regulation.title,
        session=str(session.year),
        jury_date=session.jury_date,
        president=session.jury_president or president,
        units=tuple(UnitHeading(u.code, u.title) for u in regulation.units.values()),
        rows=tuple(
            jury_row(student, decision, output, regulation)
            for student, decision, output in rows
        ),
    )


def jury_row(
    student: Student,
    decision: Decision,
    output: Mapping[str, Any],
    regulation: Regulation,
) -> JuryRow:
    """Lay out one candidate's stored result (the engine's JSON output)."""
    units = output.get("units", {})
    return JuryRow(
        candidate=Identity(
            student.last_name, student.first_name, student.birth_date, student.ine
        ),
        candidate_number=student.student_number,
        marks=tuple(unit_mark(units.get(code)) for code in regulation.units),
        total=engine_grade(output.get("total_points")),
        divisor=engine_grade(output.get("divisor")),
        average=engine_grade(output.get("average")),
        decision=DECISION_LABELS[decision],
        remarks=remarks(units),
    )


def unit_mark(unit: Mapping[str, Any] | None) -> Mark:
    """Give the code of a unit's status (ABS, ABJ, DISP), else its grade.

    An absent unit counts 0 in the total, but the PV shows ABS, never 0.00.
    """
    if unit is None:
        return None
    status = unit.get("status")
    if status is not None and UnitStatus(status) in STATUS_CODES:
        return STATUS_CODES[UnitStatus(status)]
    grade = unit.get("grade")
    return None if grade is None else engine_grade(grade)


def remarks(units: Mapping[str, Mapping[str, Any]]) -> str:
    """Name the units whose grade is not this session's own (benefit, jury …)."""
    notes = []
    for code, unit in units.items():
        source = unit.get("source")
        if source is not None and Source(source) in REMARKS:
            notes.append(f"{code} : {REMARKS[Source(source)]}")
    return " · ".join(notes)
