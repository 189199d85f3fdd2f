"""Justifications of absences (R8): a date range of an apprentice, a reason, a
status (pending, justified, unjustified) and an optional document.

Entered by the director or a trainer; callers check reach first
(``service.access.attendance``). Each write is audited; the document's checks
and storage are ``service.operations.justification_files``'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from http import HTTPStatus

from sqlalchemy import select

from service.extensions import db
from service.models import Justification, JustificationStatus, Student, User, utc_now
from service.operations import justification_files as files
from service.operations.audit import AuditOutcome, AuditRecord, record_event
from service.problems import Problem

REASON_MAX = 300
STATUS_LABELS = {
    JustificationStatus.PENDING: "En attente",
    JustificationStatus.JUSTIFIED: "Justifiée",
    JustificationStatus.UNJUSTIFIED: "Non justifiée",
}


@dataclass(frozen=True, slots=True)
class JustificationFacts:
    """What staff enter about an absence: the days, why, and its status."""

    first_day: date
    last_day: date
    reason: str
    status: JustificationStatus


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """A document to attach (replacing any), or ``remove`` the one attached."""

    upload: files.Upload | None = None
    remove: bool = False


def check_facts(facts: JustificationFacts) -> None:
    """Refuse (422, naming the field) days out of order or a missing reason."""
    errors: dict[str, list[str]] = {}
    if facts.first_day > facts.last_day:
        errors["last_day"] = ["Dernier jour : au plus tôt le premier jour."]
    reason = facts.reason.strip()
    if not reason:
        errors["reason"] = ["Motif : à remplir."]
    elif len(reason) > REASON_MAX:
        errors["reason"] = [f"Motif : {REASON_MAX} caractères au plus."]
    if errors:
        first = next(iter(errors.values()))[0]
        raise Problem(HTTPStatus.UNPROCESSABLE_ENTITY, first, errors=errors)


def create_justification(
    student: Student,
    facts: JustificationFacts,
    document: files.Upload | None,
    actor: User,
) -> Justification:
    """Record a justification (and store its document); flushes, audited."""
    check_facts(facts)
    kind = None if document is None else files.document_type(document)
    justification = Justification(
        student_id=student.id, created_by_id=actor.id, **_values(facts)
    )
    if document is not None and kind is not None:
        _attach(justification, document, kind)
    db.session.add(justification)
    db.session.flush()
    _audit(actor, "justification.create", justification)
    return justification


def change_justification(
    justification: Justification,
    facts: JustificationFacts,
    document: DocumentChange,
    actor: User,
) -> Justification:
    """Change the days, reason, status or document; the old document goes once
    the change commits."""
    check_facts(facts)
    upload = document.upload
    kind = None if upload is None else files.document_type(upload)
    for name, value in _values(facts).items():
        setattr(justification, name, value)
    if (upload is not None or document.remove) and justification.document_key:
        files.drop(db.session(), justification.document_key)
        _detach(justification)
    if upload is not None and kind is not None:
        _attach(justification, upload, kind)
    justification.updated_at = utc_now()
    db.session.flush()
    _audit(actor, "justification.update", justification)
    return justification


def delete_justification(justification: Justification, actor: User) -> None:
    """Delete a justification; its document goes once the deletion commits."""
    _audit(actor, "justification.delete", justification)
    _forget(justification)
    db.session.flush()


def erase_justifications(student: Student) -> int:
    """Delete every justification of ``student`` and their documents (erasure)."""
    rows = db.session.scalars(
        select(Justification).where(Justification.student_id == student.id)
    ).all()
    for justification in rows:
        _forget(justification)
    db.session.flush()
    return len(rows)


def _values(facts: JustificationFacts) -> dict[str, object]:
    return {
        "first_day": facts.first_day,
        "last_day": facts.last_day,
        "reason": facts.reason.strip(),
        "status": facts.status,
    }


def _attach(justification: Justification, upload: files.Upload, kind: str) -> None:
    justification.document_key = files.store(db.session(), upload.data)
    justification.document_name = _file_name(upload.name)
    justification.document_type = kind
    justification.document_size = len(upload.data)


def _detach(justification: Justification) -> None:
    justification.document_key = None
    justification.document_name = None
    justification.document_type = None
    justification.document_size = None


def _forget(justification: Justification) -> None:
    if justification.document_key:
        files.drop(db.session(), justification.document_key)
    db.session.delete(justification)


def _file_name(name: str) -> str:
    """The upload's own name, without any folder, at most 255 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    return (base or "document")[-255:]


def _audit(actor: User, action: str, justification: Justification) -> None:
    record_event(
        AuditRecord(
            actor.id,
            action,
            "justification",
            justification.id,
            AuditOutcome.ACCEPTED,
            {
                "student_id": justification.student_id,
                "status": str(justification.status),
                "document": justification.document_name,
            },
        )
    )
