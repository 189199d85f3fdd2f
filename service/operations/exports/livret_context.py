"""The livret's parts beyond the grades (R8): each student's attendance per
training year, company periods, and the section's results at past sessions.

One query (or one ``summaries`` call per year) for a whole cohort, never one
per student.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from importers.livret_records import CompanyPeriod, SectionResult, YearAttendance
from service.extensions import db
from service.models import (
    Cohort,
    Contract,
    Decision,
    ExamSession,
    Period,
    PeriodCode,
    Registration,
    RegistrationResult,
    SessionState,
)
from service.operations.attendance_figures import AttendanceSummary, summaries

#: The section's results shown: its last three published sessions (R8).
RESULT_SESSIONS = 3
#: Candidates who sat the session, and those admitted, among its decisions.
NOT_PRESENTED = (Decision.REFUSE_ABSENT, Decision.INCOMPLET)
ADMITTED = (Decision.ADMIS, Decision.ADMIS_APRES_CONTROLE)
PUBLISHED = (SessionState.PUBLISHED, SessionState.LOCKED)
MINUTES_PER_HOUR = 60


def year_spans(cohort: Cohort) -> tuple[tuple[date, date], tuple[date, date]]:
    """Give the first and last day of each training year: its periods' dates,
    else the school year (1 September to 31 August).
    """
    rows = db.session.execute(
        select(Period.code, Period.starts_on, Period.ends_on).where(
            Period.cohort_id == cohort.id
        )
    )
    dates: dict[int, list[date]] = defaultdict(list)
    for code, starts_on, ends_on in rows:
        year = 1 if code in (PeriodCode.S1, PeriodCode.S2) else 2
        dates[year] += [starts_on, ends_on]
    spans = []
    for year in (1, 2):
        start = cohort.start_year + year - 1
        default = [date(start, 9, 1), date(start + 1, 8, 31)]
        found = dates.get(year) or default
        spans.append((min(found), max(found)))
    return spans[0], spans[1]


def attendance_by_student(
    cohort: Cohort, student_ids: Sequence[int], labels: tuple[str, str]
) -> dict[int, tuple[YearAttendance, ...]]:
    """Give each student's absences per training year, from the roll calls.

    A student without any roll call in either year gets nothing (the livret
    then leaves a box to fill).
    """
    years = [summaries(student_ids, first, last) for first, last in year_spans(cohort)]
    found: dict[int, tuple[YearAttendance, ...]] = {}
    for student in student_ids:
        figures = [year.get(student) for year in years]
        if not any(summary and summary.taken for summary in figures):
            continue
        found[student] = tuple(
            _year(label, summary)
            for label, summary in zip(labels, figures, strict=True)
        )
    return found


def _year(label: str, summary: AttendanceSummary | None) -> YearAttendance:
    if summary is None:
        return YearAttendance(label)
    return YearAttendance(
        label,
        summary.half_days_absent_justified,
        summary.half_days_absent_unjustified,
        summary.half_days_absent_pending,
        _hours(summary.absent_justified),
        _hours(summary.absent_unjustified),
        _hours(summary.absent_pending),
    )


def _hours(minutes: int) -> Decimal:
    """Minutes as exact hours (a multiple of 1/60 shown with two decimals)."""
    return Decimal(minutes) / MINUTES_PER_HOUR


def company_periods(student_ids: Sequence[int]) -> dict[int, tuple[CompanyPeriod, ...]]:
    """Give each student's contracts as company periods, oldest first."""
    rows = db.session.scalars(
        select(Contract)
        .where(Contract.student_id.in_(student_ids))
        .order_by(Contract.starts_on, Contract.id)
    )
    periods: dict[int, list[CompanyPeriod]] = defaultdict(list)
    for contract in rows:
        periods[contract.student_id].append(
            CompanyPeriod(
                contract.employer,
                contract.starts_on,
                contract.ends_on,
                contract.tutor_name or "",
                contract.tutor_appreciation or "",
            )
        )
    return {student: tuple(found) for student, found in periods.items()}


def section_results(regulation_id: str, before: int) -> tuple[SectionResult, ...]:
    """Give the section's last published sessions before ``before``, oldest first:
    candidates presented (not absent, dossier complete) and admitted (R8).
    """
    sessions = list(
        db.session.scalars(
            select(ExamSession)
            .where(
                ExamSession.regulation_id == regulation_id,
                ExamSession.year < before,
                ExamSession.state.in_(PUBLISHED),
            )
            .order_by(ExamSession.year.desc())
            .limit(RESULT_SESSIONS)
        )
    )
    if not sessions:
        return ()
    counts = db.session.execute(
        select(Registration.session_id, RegistrationResult.decision, func.count())
        .join(RegistrationResult, RegistrationResult.registration_id == Registration.id)
        .where(Registration.session_id.in_([s.id for s in sessions]))
        .group_by(Registration.session_id, RegistrationResult.decision)
    )
    presented: dict[int, int] = defaultdict(int)
    admitted: dict[int, int] = defaultdict(int)
    for session_id, decision, count in counts:
        if decision not in NOT_PRESENTED:
            presented[session_id] += count
        if decision in ADMITTED:
            admitted[session_id] += count
    return tuple(
        SectionResult(str(s.year), presented[s.id], admitted[s.id])
        for s in reversed(sessions)
    )
