"""How a Moodle export maps onto assessments: items, Moodle's maximum, remembered.

The trainer maps each Moodle item onto an assessment and may confirm the
maximum the grades are set on in Moodle (often 100): each grade is then
rescaled exactly to its assessment's maximum (``rescaled``, Fraction
arithmetic, never float; R2: an entered grade is never rounded, so a result
that is not a whole number of hundredths is an error). The mapping is
remembered per trainer and set of item names, like a generic sheet's.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from http import HTTPStatus
from typing import Any

from sqlalchemy import select

from importers.cells import CellValueError, parse_decimal
from importers.headers import header_key
from importers.records import MoodleItem
from service.access.guard import Caller
from service.extensions import db
from service.models import ImportMapping, utc_now
from service.operations.imports.identity import json_field
from service.problems import Problem

#: A maximum above this is a typing slip, not a Moodle scale.
LARGEST_MAXIMUM = Decimal(1000)
UNMAPPED = "Indiquez l'évaluation de chaque colonne de notes Moodle (champ items)."
MAP_ITEMS = (
    "Associez les colonnes de notes de cet export Moodle ({items}) à vos "
    "évaluations : champ items."
)
BAD_MAXIMUM = (
    "Note maximale Moodle invalide « {value} » : un nombre supérieur à 0 "
    "et au plus 1000 est attendu (par exemple 100)."
)


@dataclass(frozen=True, slots=True)
class MoodlePlan:
    """Item name (or column) → assessment id, and Moodle's maximum if confirmed."""

    items: dict[str, int]
    source_max: Decimal | None

    def as_json(self) -> dict[str, Any]:
        """Return the plan as remembered."""
        maximum = None if self.source_max is None else str(self.source_max)
        return {"items": self.items, "moodle_max": maximum}


def plan_of(
    caller: Caller,
    found: tuple[MoodleItem, ...],
    items: str | None,
    moodle_max: str | None,
) -> MoodlePlan:
    """The sent mapping, else the one remembered for these items, else 422."""
    raw = json_field(items, "items")
    if raw is not None:
        return MoodlePlan(item_map(raw), source_maximum(moodle_max))
    remembered = remembered_plan(caller, found)
    if remembered is None:
        listed = ", ".join(f"« {item.name} »" for item in found)
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY,
            MAP_ITEMS.format(items=listed),
            errors={"items": [UNMAPPED]},
        )
    return remembered


def item_map(raw: Any) -> dict[str, int]:
    """Check a JSON map of item names (or columns) to assessment ids."""
    if (
        not isinstance(raw, dict)
        or not raw
        or not all(
            isinstance(key, str)
            and isinstance(value, int)
            and not isinstance(value, bool)
            and value > 0
            for key, value in raw.items()
        )
    ):
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, UNMAPPED, errors={"items": [UNMAPPED]}
        )
    return raw


def source_maximum(text: str | None) -> Decimal | None:
    """Parse Moodle's maximum (« 100 », « 12,5 »); None when not given."""
    if text is None or not text.strip():
        return None
    try:
        maximum = parse_decimal(text)
    except CellValueError:
        maximum = Decimal(0)
    if not Decimal(0) < maximum <= LARGEST_MAXIMUM:
        message = BAD_MAXIMUM.format(value=text.strip()[:20])
        raise Problem(
            HTTPStatus.UNPROCESSABLE_ENTITY, message, errors={"moodle_max": [message]}
        )
    return maximum


def rescaled(points: Decimal, source_max: Decimal, target_max: Decimal) -> Fraction:
    """Return ``points`` out of ``source_max`` brought to ``target_max``, exactly."""
    return Fraction(points) * Fraction(target_max) / Fraction(source_max)


def in_hundredths(value: Fraction) -> Decimal | None:
    """Return the Decimal of a whole number of hundredths, else None (never rounds)."""
    hundredths = value * 100
    if hundredths.denominator != 1:
        return None
    return Decimal(hundredths.numerator).scaleb(-2)


def remembered_plan(caller: Caller, found: tuple[MoodleItem, ...]) -> MoodlePlan | None:
    """Return the plan the caller last used for these item names, if any."""
    stored = _stored(caller, _signature(found))
    if stored is None:
        return None
    raw = stored.mapping
    return MoodlePlan(item_map(raw.get("items")), source_maximum(raw.get("moodle_max")))


def remember_plan(
    caller: Caller, found: tuple[MoodleItem, ...], plan: MoodlePlan
) -> None:
    """Keep the plan for the next export with the same item names."""
    signature = _signature(found)
    stored = _stored(caller, signature)
    if stored is None:
        stored = ImportMapping(user_id=caller.user.id, signature=signature)
        db.session.add(stored)
    stored.headers = [item.name for item in found]
    stored.mapping = plan.as_json()
    stored.updated_at = utc_now()


def _signature(found: tuple[MoodleItem, ...]) -> str:
    # "moodle" first: a generic sheet with the same headers keeps its own mapping.
    names = ["moodle", *(header_key(item.name) for item in found)]
    return hashlib.sha256(json.dumps(names).encode()).hexdigest()


def _stored(caller: Caller, signature: str) -> ImportMapping | None:
    return db.session.scalar(
        select(ImportMapping).where(
            ImportMapping.user_id == caller.user.id,
            ImportMapping.signature == signature,
        )
    )
