"""Export files as people download them: a French name, the bytes, and their record.

The pages, the API, the CLI and the background jobs build their files here; the
pages and the jobs record each export in the audit trail (who exported what and
when): action ``export.<kind>``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select

from service.access.visibility import Visibility
from service.models import (
    AuditEvent,
    Cohort,
    Contract,
    ExamSession,
    HalfDay,
    Student,
)
from service.operations.audit import AuditOutcome, AuditRecord, record_event
from service.operations.exports.attendance import (
    SheetSettings,
    export_funder_proof,
    export_sign_in_sheet,
)
from service.operations.exports.attestation import (
    bloc_attestation,
    export_attestation,
)
from service.operations.exports.gradebook import export_gradebook
from service.operations.exports.jury_report import export_jury_report, jury_report
from service.operations.exports.livret import (
    cohort_livret,
    default_session,
    export_livret,
    livret_settings,
)
from service.operations.exports.pdf import (
    attestation_pdf,
    jury_report_pdf,
    livret_pdf,
)

#: The audit actions of exports, and how the pages name them.
EXPORT_LABELS = {
    "export.livret": "Livret scolaire",
    "export.gradebook": "Carnet de notes",
    "export.pv": "Procès-verbal du jury",
    "export.attestation": "Attestation de blocs",
    "export.centre": "Export complet du centre",
    "export.livret_pdf": "Livret scolaire (PDF)",
    "export.pv_pdf": "Procès-verbal du jury (PDF)",
    "export.attestation_pdf": "Attestation de blocs (PDF)",
    "export.attendance_sheet": "Feuille d'émargement",
    "export.funder_proof": "Attestation d'assiduité (financeur)",
}


#: What the centre's exports see: every row (a student's own sees published ones).
CENTRE_VIEW = Visibility(published_only=False)


@dataclass(frozen=True, slots=True)
class ExportFile:
    """A file to hand over: its download name (with extension) and bytes."""

    name: str
    data: bytes


def livret_file(
    cohort: Cohort, config: Mapping[str, Any], session: ExamSession | None = None
) -> ExportFile:
    """The cohort's livret scolaire, with the avis of ``session`` (by default, the
    session it prepares, R8)."""
    chosen = session if session is not None else default_session(cohort)
    data = export_livret(cohort, chosen, livret_settings(config))
    return ExportFile(f"Livret scolaire - {cohort.name}.xlsx", data)


def gradebook_file(
    cohort: Cohort,
    config: Mapping[str, Any],
    now: datetime,
    subjects: set[int] | None = None,
) -> ExportFile:
    """The cohort's gradebook: ``subjects`` only (a trainer's), or every one."""
    centre = livret_settings(config).centre
    data = export_gradebook(cohort, subjects, centre, now)
    return ExportFile(f"Carnet de notes - {cohort.name}.xlsx", data)


def pv_file(session: ExamSession, config: Mapping[str, Any]) -> ExportFile:
    """The jury's procès-verbal (409 while the results are not computed, R3)."""
    settings = livret_settings(config)
    data = export_jury_report(session, settings.centre, settings.president)
    return ExportFile(f"Procès-verbal du jury - session {session.year}.xlsx", data)


def attestation_file(
    student: Student,
    config: Mapping[str, Any],
    now: datetime,
    visibility: Visibility = CENTRE_VIEW,
) -> ExportFile:
    """The attestation of the blocs a student holds today (R4): by default the
    centre's view; a student's own counts only published sessions (R7)."""
    settings = livret_settings(config)
    signatories = (settings.centre, settings.director)
    data = export_attestation(student, now.date(), signatories, visibility)
    return ExportFile(f"Attestation de blocs - {student.full_name}.xlsx", data)


def livret_pdf_file(
    cohort: Cohort, config: Mapping[str, Any], session: ExamSession | None = None
) -> ExportFile:
    """The livret scolaire as PDF: the same record as its xlsx (R8)."""
    chosen = session if session is not None else default_session(cohort)
    livret = cohort_livret(cohort, chosen, livret_settings(config))
    return ExportFile(f"Livret scolaire - {cohort.name}.pdf", livret_pdf(livret))


def pv_pdf_file(session: ExamSession, config: Mapping[str, Any]) -> ExportFile:
    """The jury's procès-verbal as PDF, to print and sign (409 before results, R3)."""
    settings = livret_settings(config)
    report = jury_report(session, settings.centre, settings.president)
    name = f"Procès-verbal du jury - session {session.year}.pdf"
    return ExportFile(name, jury_report_pdf(report))


def attestation_pdf_file(
    student: Student,
    config: Mapping[str, Any],
    now: datetime,
    visibility: Visibility = CENTRE_VIEW,
) -> ExportFile:
    """The attestation of blocs as PDF, to sign: the same record as its xlsx (R4)."""
    settings = livret_settings(config)
    signatories = (settings.centre, settings.director)
    attestation = bloc_attestation(student, now.date(), signatories, visibility)
    name = f"Attestation de blocs - {student.full_name}.pdf"
    return ExportFile(name, attestation_pdf(attestation))


def attendance_sheet_file(
    cohort: Cohort,
    month: date,
    config: Mapping[str, Any],
    half_days: Select[HalfDay] | None = None,
) -> ExportFile:
    """The cohort's sign-in sheet of ``month``: its half-days among ``half_days``
    (a trainer's reach; all by default), 409 without one (R8)."""
    settings = SheetSettings(livret_settings(config).centre, config["HALF_DAY_TIMES"])
    data = export_sign_in_sheet(cohort, month, settings, half_days)
    name = f"Feuille d'émargement - {cohort.name} - {month:%Y-%m}.xlsx"
    return ExportFile(name, data)


def funder_proof_file(
    contract: Contract, config: Mapping[str, Any], today: date
) -> ExportFile:
    """The contract's proof of attendance for its funder, up to ``today`` (R8)."""
    settings = livret_settings(config)
    data = export_funder_proof(contract, today, (settings.centre, settings.director))
    name = f"Attestation d'assiduité - {contract.student.full_name}.xlsx"
    return ExportFile(name, data)


def record_export(
    actor_id: int, action: str, target: tuple[str, int | None], file_name: str
) -> AuditEvent:
    """Record who exported which file (``action`` is one of ``EXPORT_LABELS``)."""
    kind, target_id = target
    return record_event(
        AuditRecord(
            actor_id,
            action,
            kind,
            target_id,
            AuditOutcome.ACCEPTED,
            {"file": file_name},
        )
    )
