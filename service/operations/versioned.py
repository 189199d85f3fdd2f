"""One versioned write for grades, CCF situations and exam grades (D6, D8, T07).

The three follow one order: the target's refusal (409 through ``RefusedWrite``, so
the refusal is audited), the version the writer read (412), nothing written when
the values are unchanged, the entry's own check (422), then
``UPDATE … WHERE version = :seen`` and one sealed history row, in the request's
transaction. A created row gets its first history row through ``record_created``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Table, insert, select, update
from sqlalchemy.exc import IntegrityError

from service.extensions import db
from service.models import HistoryEntity, utc_now
from service.operations.history import ChangeContext, record_change
from service.problems import Problem, stale


class Values(Protocol):
    """The values a versioned row holds: its columns and their history record."""

    def columns(self) -> dict[str, Any]:
        """Return the values by column name."""

    def as_history(self) -> dict[str, Any]:
        """Return the values as a history record (numbers as strings)."""


class Row(Protocol):
    """An ORM row with an id and the version its writers check (D6)."""

    @property
    def id(self) -> int:
        """The row's id."""

    @property
    def version(self) -> int:
        """The row's version, bumped by every write."""


@dataclass(frozen=True, slots=True)
class Kind:
    """A table of versioned rows and the history entity of its changes (D8)."""

    table: Table
    entity: HistoryEntity


def _accept(_: Any) -> None:
    """No check beyond the request schema's."""


@dataclass(frozen=True, slots=True)
class Target:
    """The row a versioned write changes, as it stands, and its two checks."""

    kind: Kind
    row: Row
    old: Values
    #: Raises ``RefusedWrite`` (409, audited) when the row's state forbids writes.
    refuse: Callable[[], None]
    #: Raises a 422 ``Problem`` when the new values are refused.
    check: Callable[[Any], None] = _accept


def write_versioned(
    target: Target, context: ChangeContext, seen: int, values: Values
) -> int:
    """Write ``values`` if the row is still at version ``seen``; return its version."""
    target.refuse()
    row = target.row
    if row.version != seen:
        raise stale()
    if target.old == values:
        return seen
    target.check(values)
    table = target.kind.table
    result = db.session.connection().execute(
        update(table)
        .where(table.c.id == row.id, table.c.version == seen)
        .values(
            **values.columns(),
            version=table.c.version + 1,
            updated_by_id=context.actor_id,
            updated_at=utc_now(),
        )
    )
    if result.rowcount != 1:
        raise stale()
    record_change(
        context,
        target.kind.entity,
        row.id,
        target.old.as_history(),
        values.as_history(),
    )
    db.session.flush()
    db.session.expire(row)
    return seen + 1


@dataclass(frozen=True, slots=True)
class NewRows:
    """Rows of one owner (an assessment, a half-day) to create, one per student."""

    table: Table
    #: Selects the owner's rows, so their ids can be read back by student.
    owner: ColumnElement[bool]
    rows: list[dict[str, Any]]
    #: The 412's detail when another save created one of them meanwhile.
    stale_detail: str


def insert_new(new: NewRows, context: ChangeContext, now: datetime) -> dict[int, int]:
    """Create the rows at version 1 in one INSERT; return their ids by student.

    Core, not the ORM: the ORM splits a batch wherever the set of non-NULL
    columns changes, one statement per run. No RETURNING either (quadratic on
    large imports): the ids are read back in one SELECT. The callers seal the
    rows' first history (D8).
    """
    stamp = {"version": 1, "updated_by_id": context.actor_id, "updated_at": now}
    try:
        db.session.execute(insert(new.table), [row | stamp for row in new.rows])
    except IntegrityError as error:
        # Another save created one of these rows since the writer read them.
        raise Problem(HTTPStatus.PRECONDITION_FAILED, new.stale_detail) from error
    table = new.table
    found = db.session.execute(select(table.c.student_id, table.c.id).where(new.owner))
    return {row.student_id: row.id for row in found}


def record_created(
    kind: Kind, row_id: int, context: ChangeContext, values: Values
) -> None:
    """Seal the first history row of a row just created (D8)."""
    record_change(context, kind.entity, row_id, None, values.as_history())
