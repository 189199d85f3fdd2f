"""Follow a WeasyPrint render stage by stage and page by page, through its
progress logger.

WeasyPrint announces its steps at INFO on the ``weasyprint.progress`` logger:
« Step 3 - Applying CSS » (the HTML parsed), « Step 4 - Creating formatting
structure » (the styles applied), « Step 5 - Creating layout - Page N » as it
starts laying out page N, then « Step 6 - Creating PDF » once every page is
laid out. On the demo livret (25 pages) the two stages before the first page
take about half the time, the pages a third, the PDF the rest. A job listening
in its own thread turns these into its progress; renders in other threads
(another job, a web download) are not heard. The first listener sets that
logger to INFO and stops it propagating: its lines are no log worth keeping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

PROGRESS_LOGGER = "weasyprint.progress"
#: The stages before the layout, and the steps done when each starts.
STAGES = {
    "Step 3 - Applying CSS": 1,
    "Step 4 - Creating formatting structure": 2,
}
LAYOUT = "Step 5 - Creating layout - Page %d"
WRITING = "Step 6 - Creating PDF"


class _Listeners(logging.Handler):
    """Hands each progress line to the listener of the thread that logged it."""

    def __init__(self) -> None:
        super().__init__()
        self.by_thread: dict[int | None, Callable[[logging.LogRecord], None]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        listener = self.by_thread.get(record.thread)
        if listener is not None:
            listener(record)


_LISTENERS = _Listeners()
_INSTALL = threading.Lock()


def _install() -> None:
    """Put the dispatching handler on WeasyPrint's progress logger, once."""
    with _INSTALL:
        logger = logging.getLogger(PROGRESS_LOGGER)
        if _LISTENERS not in logger.handlers:
            logger.addHandler(_LISTENERS)
            logger.setLevel(logging.INFO)
            logger.propagate = False


class _RenderSteps:
    """Turns progress lines into ``step(done, total)``: the HTML parsed, the
    styles applied, each page laid out; the last step, the PDF written, is the
    job's end (the runner's)."""

    def __init__(self, step: Callable[[int, int], None], pages: int) -> None:
        self.step, self.pages, self.done = step, pages, 0
        self.total = len(STAGES) + pages + 1

    def __call__(self, record: logging.LogRecord) -> None:
        done = self.done_at(record)
        if done is not None and done > self.done:  # a repagination lays
            self.done = done  # pages out again: never back
            self.step(done, self.total)

    def done_at(self, record: logging.LogRecord) -> int | None:
        """The steps done when ``record`` was logged; ``None``: no step of ours."""
        if record.msg == WRITING:
            return self.total - 1
        if record.msg in STAGES:
            return STAGES[str(record.msg)]
        args = record.args
        if (
            record.msg == LAYOUT
            and isinstance(args, tuple)
            and isinstance(args[0], int)
        ):
            return len(STAGES) + min(args[0] - 1, self.pages)
        return None


@contextmanager
def render_followed(step: Callable[[int, int], None], pages: int) -> Iterator[None]:
    """Report a render of about ``pages`` pages in this thread as ``step(done,
    pages + 3)`` while inside: two stages, a step per page laid out (a longer
    render stays at its last), then the PDF written (the job's last step)."""
    _install()
    thread = threading.get_ident()
    steps = _RenderSteps(step, pages)
    step(0, steps.total)
    _LISTENERS.by_thread[thread] = steps
    try:
        yield
    finally:
        del _LISTENERS.by_thread[thread]
