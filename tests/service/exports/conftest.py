"""The API tests' small centre (``world``), shared with the export tests."""

from tests.service.api.conftest import world

__all__ = ["world"]
