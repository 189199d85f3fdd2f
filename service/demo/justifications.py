"""Justifications of some of the demo's absences (R8): medical certificates (a
one-page PDF made here, stored like an upload in the justification folder), a
convocation, one pending and one refused; the other absences stay unjustified.

The demo never reads the clock nor the system's randomness: dates follow the
absences, and the documents' keys come from the seeded source.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from service.demo.context import DemoContext, at
from service.extensions import db
from service.models import (
    AttendanceMark,
    HalfDay,
    Justification,
    JustificationStatus,
    Presence,
    Student,
)
from service.operations import justification_files as files

#: Justifications made per cohort, at most (the first absences of the year).
PER_COHORT = 8


@dataclass(frozen=True, slots=True)
class Kind:
    """One way an absence is justified in the demo."""

    reason: str
    status: JustificationStatus
    certificate: bool = False


#: Applied in turn to the absences; ``None``: left without justification.
CYCLE: tuple[Kind | None, ...] = (
    Kind("Certificat médical", JustificationStatus.JUSTIFIED, certificate=True),
    Kind(
        "Convocation à la journée défense et citoyenneté", JustificationStatus.JUSTIFIED
    ),
    Kind("Justificatif demandé à l'employeur", JustificationStatus.PENDING),
    None,
    Kind("Panne de réveil : motif non recevable", JustificationStatus.UNJUSTIFIED),
)


def add_justifications(demo: DemoContext) -> None:
    """Add them to the demo centre (flushes, never commits)."""
    assert demo.director is not None
    for cohort in demo.cohorts:
        absences = _absences(cohort.id)[:PER_COHORT]
        for index, (student, day) in enumerate(absences):
            kind = CYCLE[index % len(CYCLE)]
            if kind is not None:
                db.session.add(_justification(demo, student, day, kind))
    db.session.flush()


def _absences(cohort_id: int) -> list[tuple[Student, date]]:
    """Each (apprentice, day) of an absence in the cohort, by day then name."""
    rows = db.session.execute(
        select(Student, HalfDay.day)
        .join(AttendanceMark, AttendanceMark.student_id == Student.id)
        .join(HalfDay, HalfDay.id == AttendanceMark.half_day_id)
        .where(
            HalfDay.cohort_id == cohort_id,
            AttendanceMark.presence == Presence.ABSENT,
        )
        .distinct()
        .order_by(HalfDay.day, Student.last_name, Student.first_name, Student.id)
    )
    return [(student, day) for student, day in rows]


def _justification(
    demo: DemoContext, student: Student, day: date, kind: Kind
) -> Justification:
    assert demo.director is not None
    entered = at(day + timedelta(days=2), 10)
    justification = Justification(
        student_id=student.id,
        first_day=day,
        last_day=day,
        reason=kind.reason,
        status=kind.status,
        created_by_id=demo.director.id,
        created_at=entered,
        updated_at=entered,
    )
    if kind.certificate:
        data = certificate_pdf(student.full_name, day)
        upload = files.Upload(f"certificat-{day.isoformat()}.pdf", data)
        justification.document_type = files.document_type(upload)
        justification.document_key = files.store(
            db.session(), data, f"{demo.rng.getrandbits(128):032x}"
        )
        justification.document_name = upload.name
        justification.document_size = len(data)
    return justification


def certificate_pdf(name: str, day: date) -> bytes:
    """A one-page PDF certificate (PDF 1.4, Helvetica, WinAnsi text)."""
    lines = (
        "Certificat médical",
        f"Je soussigné certifie avoir examiné {name} le {day:%d/%m/%Y}.",
        "Son état de santé justifie un arrêt d'une journée.",
        "Document de démonstration · Carnet",
    )
    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(
        f"({_escaped(line)}) '" for line in lines
    )
    stream = text.encode("cp1252", "replace") + b" ET"
    return _pdf(
        (
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
            b"/Encoding /WinAnsiEncoding >>",
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        )
    )


def _escaped(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf(objects: Sequence[bytes]) -> bytes:
    """The objects numbered from 1, with their cross-reference table."""
    body = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    start = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        start,
    )
    return bytes(body)
