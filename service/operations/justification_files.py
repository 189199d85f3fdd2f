"""The documents of justifications on disk: checked, stored, removed with their row.

A document is accepted when its size is at most ``JUSTIFICATION_MAX_BYTES`` and
its first bytes are those of a type among ``JUSTIFICATION_TYPES`` (PDF, JPEG,
PNG): the client's Content-Type and file extension decide nothing. It is stored
in ``JUSTIFICATION_DIR`` (default ``<instance>/justifications``, mode 0700),
outside the web root, under a random key, written to a temporary file then
renamed. The file follows its row's transaction: a file stored in a transaction
that rolls back is removed, and a file dropped is removed only once the
transaction commits (session events below).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from service.problems import Problem

#: The first bytes of each accepted type.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
TYPE_LABELS = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
#: session.info keys: files stored in the transaction, files to remove at commit.
_STORED = "justification_files_stored"
_DROPPED = "justification_files_dropped"


@dataclass(frozen=True, slots=True)
class Upload:
    """A document as sent: the file's own name and its bytes."""

    name: str
    data: bytes


def max_bytes() -> int:
    """The largest document accepted, in bytes."""
    return int(current_app.config["JUSTIFICATION_MAX_BYTES"])


def accepted_types() -> tuple[str, ...]:
    """The accepted types (MIME), from the settings."""
    return tuple(current_app.config["JUSTIFICATION_TYPES"])


def accepted_labels() -> str:
    """The accepted types for a reader: « PDF, JPEG ou PNG »."""
    labels = [TYPE_LABELS.get(kind, kind) for kind in accepted_types()]
    return (
        labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} ou {labels[-1]}"
    )


def sniff(data: bytes) -> str | None:
    """The type the bytes' signature tells, or None."""
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)


def readable_size(size: int) -> str:
    """A size for a reader: « 5 Mo », « 1,5 Mo », « 2 Ko »."""
    value, unit = (size / 1024**2, "Mo") if size >= 1024**2 else (size / 1024, "Ko")
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} {unit}"


def document_type(upload: Upload) -> str:
    """The type of an acceptable document, or a 422 naming the field ``document``."""
    limit = max_bytes()
    if not upload.data:
        raise _refused("Document : le fichier est vide.")
    if len(upload.data) > limit:
        raise _refused(
            f"Document : {readable_size(limit)} au plus ({limit} octets) ; "
            f"ce fichier en fait davantage."
        )
    kind = sniff(upload.data)
    if kind is None or kind not in accepted_types():
        raise _refused(
            f"Document : type refusé, le fichier n'est pas un {accepted_labels()} "
            "(son contenu en décide, pas son nom)."
        )
    return kind


def folder() -> Path:
    """The documents' folder, created (0700) on first use."""
    configured = current_app.config.get("JUSTIFICATION_DIR")
    path = Path(configured or Path(current_app.instance_path) / "justifications")
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def document_path(key: str) -> Path:
    """Where the document stored under ``key`` lives."""
    return folder() / key


def store(session: Session, data: bytes, key: str | None = None) -> str:
    """Write a document under a new random key (the demo gives its seeded one);
    removed if the transaction fails."""
    key = key or secrets.token_hex(16)
    target = document_path(key)
    draft = target.with_name(f".{key}.part")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(draft, target)
    except BaseException:
        draft.unlink(missing_ok=True)
        raise
    session.info.setdefault(_STORED, []).append(target)
    return key


def drop(session: Session, key: str) -> None:
    """Remove a document once the transaction that forgets it commits."""
    session.info.setdefault(_DROPPED, []).append(document_path(key))


def _refused(message: str) -> Problem:
    return Problem(
        HTTPStatus.UNPROCESSABLE_ENTITY, message, errors={"document": [message]}
    )


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    """Committed: the stored files stay, the dropped ones go."""
    session.info.pop(_STORED, None)
    for path in session.info.pop(_DROPPED, []):
        path.unlink(missing_ok=True)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    """A transaction ended without its commit: its stored files go, dropped stay."""
    if transaction.parent is not None:
        return
    session.info.pop(_DROPPED, None)
    for path in session.info.pop(_STORED, []):
        path.unlink(missing_ok=True)
