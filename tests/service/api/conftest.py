"""API tests: the ``world`` fixture (tests/service/conftest.py) is their small centre.

``World`` and ``build_world`` live in tests/service/world.py; they are named here
too, where the API tests have always imported them from.
"""

from tests.service.world import World, build_world

__all__ = ["World", "build_world"]
