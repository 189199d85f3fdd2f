"""The livret scolaire of a cohort (R8): a few queries, then the writer's record.

What counts (policy ``livret_grades``, default ``published``): the jury sees only
grades the apprentice has seen (R7), so drafts appear nowhere in the livret.
Absences are attendance, not missed assessments: an ``ABS``, ``ABJ`` or ``DISP``
grade is no absence; the « éléments complémentaires » count the roll calls'
absences per training year (``attendance_figures``), or leave a box to fill
when Carnet holds no roll call of the student.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import select

from grading import Regulation
from importers.exports import write_livret
from importers.livret_records import CompanyPeriod, YearAttendance
from importers.report_records import (
    Identity,
    Livret,
    LivretStudent,
    Signatory,
    UnitHeading,
)
from service.access.visibility import Visibility
from service.extensions import db
from service.models import (
    Appreciation,
    Cohort,
    ExamSession,
    LivretAvis,
    Student,
)
from service.operations.exports.livret_build import (
    ClassAverages,
    class_averages,
    unit_rows,
)
from service.operations.exports.livret_context import (
    attendance_by_student,
    company_periods,
    section_results,
)
from service.operations.formative import SubjectRow, key, subject_units
from service.operations.progress import load_formative, load_subjects
from service.operations.projection import regulation_of

EXAMINED = "Livret examiné par le président du jury le {:%d/%m/%Y}."


#: Optional settings read by the exports, with their defaults.
DEFAULT_CENTRE = "Centre de formation d'apprentis"
#: Policy ``livret_grades``: the grades of published assessments, or all of them.
LIVRET_GRADES = ("published", "all")


@dataclass(frozen=True, slots=True)
class LivretSettings:
    """What the centre configures: its name, the avis choices (R8), who signs,
    where, and which grades the livret counts (policy ``livret_grades``).
    """

    centre: str
    avis_choices: tuple[str, ...]
    president: str = ""
    #: Who signs the attestations for the centre (the director, usually), where.
    director: Signatory = field(default_factory=Signatory)
    grades: str = "published"


def livret_settings(config: Mapping[str, Any]) -> LivretSettings:
    """Read the export settings: CENTRE_NAME, JURY_PRESIDENT (when the session
    names none), CENTRE_SIGNATORY_NAME / _ROLE, CENTRE_PLACE and LIVRET_GRADES.
    """
    grades = str(config.get("LIVRET_GRADES") or "published")
    if grades not in LIVRET_GRADES:
        raise ValueError(f"LIVRET_GRADES : « published » ou « all », pas « {grades} ».")
    return LivretSettings(
        centre=str(config.get("CENTRE_NAME") or DEFAULT_CENTRE),
        avis_choices=tuple(config["LIVRET_AVIS_CHOICES"]),
        president=str(config.get("JURY_PRESIDENT") or ""),
        director=Signatory(
            str(config.get("CENTRE_SIGNATORY_NAME") or ""),
            str(config.get("CENTRE_SIGNATORY_ROLE") or ""),
            str(config.get("CENTRE_PLACE") or ""),
        ),
        grades=grades,
    )


def export_livret(
    cohort: Cohort, session: ExamSession | None, settings: LivretSettings
) -> bytes:
    """Return the cohort's livret scolaire as xlsx bytes (R8)."""
    return write_livret(cohort_livret(cohort, session, settings))


def cohort_livret(
    cohort: Cohort, session: ExamSession | None, settings: LivretSettings
) -> Livret:
    """Load the cohort's rows (six queries) and build its livret record (R8)."""
    regulation = regulation_of(cohort.regulation_id)
    subjects = load_subjects()
    # R7/R8, policy livret_grades: the jury sees what the apprentice has seen.
    published_only = settings.grades == "published"
    formative = load_formative(cohort.id, Visibility(published_only=published_only))
    units = subject_units(subjects, regulation)
    averages = class_averages(formative, units, regulation)
    students = list(
        db.session.scalars(
            select(Student)
            .where(Student.cohort_id == cohort.id)
            .order_by(Student.last_name, Student.first_name, Student.id)
        )
    )
    ids = [s.id for s in students]
    labels = year_labels(cohort)
    figures = CohortFigures(
        regulation=regulation,
        averages=averages,
        notes=year_appreciations(load_appreciations(ids), subjects, units),
        avis=load_avis(session, ids),
        attendance=attendance_by_student(cohort, ids, labels),
        company=company_periods(ids),
    )
    options = (*settings.avis_choices, *_unlisted(figures.avis.values(), settings))
    year = session.year if session else cohort.exam_session_year
    return Livret(
        centre=settings.centre,
        diploma=regulation.title,
        cohort=cohort.name,
        session=str(year),
        year_labels=labels,
        units=tuple(
            UnitHeading(u.code, u.title, exact_decimal(u.coefficient))
            for u in regulation.units.values()
        ),
        students=tuple(_student(s, figures) for s in students),
        avis_options=options,
        president=(session.jury_president if session else None) or settings.president,
        head_of_centre=head_of_centre(settings.director),
        section_results=section_results(cohort.regulation_id, year),
    )


