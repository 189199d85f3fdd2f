"""Past roll calls of the demo cohorts, some absences and lateness."""

from service.demo.context import DemoContext


def add_roll_calls(demo: DemoContext) -> None:
    """Add them to the demo centre (flushes, never commits)."""
