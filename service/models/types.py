"""Column types shared by the models: exact hundredths, UTC timestamps, enums."""

import enum
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import CheckConstraint, DateTime, Enum, Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class Hundredths(TypeDecorator[Decimal]):
    """A Decimal with at most two decimals, stored as an integer count of hundredths.

    12.5 is stored 1250. Integers are exact on SQLite and PostgreSQL alike, and
    SQLite has no exact decimal type (SQLAlchemy warns when Numeric is used there).
    """

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        """Turn a Decimal (or int) into hundredths; reject floats and extra digits."""
        if value is None:
            return None
        return to_hundredths(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        """Turn stored hundredths back into a Decimal with two places."""
        if value is None:
            return None
        return Decimal(int(value)).scaleb(-2)


def to_hundredths(value: object) -> int:
    """Return ``value`` in hundredths; raise ValueError for floats or > 2 decimals."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"expected a Decimal with at most two decimals, got {value!r}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    scaled = number.scaleb(2)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"more than two decimals: {value!r}")
    return int(scaled)


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive in UTC so both databases behave alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        """Store an aware datetime as naive UTC; naive input is refused."""
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError(f"expected an aware datetime, got {value!r}")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Return the stored naive UTC value as an aware datetime."""
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def utc_now() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


#: Room for longer member values later without a column change.
ENUM_LENGTH = 32


def enum_type(enum_class: type[enum.Enum], name: str) -> Enum:
    """A portable enum column: VARCHAR of the member values plus a CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=ENUM_LENGTH,
        values_callable=lambda members: [str(member.value) for member in members],
    )


def out_of_twenty(column: str) -> CheckConstraint:
    """CHECK that a Hundredths column holds a grade between 0 and 20 (R2)."""
    return CheckConstraint(
        f"{column} >= 0 AND {column} <= 2000", name=f"{column}_out_of_twenty"
    )
