"""Evaluate one candidate's session exactly per R1–R6 and R9."""

from typing import NoReturn

from grading.benefits import apply_benefits
from grading.candidate import Candidate, PartAbsence, Parts, UnitStatus, Validity
from grading.decision import after_control, apply_control, decision, tally
from grading.errors import GradingError
from grading.jury import apply_jury
from grading.messages import DECISIONS
from grading.numbers import hundredths
from grading.regulation import Category, Regulation
from grading.regulation_file import load_regulation
from grading.result import Decision, Notice, Result, UnitResult
from grading.unit_grades import part_absence_notice, session_unit

_DISPENSED = UnitStatus.DISPENSED
_FORCE_MAJEURE = UnitStatus.ABSENT_FORCE_MAJEURE
_PART_ONLY = PartAbsence.PART_ONLY


def evaluate(candidate: Candidate, regulation: Regulation | None = None) -> Result:
    """Return the candidate's result; raise GradingError naming the faulty field.

    `regulation` defaults to the version of `candidate.regulation` in force at the
    candidate's session (R9).
    """
    if regulation is None:
        regulation = load_regulation(candidate.regulation, candidate.session.year)
    category = _category(candidate, regulation)
    pass_h = regulation.pass_mark * 100
    units = regulation.units
    graded: dict[str, UnitResult] = {}
    notices: list[Notice] = []
    policy = candidate.policy
    part_only = policy.u5_part_absence is _PART_ONLY
    chosen = 0
    for code, entry in candidate.units.items():
        unit = units.get(code)
        if unit is None:
            raise GradingError(f"unité inconnue : {code}", f"units.{code}")
        try:
            result = session_unit(unit, entry, category, policy, pass_h)
        except TypeError:  # a signalling NaN cannot even be looked up
            raise GradingError("une note est un nombre", f"units.{code}") from None
        graded[code] = result
        if not unit.coefficient:
            chosen += 1
            if chosen > regulation.max_optional_units:
                _too_many_options(regulation, code)
        elif type(entry) is Parts and (part_only or result.status is _FORCE_MAJEURE):
            warning = part_absence_notice(code, entry, policy)  # R3.3
            if warning is not None:
                notices.append(warning)
    if candidate.benefits:
        apply_benefits(candidate, regulation, graded, notices)
    if candidate.jury:
        apply_jury(candidate, graded, pass_h)
    control = _control_grades(candidate, regulation, graded)
    ordered, sums = tally(regulation, graded, notices)
    verdict = decision(regulation, sums)
    total = sums.total
    before_control = None
    if control:
        if verdict is not Decision.AUTORISE_CONTROLE:
            # R3.5: only a candidate allowed to the contrôle takes it.
            raise GradingError(
                f"pas d'épreuve de contrôle pour ce candidat : sans elle, la décision "
                f"est « {DECISIONS[verdict]} » (R3.5)",
                f"control.{next(iter(control))}",
            )
        before_control = total
        total += apply_control(regulation, ordered, control)
        verdict = after_control(regulation, total, sums.divisor)
    return Result(
        candidate=candidate,
        regulation=regulation,
        decision=verdict,
        units=ordered,
        total_h=total,
        divisor=sums.divisor,
        optional_h=sums.optional,
        professional_h=sums.professional,
        professional_divisor=sums.professional_divisor,
        warnings=tuple(notices),
        before_control_h=before_control,
        complete=not sums.missing,
    )


def _category(candidate: Candidate, regulation: Regulation) -> Category:
    session = candidate.session
    if candidate.policy.validity is Validity.CALENDAR and session.jury_date is None:
        raise GradingError(
            "la politique de validité calendar demande la date du jury (R4)",
            "session.jury_date",
        )
    for code in candidate.policy.ccf_weights:
        unit = regulation.units.get(code)
        if unit is None or not unit.situations:
            raise GradingError(
                f"{code} n'a pas de situations de CCF", f"policy.ccf_weights.{code}"
            )
    name = candidate.category or regulation.default_category
    category = regulation.categories.get(name)
    if category is None:
        raise GradingError(f"catégorie de candidat inconnue : {name}", "category")
    return category


def _too_many_options(regulation: Regulation, code: str) -> NoReturn:
    """Refuse more optional units than a candidate may choose (D643-13, R9)."""
    limit = regulation.max_optional_units
    raise GradingError(
        f"au plus {limit} unité(s) facultative(s) choisie(s) par candidat "
        "(D643-13, R9)",
        f"units.{code}",
    )


def _control_grades(
    candidate: Candidate, regulation: Regulation, graded: dict[str, UnitResult]
) -> dict[str, int]:
    if not candidate.control:
        return {}
    if len(candidate.control) > regulation.control_max_units:
        raise GradingError(
            f"au plus {regulation.control_max_units} épreuves de contrôle (R3.6)",
            "control",
        )
    grades = {}
    for code, value in candidate.control.items():
        path = f"control.{code}"
        if code not in regulation.control_units:
            raise GradingError(f"pas d'épreuve de contrôle en {code} (R3.6)", path)
        grade = hundredths(value, path)
        result = graded.get(code)
        if result is not None and result.status is _DISPENSED:
            raise GradingError(
                f"{code} est dispensée : pas d'épreuve de contrôle (R3.6, R6)", path
            )
        grades[code] = grade
    return grades
