"""Seals of the grade history (D8, T40): each row's HMAC chains to the previous row
of the same entity, so an edited, removed or forged row no longer verifies.

The key comes from ``AUDIT_KEY`` (else ``SECRET_KEY``): someone who can write to
the database but does not hold the key cannot re-seal what they changed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

#: The fields a seal covers, in this order.
SEALED_FIELDS = (
    "entity",
    "entity_id",
    "actor_id",
    "source",
    "import_batch_id",
    "old",
    "new",
    "at",
)
KEY_PURPOSE = b"carnet grade history v1"


def _iso(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot seal {value!r}")


#: Canonical JSON: sorted keys, no spaces; enums (StrEnum) as their values.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=_iso)


class Sealer:
    """Computes seals with one key."""

    def __init__(self, secret: str | bytes) -> None:
        raw = secret.encode() if isinstance(secret, str) else secret
        key = hmac.new(raw, KEY_PURPOSE, hashlib.sha256).digest()
        self._base = hmac.new(key, digestmod=hashlib.sha256)

    def seal(self, previous: str | None, row: Mapping[str, Any]) -> str:
        """Return the hex seal of ``row`` after the seal ``previous`` (None: first)."""
        mac = self._base.copy()
        fields = [previous or "", *(row[name] for name in SEALED_FIELDS)]
        mac.update(_CANONICAL.encode(fields).encode())
        return mac.hexdigest()
