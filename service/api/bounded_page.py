"""Pages of a select whose page number may be absurdly large (no driver overflow)."""

from __future__ import annotations

from typing import Any

from service.api.pagination import SelectPage

#: Past this many rows a page is empty: no list holds 2³¹ rows, and larger
#: OFFSET values overflow the database drivers.
MAX_OFFSET = 2**31 - 1


class BoundedSelectPage(SelectPage):
    """``SelectPage`` answering an empty page instead of overflowing OFFSET."""

    @property
    def items(self) -> list[Any]:
        """Return the rows of the requested page (none past the last possible)."""
        if self.page_params.first_item > MAX_OFFSET:
            return []
        return super().items
