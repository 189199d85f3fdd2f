"""The web pages' fixture: the small centre of ``trainer_world`` (a module may
override ``centre`` to add rows or settings)."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.service.web.trainer_world import Centre, build_centre


@pytest.fixture
def centre(app: Flask) -> Centre:
    """The centre of ``trainer_world``, committed."""
    return build_centre(app)
