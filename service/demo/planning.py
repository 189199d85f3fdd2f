"""The demo cohorts' planning of half-days and their apprentices' contracts."""

from service.demo.context import DemoContext


def add_planning(demo: DemoContext) -> None:
    """Add them to the demo centre (flushes, never commits)."""
