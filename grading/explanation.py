"""The ordered explanation of a result, in French, enough to redo it by hand."""

from fractions import Fraction
from typing import NamedTuple

from grading.candidate import Benefit, Grade, Parts, Rounding, Situations, UnitStatus
from grading.messages import DECISIONS, french_decimal, part_name
from grading.numbers import (
    Hundredths,
    exact_value,
    format_coefficient,
    format_points,
    half_up,
    hundredths,
)
from grading.result import Decision, Result, Source, UnitResult
from grading.unit_grades import ccf_weights


class Step(NamedTuple):
    """One line of explanation; `points` is set on the lines that add to the total."""

    text: str
    points: Fraction | None = None


def explain(result: Result) -> tuple[Step, ...]:
    """Return the steps of the computation in order: units, points, totals, decision."""
    steps: list[Step] = []
    for unit in result.units.values():
        steps.extend(_derivation(result, unit))
    for unit in result.units.values():
        if unit.points_h is not None and unit.source is not None:
            steps.append(_points(result, unit))
    steps.extend(_totals(result))
    steps.extend(_decision(result))
    return tuple(steps)


def explanation_lines(result: Result) -> list[str]:
    """Return the explanation as text lines."""
    return [step.text for step in explain(result)]


def _derivation(result: Result, unit: UnitResult) -> list[Step]:
    code = unit.code
    basis = unit.basis
    lines = []
    if unit.source is None:
        lines.append(
            f"{code} : ni note à cette session, ni note conservée, ni dispense (R3.1)"
        )
    elif isinstance(basis, Benefit):
        lines.append(
            f"{code} = {format_points(_grade(unit))}, note conservée de la session "
            f"{basis.session_year} (R5)"
        )
    elif isinstance(basis, Grade):
        lines.append(f"{code} = {format_points(_grade(unit))} (note saisie)")
    elif isinstance(basis, Situations):
        lines.append(_situations(result, unit, basis))
    elif isinstance(basis, Parts):
        lines.append(_parts(result, unit, basis))
    else:
        lines.append(_status(result, code, unit.status))
    if code in result.candidate.jury:
        lines.append(_jury(result, unit))
    if unit.source is Source.CONTROL or (
        result.before_control_h is not None
        and code in result.candidate.control
        and unit.grade_h is not None
    ):
        lines.append(_control(result, unit))
    return [Step(line) for line in lines]


def _grade(unit: UnitResult) -> Hundredths:
    """Return the grade computed from the entry or benefit, before jury or control."""
    value = unit.original_h if unit.original_h is not None else unit.grade_h
    return value if value is not None else 0


def _before_control(result: Result, unit: UnitResult) -> Hundredths:
    change = result.candidate.jury.get(unit.code)
    return hundredths(change.grade, "") if change is not None else _grade(unit)


def _jury(result: Result, unit: UnitResult) -> str:
    change = result.candidate.jury[unit.code]
    before = format_points(_grade(unit))
    after = format_points(hundredths(change.grade, ""))
    return (
        f"{unit.code} : le jury a changé la note de {before} en {after}, pour ce "
        f"motif : {change.reason} (R3.8)"
    )


def _rounded(result: Result, exact: Hundredths, unit: UnitResult) -> str:
    grade = _grade(unit)
    if result.candidate.policy.rounding is Rounding.CEIL_HALF and grade != exact:
        rounded = format_points(grade)
        return (
            f"{format_points(exact)}, arrondi au demi-point supérieur : {rounded} (R2)"
        )
    return format_points(grade)


