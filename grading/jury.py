"""The sovereign jury changes a unit grade with a kept reason; no jury points (R3.8)."""

from dataclasses import replace

from grading.candidate import Candidate
from grading.errors import GradingError
from grading.numbers import hundredths
from grading.result import Source, UnitResult


def apply_jury(
    candidate: Candidate, graded: dict[str, UnitResult], pass_h: int
) -> None:
    """Replace each grade the jury changed; the new grade decides the bloc (R3.8)."""
    for code, change in candidate.jury.items():
        path = f"jury.{code}"
        result = graded.get(code)
        if result is None or result.grade_h is None:
            raise GradingError(
                f"{code} n'a pas de note que le jury puisse changer (R3.8)", path
            )
        if result.status is not None:
            raise GradingError(
                "le jury change des notes, pas des absences (R3.8)", path
            )
        if not change.reason.strip():
            raise GradingError(
                "le motif du jury est obligatoire (R3.8)", f"{path}.reason"
            )
        grade = hundredths(change.grade, f"{path}.grade")
        if result.coefficient:
            points = grade * result.coefficient
            acquired = grade >= pass_h
        else:
            points = max(0, grade - pass_h)  # R3.2: optional units, points above 10
            acquired = False
        graded[code] = replace(
            result,
            grade_h=grade,
            points_h=points,
            source=Source.JURY,
            acquired=acquired,
            original_h=result.grade_h,
        )
