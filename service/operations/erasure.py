"""Erasing a student on request (RGPD art. 17, T48): what the law lets go, goes.

Scope from ../shared/reference/reliability.md (§ rights, "Erasure"): erasure is
limited by art. 17(3)(b), a legal obligation (exam rules, the five-year benefit of
grades, R4–R5), and 17(3)(d), archiving; account deletion means disabling it,
ending its sessions and clearing optional fields.

The account is closed for good (no login, every session and token ended) and its
e-mail and name replaced; the record's optional fields are emptied, no company
tutor follows the record any more, and its contracts and justifications of
absence (their documents too, once the erasure commits) are deleted. The exam
records — names, INE, grades, CCF, registrations, results, blocs, livret — stay,
flagged with the legal basis that keeps them.
"""

from __future__ import annotations

from http import HTTPStatus

from sqlalchemy import delete

from service.extensions import db
from service.models import Contract, Student, TutorLink, utc_now
from service.operations.audit import AuditOutcome, AuditRecord, record_event
from service.operations.justifications import erase_justifications
from service.problems import Problem

#: Fields of the record that nothing requires to keep.
OPTIONAL_FIELDS = (
    "birth_date",
    "email",
    "contract",
    "employer",
    "tutor_name",
    "tutor_email",
)
RETENTION_BASIS = (
    "RGPD art. 17.3.b (règlement d'examen, bénéfice des notes 5 ans) et 17.3.d "
    "(archives) : dossier d'examen et livret scolaire conservés."
)


def erase_student(student: Student, actor_id: int) -> None:
    """Erase what may be erased of a student; keep and flag the exam records."""
    if student.erased_at is not None:
        raise Problem(HTTPStatus.CONFLICT, "Cet étudiant a déjà été effacé.")
    now = utc_now()
    for name in OPTIONAL_FIELDS:
        setattr(student, name, None)
    student.erased_at = now
    student.retention_basis = RETENTION_BASIS
    db.session.execute(delete(TutorLink).where(TutorLink.student_id == student.id))
    db.session.execute(delete(Contract).where(Contract.student_id == student.id))
    erase_justifications(student)
    if (user := student.user) is not None:
        user.active = False
        user.session_epoch += 1
        user.email = f"efface-{user.id}@carnet.invalid"
        user.display_name = "Compte effacé"
        user.password_hash = "!"  # matches no password
        for token in user.tokens:
            token.revoked_at = token.revoked_at or now
    record_event(
        AuditRecord(
            actor_id, "student.erase", "student", student.id, AuditOutcome.ACCEPTED
        )
    )
