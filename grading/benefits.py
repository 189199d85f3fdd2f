"""Benefits: grades kept from earlier sessions, validity and renouncement (R4, R5)."""

from grading.candidate import Benefit, Candidate, Form, UnitStatus, Validity
from grading.errors import GradingError
from grading.messages import french_date, notice
from grading.numbers import format_points, hundredths
from grading.regulation import Regulation
from grading.result import Notice, Source, UnitResult, WarningCode
from grading.validity import add_years, is_valid

#: How a unit was presented this session, for the renounced-benefit warning (R5).
_PRESENTED = {
    None: "nouvelle note",
    UnitStatus.ABSENT: "absence injustifiée",
    UnitStatus.ABSENT_FORCE_MAJEURE: "absence pour force majeure",
    UnitStatus.DISPENSED: "dispense",
}


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
            # R5: keeping is opt-in per unit; a unit presented this session (a grade
            # or an absence) renounces the benefit, and this session's result counts.
            notices.append(_renounced(benefit, graded[code].status))
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
        raise GradingError(f"unité inconnue : {benefit.unit}", f"{path}.unit")
    if not unit.mandatory:
        raise GradingError(
            "seules les unités obligatoires se conservent (R5)", f"{path}.unit"
        )
    if benefit.unit in seen:
        raise GradingError(f"{benefit.unit} est conservée deux fois", f"{path}.unit")
    seen.add(benefit.unit)
    grade = hundredths(benefit.grade, f"{path}.grade")
    if candidate.form is Form.GLOBALE and grade < regulation.pass_mark * 100:
        raise GradingError(
            "une note inférieure à 10 ne se conserve pas en forme globale (R5)",
            f"{path}.grade",
        )
    _check_session(benefit, candidate, regulation, path)
    return grade


def _check_session(
    benefit: Benefit, candidate: Candidate, regulation: Regulation, path: str
) -> None:
    if benefit.session_year < regulation.first_session:
        raise GradingError(
            f"les notes des sessions antérieures à {regulation.first_session} "
            "relèvent de l'ancien diplôme et ne se conservent pas (R5)",
            f"{path}.session_year",
        )
    if benefit.session_year >= candidate.session.year:
        raise GradingError(
            "une note conservée vient d'une session antérieure (R5)",
            f"{path}.session_year",
        )
    calendar = candidate.policy.validity is Validity.CALENDAR
    if calendar and benefit.obtained is None:
        raise GradingError(
            "la politique de validité calendar demande la date d'obtention (R4)",
            f"{path}.obtained",
        )
    jury = candidate.session.jury_date
    if (
        calendar
        and benefit.obtained is not None
        and jury is not None
        and benefit.obtained > jury
    ):
        raise GradingError(
            f"une note conservée est obtenue avant le jury de la session "
            f"({french_date(jury)}) (R4, R5)",
            f"{path}.obtained",
        )


def _renounced(benefit: Benefit, status: UnitStatus | None) -> Notice:
    return notice(
        WarningCode.BENEFIT_RENOUNCED,
        benefit.unit,
        grade=format_points(hundredths(benefit.grade, "")),
        year=benefit.session_year,
        how=_PRESENTED[status],
    )


def _expired(benefit: Benefit, validity: Validity, years: int) -> Notice:
    if validity is Validity.CALENDAR and benefit.obtained is not None:
        until = french_date(add_years(benefit.obtained, years))
        limit = f"valable jusqu'au {until}"
    else:
        limit = f"valable jusqu'à la session {benefit.session_year + years}"
    return notice(
        WarningCode.BENEFIT_EXPIRED,
        benefit.unit,
        year=benefit.session_year,
        limit=limit,
    )