def _situations(result: Result, unit: UnitResult, basis: Situations) -> str:
    grades = [hundredths(g, "") for g in basis.grades]
    unit_rule = result.regulation.units[unit.code]
    weights = ccf_weights(unit_rule, result.candidate.policy)
    exact = _mean(grades, weights)
    if len(set(weights)) == 1:
        texts = [format_points(g) for g in grades]
        listed = ", ".join(texts[:-1]) + f" et {texts[-1]}"
        mean = _rounded(result, exact, unit)
        return f"{unit.code} = moyenne des situations {listed} = {mean}"
    terms = " + ".join(
        f"{format_points(w)} × {format_points(g)}"
        for w, g in zip(weights, grades, strict=True)
    )
    divisor = format_points(sum(weights))
    return f"{unit.code} = ({terms}) / {divisor} = {_rounded(result, exact, unit)}"


def _parts(result: Result, unit: UnitResult, basis: Parts) -> str:
    code = unit.code
    coefficients = result.regulation.units[code].parts or {}
    if unit.status is UnitStatus.ABSENT:
        return (
            f"{code} : absence injustifiée à une partie, donc absence à {code} : "
            f"compte 0 et la décision est « {DECISIONS[Decision.REFUSE_ABSENT]} » "
            "(R3.3)"
        )
    if unit.status is UnitStatus.ABSENT_FORCE_MAJEURE:
        return (
            f"{code} : absence pour force majeure à une partie, donc à {code} : "
            f"compte 0 en entier (R3.3, politique u5_part_absence)"
        )
    grades = []
    terms = []
    for name, coefficient in coefficients.items():
        value = basis.grades[name]
        grade = 0 if isinstance(value, UnitStatus) else hundredths(value, "")
        note = " (absence pour force majeure)" if isinstance(value, UnitStatus) else ""
        grades.append(grade)
        terms.append(f"{coefficient} × {part_name(name)} {format_points(grade)}{note}")
    exact = _mean(grades, list(coefficients.values()))
    divisor = sum(coefficients.values())
    return (
        f"{code} = ({' + '.join(terms)}) / {divisor} = {_rounded(result, exact, unit)}"
    )


def _mean(grades: list[int], weights: list[int]) -> Hundredths:
    value = Fraction(
        sum(g * w for g, w in zip(grades, weights, strict=True)), sum(weights)
    )
    return value.numerator if value.denominator == 1 else value


def _status(result: Result, code: str, status: UnitStatus | None) -> str:
    if status is UnitStatus.DISPENSED:
        coefficient = format_coefficient(result.regulation.units[code].coefficient)
        return (
            f"{code} : dispensée, son coefficient {coefficient} sort du diviseur (R6)"
        )
    if status is UnitStatus.ABSENT_FORCE_MAJEURE:
        return f"{code} : absence pour force majeure, compte 0 (R3.3)"
    if result.regulation.units[code].mandatory:
        return (
            f"{code} : absence injustifiée, compte 0 et la décision est "
            f"« {DECISIONS[Decision.REFUSE_ABSENT]} » (R3.3)"
        )
    return f"{code} : absence, n'apporte aucun point et ne bloque rien (R3.3)"


def _control(result: Result, unit: UnitResult) -> str:
    control = hundredths(result.candidate.control[unit.code], "")
    original = _before_control(result, unit)
    if unit.source is Source.CONTROL:
        return (
            f"{unit.code} : la note de contrôle {format_points(control)} est "
            f"meilleure que {format_points(original)}, donc {format_points(control)} "
            "compte (R3.6)"
        )
    return (
        f"{unit.code} : la note de contrôle {format_points(control)} n'est pas "
        f"meilleure que {format_points(original)}, donc {format_points(original)} "
        "compte (R3.6)"
    )


def _points(result: Result, unit: UnitResult) -> Step:
    points = unit.points_h if unit.points_h is not None else 0
    grade = unit.grade_h if unit.grade_h is not None else 0
    if unit.coefficient:
        product = f"{format_points(grade)} × {format_coefficient(unit.coefficient)}"
        text = f"{unit.code} : {product} = {format_points(points)} points"
    elif points:
        difference = f"{format_points(grade)} − 10 = {format_points(points)}"
        text = f"{unit.code} : {difference} points au-dessus de 10 (R3.2)"
    else:
        text = f"{unit.code} : aucun point au-dessus de 10 (R3.2)"
    return Step(text, exact_value(points))


