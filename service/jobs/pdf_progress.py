"""Follow a WeasyPrint render page by page, through its progress logger.

WeasyPrint announces its steps at INFO on the ``weasyprint.progress`` logger:
« Step 5 - Creating layout - Page N » as it starts laying out page N, then
« Step 6 - Creating PDF » once every page is laid out. A job listening in its
own thread turns these into its progress; renders in other threads (another
job, a web download) are not heard. The first listener sets that logger to
INFO and stops it propagating: its lines are no log worth keeping.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

PROGRESS_LOGGER = "weasyprint.progress"
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


class _PageSteps:
    """Turns progress lines into ``step(done, pages + 1)``: a step per page laid
    out; the last one, the PDF written, is the job's end (the runner's)."""

    def __init__(self, step: Callable[[int, int], None], pages: int) -> None:
        self.step, self.pages, self.done = step, pages, 0

    def __call__(self, record: logging.LogRecord) -> None:
        laid_out = self.laid_out(record)
        if laid_out is not None and laid_out > self.done:  # a repagination
            self.done = laid_out  # lays pages out again: never back
            self.step(laid_out, self.pages + 1)

    def laid_out(self, record: logging.LogRecord) -> int | None:
        """The pages laid out when ``record`` was logged; ``None``: another step."""
        if record.msg == WRITING:
            return self.pages
        args = record.args
        if (
            record.msg == LAYOUT
            and isinstance(args, tuple)
            and isinstance(args[0], int)
        ):
            return min(args[0] - 1, self.pages)
        return None


@contextmanager
def pages_followed(step: Callable[[int, int], None], pages: int) -> Iterator[None]:
    """Report a render of about ``pages`` pages in this thread as
    ``step(done, pages + 1)`` while inside: one step per page laid out (a longer
    render stays at ``pages``); the PDF written is the job's last step."""
    _install()
    thread = threading.get_ident()
    step(0, pages + 1)
    _LISTENERS.by_thread[thread] = _PageSteps(step, pages)
    try:
        yield
    finally:
        del _LISTENERS.by_thread[thread]
