"""The attendance exports (R8): a cohort's monthly sign-in sheet and the proof of
attendance of a contract for its funder, from the roll call as
``service.operations.attendance_figures`` reads and counts it.

Callers check access first (``service.access.attendance``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from http import HTTPStatus

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from grading import load_regulation
from grading.attendance import hours
from importers.attendance_proof import write_funder_proof
from importers.attendance_records import (
    ContractFacts,
    FunderProof,
    HoursFigures,
    ProofHalfDay,
    ProofMonth,
    RollMark,
    SheetHalfDay,
    SignInLine,
    SignInSheet,
    month_label,
)
from importers.attendance_sheet import write_sign_in_sheet
from importers.report_records import Identity, Signatory
from service.extensions import db
from service.models import (
    Cohort,
    Contract,
    HalfDay,
    HalfDaySlot,
    JustificationStatus,
    Lesson,
    Presence,
    Student,
)
from service.operations.attendance_figures import (
    AttendanceSummary,
    HalfDayLine,
    student_lines,
    summaries,
)
from service.operations.attendance_rows import SLOT_ORDER
from service.operations.contracts import CONTRACT_LABELS
from service.operations.justifications import STATUS_LABELS
from service.problems import Problem

MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)


def parse_month(text: str) -> date | None:
    """Read a month written « AAAA-MM » (a month field's value) as its first
    day; None when the text is not one."""
    found = MONTH.fullmatch(text.strip())
    if found is None:
        return None
    year, month = (int(part) for part in found.groups())
    return date(year, month, 1) if year >= 1 and 1 <= month <= 12 else None


def month_bounds(month: date) -> tuple[date, date]:
    """The first and last days of ``month``'s month."""
    first = month.replace(day=1)
    following = (first + timedelta(days=31)).replace(day=1)
    return first, following - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class SheetSettings:
    """What a sign-in sheet prints beside the roll call: the centre's name and
    the half-days' hours (``HALF_DAY_TIMES``)."""

    centre: str
    times: Mapping[str, str]


def export_sign_in_sheet(
    cohort: Cohort,
    month: date,
    settings: SheetSettings,
    half_days: Select[HalfDay] | None = None,
) -> bytes:
    """Return the cohort's sign-in sheet of ``month`` as xlsx bytes: its
    half-days among ``half_days`` (the caller's reach; all by default); 409
    when there is none."""
    return write_sign_in_sheet(sign_in_sheet(cohort, month, settings, half_days))


def sign_in_sheet(
    cohort: Cohort,
    month: date,
    settings: SheetSettings,
    half_days: Select[HalfDay] | None = None,
) -> SignInSheet:
    """Build the record of the cohort's sign-in sheet of ``month``."""
    first, last = month_bounds(month)
    statement = select(HalfDay) if half_days is None else half_days
    chosen = _cohort_half_days(statement, cohort, (first, last))
    if not chosen:
        named = f"{cohort.name} en {month_label(first)}"
        raise Problem(
            HTTPStatus.CONFLICT,
            f"Aucune demi-journée planifiée pour {named} : pas de feuille à émarger.",
        )
    students = db.session.scalars(
        select(Student)
        .where(Student.cohort_id == cohort.id, Student.erased_at.is_(None))
        .order_by(Student.last_name, Student.first_name, Student.id)
    ).all()
    lines = student_lines([student.id for student in students], first, last)
    times = settings.times
    return SignInSheet(
        centre=settings.centre,
        cohort=cohort.name,
        month=first,
        half_days=tuple(_sheet_half_day(half_day, times) for half_day in chosen),
        lines=tuple(
            _sign_in_line(student, lines.get(student.id, []), chosen)
            for student in students
        ),
    )


def _cohort_half_days(
    half_days: Select[HalfDay], cohort: Cohort, days: tuple[date, date]
) -> list[HalfDay]:
    """The cohort's half-days of ``half_days`` within ``days``, in order, with
    their trainers."""
    found = db.session.scalars(
        half_days.where(
            HalfDay.cohort_id == cohort.id, HalfDay.day.between(*days)
        ).options(selectinload(HalfDay.lessons).selectinload(Lesson.trainer))
    ).all()
    return sorted(found, key=lambda h: (h.day, SLOT_ORDER[h.slot]))


def _sheet_half_day(half_day: HalfDay, times: Mapping[str, str]) -> SheetHalfDay:
    trainers = [
        lesson.trainer.display_name for lesson in half_day.lessons if lesson.trainer
    ]
    return SheetHalfDay(
        day=half_day.day,
        afternoon=half_day.slot is HalfDaySlot.AFTERNOON,
        hours=str(times.get(half_day.slot.value, "")),
        trainers=tuple(dict.fromkeys(trainers)),
    )


def _sign_in_line(
    student: Student, lines: Sequence[HalfDayLine], half_days: Sequence[HalfDay]
) -> SignInLine:
    marks = {line.half_day_id: roll_mark(line) for line in lines}
    return SignInLine(
        identity(student),
        tuple(marks.get(half_day.id) for half_day in half_days),
    )


def roll_mark(line: HalfDayLine) -> RollMark | None:
    """What the roll call recorded on a line (None: not taken)."""
    if not line.taken:
        return None
    return RollMark(
        line.presence is Presence.PRESENT, line.late_minutes, line.early_minutes
    )


def identity(student: Student) -> Identity:
    """The apprentice as the export documents name them."""
    return Identity(
        student.last_name, student.first_name, student.birth_date, student.ine
    )


def export_funder_proof(
    contract: Contract, today: date, signatories: tuple[str, Signatory]
) -> bytes:
    """Return the contract's proof of attendance as xlsx bytes: the half-days
    from the contract's start to its end or ``today``, whichever is first; 409
    when none is planned yet. ``signatories``: the centre and who signs."""
    return write_funder_proof(funder_proof(contract, today, signatories))


def funder_proof(
    contract: Contract, today: date, signatories: tuple[str, Signatory]
) -> FunderProof:
    """Build the record of the contract's proof of attendance."""
    centre, signatory = signatories
    student = contract.student
    first, last = contract.starts_on, min(contract.ends_on, today)
    lines = student_lines([student.id], first, last).get(student.id, [])
    if not lines:
        raise Problem(
            HTTPStatus.CONFLICT,
            "Aucune demi-journée planifiée pendant ce contrat à ce jour : "
            "rien à attester.",
        )
    months = sorted({line.day.replace(day=1) for line in lines})
    regulation = load_regulation(student.cohort.regulation_id)
    return FunderProof(
        centre=centre,
        training=f"{regulation.title} — {student.cohort.name}",
        apprentice=identity(student),
        contract=contract_facts(contract),
        first_day=first,
        last_day=last,
        months=tuple(
            ProofMonth(month, _month_hours(student.id, month, (first, last)))
            for month in months
        ),
        total=hours_figures(summaries([student.id], first, last)[student.id]),
        half_days=tuple(proof_half_day(line) for line in lines),
        issued_on=today,
        signatory=signatory,
    )


def _month_hours(
    student_id: int, month: date, period: tuple[date, date]
) -> HoursFigures:
    """The hours of the month, within the period attested."""
    first, last = month_bounds(month)
    first, last = max(first, period[0]), min(last, period[1])
    return hours_figures(summaries([student_id], first, last)[student_id])


def contract_facts(contract: Contract) -> ContractFacts:
    """The contract as the proof states it."""
    return ContractFacts(
        kind=CONTRACT_LABELS[contract.kind],
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        employer=contract.employer,
        tutor=contract.tutor_name or "",
        funder=contract.funder or "",
    )


def hours_figures(summary: AttendanceSummary) -> HoursFigures:
    """A summary's minutes as display hours. The minutes lost to late arrivals
    and early departures are what the taken half-days miss beyond absences (a
    half-day's attended minutes never fall below 0)."""
    absent = (
        summary.absent_justified + summary.absent_unjustified + summary.absent_pending
    )
    return HoursFigures(
        planned=hours(summary.planned),
        attended=hours(summary.attended),
        absent_justified=hours(summary.absent_justified),
        absent_unjustified=hours(summary.absent_unjustified),
        absent_pending=hours(summary.absent_pending),
        late_or_early=hours(summary.taken - summary.attended - absent),
        not_taken=hours(summary.planned - summary.taken),
    )


def proof_half_day(line: HalfDayLine) -> ProofHalfDay:
    """One half-day of the proof; an absence no justification covers is
    unjustified (``attendance_figures``)."""
    status = line.justification or JustificationStatus.UNJUSTIFIED
    return ProofHalfDay(
        day=line.day,
        afternoon=line.slot is HalfDaySlot.AFTERNOON,
        subjects=line.subjects,
        planned=hours(line.planned_minutes),
        attended=hours(line.attended_minutes),
        mark=roll_mark(line),
        justification=STATUS_LABELS[status].lower() if line.absent else "",
    )