def exact_decimal(value: int | Fraction) -> Decimal:
    """A coefficient as an exact decimal (the regulation's are decimal: 1.5)."""
    fraction = Fraction(value)
    return Decimal(fraction.numerator) / fraction.denominator


def head_of_centre(signatory: Signatory) -> str:
    """Name the head of the centre for the visa: « name, role » (« » unset)."""
    return ", ".join(part for part in (signatory.name, signatory.role) if part)


def year_labels(cohort: Cohort) -> tuple[str, str]:
    """Give the two training years' school years, e.g. « 2025–2026 »."""
    start = cohort.start_year
    return (f"{start}–{start + 1}", f"{start + 1}–{start + 2}")


@dataclass(frozen=True, slots=True)
class CohortFigures:
    """What every student's sheet of the livret is built from (R8)."""

    regulation: Regulation
    averages: ClassAverages
    #: Appreciations per student, then per (unit, year).
    notes: Mapping[int, Mapping[tuple[str, int], str]]
    avis: Mapping[int, LivretAvis]
    #: Absences per training year, and contracts, of the students who have any.
    attendance: Mapping[int, tuple[YearAttendance, ...]]
    company: Mapping[int, tuple[CompanyPeriod, ...]]


def _student(student: Student, figures: CohortFigures) -> LivretStudent:
    avis = figures.avis.get(student.id)
    return LivretStudent(
        identity=Identity(
            student.last_name, student.first_name, student.birth_date, student.ine
        ),
        units=unit_rows(
            student.id,
            figures.averages,
            figures.regulation,
            figures.notes.get(student.id, {}),
        ),
        attendance=figures.attendance.get(student.id, ()),
        avis=None if avis is None else avis.avis,
        general_appreciation=general_appreciation(avis),
        engagement=(avis.engagement or "") if avis else "",
        company=figures.company.get(student.id, ()),
    )


def general_appreciation(avis: LivretAvis | None) -> str:
    """Give the team's comment, and when the president examined the livret (R3.8)."""
    if avis is None:
        return ""
    parts = [avis.comment or ""]
    if avis.examined_at is not None:
        parts.append(EXAMINED.format(avis.examined_at))
    return " ".join(part for part in parts if part)


def load_appreciations(student_ids: Sequence[int]) -> list[tuple[int, int, int, str]]:
    """Return (student, subject, year, text) of the students' year appreciations."""
    rows = db.session.execute(
        select(
            Appreciation.student_id,
            Appreciation.subject_id,
            Appreciation.year_of_study,
            Appreciation.text,
        )
        .where(
            Appreciation.student_id.in_(student_ids),
            Appreciation.year_of_study.is_not(None),
        )
        .order_by(Appreciation.subject_id)
    )
    return [(s, subject, year or 0, text) for s, subject, year, text in rows]


def year_appreciations(
    rows: Iterable[tuple[int, int, int, str]],
    subjects: Sequence[SubjectRow],
    units: Mapping[str, tuple[str, ...]],
) -> dict[int, dict[tuple[str, int], str]]:
    """Gather the appreciations per student, unit and year (subject → units, R8).

    A unit prepared by several subjects shows each one, prefixed by its code.
    """
    codes = {subject.id: subject.code for subject in subjects}
    gathered: dict[int, dict[tuple[str, int], list[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for student, subject, year, text in rows:
        for unit in units.get(key(subject), ()):
            gathered[student][(unit, year)].append((codes.get(subject, ""), text))
    return {
        student: {
            slot: texts[0][1]
            if len(texts) == 1
            else " — ".join(f"{code} : {text}" for code, text in texts)
            for slot, texts in slots.items()
        }
        for student, slots in gathered.items()
    }


def load_avis(
    session: ExamSession | None, student_ids: Sequence[int]
) -> dict[int, LivretAvis]:
    """Return the avis of the students' livrets for the session (R8)."""
    if session is None:
        return {}
    rows = db.session.scalars(
        select(LivretAvis).where(
            LivretAvis.session_id == session.id,
            LivretAvis.student_id.in_(student_ids),
        )
    )
    return {row.student_id: row for row in rows}


def _unlisted(avis: Iterable[LivretAvis], settings: LivretSettings) -> tuple[str, ...]:
    """Keep an avis given before the configured list changed (never dropped)."""
    extra = {row.avis for row in avis} - set(settings.avis_choices)
    return tuple(sorted(extra))


def default_session(cohort: Cohort) -> ExamSession | None:
    """Return the session the cohort prepares, if it is open in Carnet."""
    return db.session.scalar(
        select(ExamSession).where(
            ExamSession.regulation_id == cohort.regulation_id,
            ExamSession.year == cohort.exam_session_year,
        )
    )