def _totals(result: Result) -> list[Step]:
    counted = [u for u in result.units.values() if u.points_h is not None and u.source]
    terms = " + ".join(format_points(u.points_h or 0) for u in counted) or "0"
    coefficients = [u for u in counted if u.coefficient]
    divisor_terms = (
        " + ".join(format_coefficient(u.coefficient) for u in coefficients) or "0"
    )
    divisor = format_coefficient(result.divisor)
    steps = [
        Step(f"Total = {terms} = {format_points(result.total_h)} points"),
        Step(
            f"Diviseur = {divisor_terms} = {divisor} (coefficients des unités "
            "non dispensées)"
        ),
    ]
    if result.average_display is not None:
        average = french_decimal(result.average_display)
        steps.append(
            Step(
                f"Moyenne = {format_points(result.total_h)} / {divisor} = "
                f"{average} (arrondie au centième le plus proche pour l'affichage ; "
                "la décision se prend sur le total exact) (R2)"
            )
        )
    if result.professional_h is not None and result.professional_divisor:
        professional = half_up(result.professional_h, result.professional_divisor)
        units = [u for u in counted if u.code in _professional_codes(result)]
        listed = " + ".join(format_points(u.points_h or 0) for u in units)
        steps.append(
            Step(
                f"Moyenne professionnelle = ({listed}) / "
                f"{format_coefficient(result.professional_divisor)} = "
                f"{french_decimal(professional)} (R3.5)"
            )
        )
    return steps


def _professional_codes(result: Result) -> set[str]:
    return {unit.code for unit in result.regulation.professional_units}


def _decision(result: Result) -> list[Step]:
    regulation = result.regulation
    needed = regulation.pass_mark * 100 * result.divisor
    total = format_points(result.total_h)
    divisor = format_coefficient(result.divisor)
    bar = f"{regulation.pass_mark} × {divisor} = {format_points(needed)}"
    decision = result.decision
    label = DECISIONS[decision]
    if decision is Decision.INCOMPLET:
        return [Step(f"Une unité obligatoire n'a pas de note : {label} (R3.1)")]
    if decision is Decision.REFUSE_ABSENT:
        return [
            Step(
                f"Absence injustifiée à une unité obligatoire ⇒ {label}, quelle que "
                "soit la moyenne (R3.3)"
            )
        ]
    if decision is Decision.ADMIS:
        return [Step(f"{total} ≥ {bar} ⇒ {label} (R3.4)")]
    control_needed = format_points(regulation.control_mark * 100 * result.divisor)
    control_bar = f"{regulation.control_mark} × {divisor} = {control_needed}"
    if decision is Decision.AUTORISE_CONTROLE:
        return [Step(_allowed(total, bar, control_bar, regulation.pass_mark))]
    if result.before_control_h is not None:
        before = format_points(result.before_control_h)
        sign = "≥" if decision is Decision.ADMIS_APRES_CONTROLE else "<"
        return [
            Step(_allowed(before, bar, control_bar, regulation.pass_mark)),
            Step(
                f"Après les épreuves de contrôle : {total} {sign} {bar} ⇒ {label} "
                "(R3.6)"
            ),
        ]
    return [
        Step(
            f"{total} < {bar}, et les épreuves de contrôle demandent au moins "
            f"{control_bar} points et une moyenne professionnelle d'au moins "
            f"{regulation.pass_mark} ⇒ {label} (R3.7)"
        )
    ]


def _allowed(total: str, bar: str, control_bar: str, pass_mark: int) -> str:
    label = DECISIONS[Decision.AUTORISE_CONTROLE]
    return (
        f"{total} < {bar}, mais {total} ≥ {control_bar} et la moyenne professionnelle "
        f"atteint au moins {pass_mark} ⇒ {label} (R3.5)"
    )
