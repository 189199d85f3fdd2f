"""Uploads waiting for their mapping step (Moodle items, generic columns).

A browser cannot send a file a second time unless the user picks it again, so
between the upload and the mapping form the bytes wait on disk
(``PENDING_UPLOAD_DIR``, default ``<instance>/pending-uploads``) under a random
token tied to the user. The mapping step reads them back; they are removed once
its preview is recorded, and any left behind after an hour is removed too. (The
directory must be shared by every worker serving the app.)
"""

from __future__ import annotations

import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

MAX_AGE_SECONDS = 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
_NAME_BYTES = 2


def keep(user_id: int, data: bytes, file_name: str) -> str:
    """Store an upload for its user; return the token naming it."""
    folder = _folder()
    _prune(folder)
    token = secrets.token_urlsafe(16)
    name = file_name.encode("utf-8", "replace")[:255]
    content = len(name).to_bytes(_NAME_BYTES, "big") + name + data
    descriptor = os.open(_path(folder, user_id, token), os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "wb") as stream:
        stream.write(content)
    return token


def load(user_id: int, token: str) -> tuple[bytes, str] | None:
    """Return the bytes and file name kept under ``token`` for this user, if any."""
    if not _TOKEN.fullmatch(token):
        return None
    try:
        content = _path(_folder(), user_id, token).read_bytes()
    except FileNotFoundError:
        return None
    size = int.from_bytes(content[:_NAME_BYTES], "big")
    name = content[_NAME_BYTES : _NAME_BYTES + size].decode("utf-8", "replace")
    return content[_NAME_BYTES + size :], name


def drop(user_id: int, token: str) -> None:
    """Remove what was kept under ``token`` (nothing when already gone)."""
    if _TOKEN.fullmatch(token):
        _path(_folder(), user_id, token).unlink(missing_ok=True)


def _folder() -> Path:
    configured = current_app.config.get("PENDING_UPLOAD_DIR")
    folder = Path(configured or Path(current_app.instance_path) / "pending-uploads")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _path(folder: Path, user_id: int, token: str) -> Path:
    return folder / f"{int(user_id)}-{token}.upload"


def _prune(folder: Path) -> None:
    oldest = time.time() - MAX_AGE_SECONDS
    for path in folder.glob("*.upload"):
        try:
            if path.stat().st_mtime < oldest:
                path.unlink()
        except FileNotFoundError:
            continue  # another worker removed it
