"""Pagination of growing lists over SQLAlchemy selects (flask-smorest pages)."""

from __future__ import annotations

from typing import Any

from flask_smorest import Page
from sqlalchemy import Select, func, select

from service.extensions import db

#: Past this many rows a page is empty: no list holds 2³¹ rows, and larger
#: OFFSET values overflow the database drivers.
MAX_OFFSET = 2**31 - 1


class SelectPage(Page):  # type: ignore[misc]  # flask-smorest is untyped
    """One page of a ``select()``: a COUNT for the total, OFFSET/LIMIT for the rows."""

    @property
    def items(self) -> list[Any]:
        """Return the rows of the requested page (none past the last possible)."""
        if self.page_params.first_item > MAX_OFFSET:
            return []
        statement: Select[Any] = self.collection
        return list(
            db.session.scalars(
                statement.offset(self.page_params.first_item).limit(
                    self.page_params.page_size
                )
            )
        )

    @property
    def item_count(self) -> int:
        """Return the number of rows over all pages."""
        statement: Select[Any] = self.collection
        counted = select(func.count()).select_from(statement.order_by(None).subquery())
        return int(db.session.scalar(counted) or 0)
