"""Benefits: grades kept from earlier sessions, validity and renouncement (R4, R5)."""

from grading.candidate import Benefit, Candidate, Form, Validity
from grading.errors import GradingError
from grading.numbers import format_points, hundredths
from grading.regulation import Regulation
from grading.result import Notice, Source, UnitResult, WarningCode
from grading.validity import add_years, is_valid


def apply_benefits(
    candidate: Candidate,
    regulation: Regulation,
    graded: dict[str, UnitResult],
    notices: list[Notice],
) -> None:
    """Add the valid kept benefits to `graded`; warn about renounced or expired ones."""
    seen: set[str] = set()
    pass_h = regulation.pass_mark * 100
    for index, benefit in enumerate(candidate.benefits):
        path = f"benefits[{index}]"
        grade = _check(benefit, candidate, regulation, path, seen)
        code = benefit.unit
        if code in graded:
            # R5: retaking a unit renounces the benefit; the new grade counts.
            notices.append(_renounced(benefit))
            continue
        validity = candidate.policy.validity
        years = regulation.validity_years
        if not is_valid(
            benefit.session_year, benefit.obtained, candidate.session, validity, years
        ):
            notices.append(_expired(benefit, validity, years))
            continue
        coefficient = regulation.units[code].coefficient
        graded[code] = UnitResult(
            code=code,
            grade_h=grade,
            coefficient=coefficient,
            points_h=grade * coefficient,
            source=Source.BENEFIT,
            acquired=grade >= pass_h,
            status=None,
            basis=benefit,
        )


def _check(
    benefit: Benefit,
    candidate: Candidate,
    regulation: Regulation,
    path: str,
    seen: set[str],
) -> int:
    unit = regulation.units.get(benefit.unit)
    if unit is None:
        raise GradingError(f"unknown unit {benefit.unit!r}", f"{path}.unit")
    if not unit.mandatory:
        raise GradingError("only mandatory units can be carried", f"{path}.unit")
    if benefit.unit in seen:
        raise GradingError(f"{benefit.unit} is carried twice", f"{path}.unit")
    seen.add(benefit.unit)
    grade = hundredths(benefit.grade, f"{path}.grade")
    if candidate.form is Form.GLOBALE and grade < regulation.pass_mark * 100:
        raise GradingError(
            "a grade below 10 cannot be carried in forme globale (R5)", f"{path}.grade"
        )
    _check_session(benefit, candidate, regulation, path)
    return grade


def _check_session(
    benefit: Benefit, candidate: Candidate, regulation: Regulation, path: str
) -> None:
    if benefit.session_year < regulation.first_session:
        raise GradingError(
            f"grades of sessions before {regulation.first_session} belong to the "
            "former diploma and cannot be carried (R5)",
            f"{path}.session_year",
        )
    if benefit.session_year >= candidate.session.year:
        raise GradingError(
            "a benefit comes from an earlier session", f"{path}.session_year"
        )
    if candidate.policy.validity is Validity.CALENDAR and benefit.obtained is None:
        raise GradingError(
            "the calendar validity policy needs the date", f"{path}.obtained"
        )


def _renounced(benefit: Benefit) -> Notice:
    message = (
        f"{benefit.unit}: the grade {format_points(hundredths(benefit.grade, ''))} "
        f"of session {benefit.session_year} is not kept because {benefit.unit} was "
        "retaken this session; the new grade counts, even if lower (R5)"
    )
    return Notice(WarningCode.BENEFIT_RENOUNCED, benefit.unit, message)


def _expired(benefit: Benefit, validity: Validity, years: int) -> Notice:
    if validity is Validity.CALENDAR and benefit.obtained is not None:
        limit = f"it was valid until {add_years(benefit.obtained, years).isoformat()}"
    else:
        limit = f"it was valid through session {benefit.session_year + years}"
    message = (
        f"{benefit.unit}: the grade of session {benefit.session_year} has expired "
        f"({limit}); {benefit.unit} must be retaken (R4)"
    )
    return Notice(WarningCode.BENEFIT_EXPIRED, benefit.unit, message)
