"""`import grading` leaves the formative statistics until they are used (issue 16)."""

import subprocess
import sys
from fractions import Fraction

import grading

_PROBE = (
    "import sys, grading; "
    "print(sorted(m for m in ('grading.formative', 'grading.class_stats') "
    "if m in sys.modules))"
)


def test_importing_grading_does_not_load_the_formative_statistics() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        check=True,
    )
    assert completed.stdout.strip() == "[]"


def test_every_public_name_is_reachable_lazy_ones_included() -> None:
    for name in grading.__all__:
        assert getattr(grading, name) is not None, name
    assert grading.ranks({"a": Fraction(1)})["a"].position == 1
