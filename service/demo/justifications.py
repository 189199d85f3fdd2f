"""Justifications of some of the demo's absences."""

from service.demo.context import DemoContext


def add_justifications(demo: DemoContext) -> None:
    """Add them to the demo centre (flushes, never commits)."""
