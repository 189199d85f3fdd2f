"""The `carnet` console script: the CLI group run with the app factory."""

from __future__ import annotations

from flask.cli import ScriptInfo

from service.app import create_app
from service.cli import carnet


def main() -> None:
    """Entry point of the `carnet` console script."""
    carnet.main(prog_name="carnet", obj=ScriptInfo(create_app=create_app))
