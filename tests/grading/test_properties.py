"""Properties of the engine, each checked on 500 generated candidates (fixed seed)."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grading import (
    Candidate,
    Decision,
    Grade,
    GradingError,
    NeedStatus,
    Parts,
    Policy,
    Rounding,
    Session,
    Situations,
    UnitEntry,
    UnitStatus,
    Validity,
    display,
    evaluate,
    explain,
    load_regulation,
    parse_candidate,
    result_to_json,
    still_needed,
)
from grading.validity import is_valid
from tests.grading.contract_inputs import document

NDRC = load_regulation("bts-ndrc")
# Fixed seed (derandomize) for reproducible CI; no deadline and no "too slow" health
# check, so a loaded CI machine cannot make a property fail.
PROPERTY = settings(
    max_examples=500,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
RANK = {
    Decision.REFUSE_ABSENT: 0,
    Decision.REFUSE: 1,
    Decision.AUTORISE_CONTROLE: 2,
    Decision.ADMIS: 3,
}
SESSION = Session(2026, date(2026, 7, 3))

grades = st.integers(0, 2000).map(lambda n: Decimal(n).scaleb(-2))


@st.composite
def candidates(draw: st.DrawFn) -> Candidate:
    """Draw a candidate with every mandatory unit graded, absent or dispensed."""
    units: dict[str, UnitEntry] = {}
    for code in ("U1", "U2", "U3"):
        units[code] = draw(
            st.one_of(
                grades.map(Grade),
                st.just(UnitStatus.DISPENSED),
                st.sampled_from([UnitStatus.ABSENT, UnitStatus.ABSENT_FORCE_MAJEURE]),
            )
            if draw(st.integers(0, 9)) == 0
            else grades.map(Grade)
        )
    for code in ("U4", "U6"):
        units[code] = draw(
            st.one_of(grades.map(Grade), st.tuples(grades, grades).map(Situations))
        )
    units["U5"] = draw(
        st.one_of(
            grades.map(Grade),
            st.tuples(grades, grades).map(
                lambda pair: Parts({"written": pair[0], "practical": pair[1]})
            ),
        )
    )
    # At most one optional unit per candidate (D643-13 since décret 2024-788, R9).
    optional = draw(st.sampled_from([None, "UF1", "EE"]))
    if optional is not None:
        units[optional] = Grade(draw(grades))
    rounding = draw(st.sampled_from(list(Rounding)))
    return Candidate(SESSION, units, policy=Policy(rounding=rounding))


def _raise(entry: UnitEntry, step: Decimal) -> UnitEntry:
    def up(grade: Decimal) -> Decimal:
        return min(Decimal(20), grade + step)

    if isinstance(entry, Grade):
        return Grade(up(entry.value))
    if isinstance(entry, Situations):
        return Situations((up(entry.grades[0]), *entry.grades[1:]))
    if isinstance(entry, Parts):
        written = entry.grades["written"]
        assert isinstance(written, Decimal)
        return Parts({**entry.grades, "written": up(written)})
    return entry


@PROPERTY
@given(candidates(), st.sampled_from(["U1", "U2", "U3", "U4", "U5", "U6"]), grades)
def test_raising_a_grade_never_lowers_the_average_nor_the_decision(
    candidate: Candidate, code: str, step: Decimal
) -> None:
    before = evaluate(candidate, NDRC)
    raised = replace(
        candidate, units={**candidate.units, code: _raise(candidate.units[code], step)}
    )
    after = evaluate(raised, NDRC)
    assert after.total_points >= before.total_points
    assert after.average is not None
    assert before.average is not None
    assert after.average >= before.average
    assert RANK[after.decision] >= RANK[before.decision]


@PROPERTY
@given(candidates())
def test_a_dispensed_unit_leaves_the_divisor(candidate: Candidate) -> None:
    result = evaluate(candidate, NDRC)
    dispensed = [c for c, e in candidate.units.items() if e is UnitStatus.DISPENSED]
    assert result.divisor == 21 - 3 * len(dispensed)
    for code in dispensed:
        assert result.units[code].points is None


@PROPERTY
@given(candidates(), grades, st.sampled_from(["UF1", "EE"]))
def test_an_optional_unit_never_lowers_the_average(
    candidate: Candidate, grade: Decimal, code: str
) -> None:
    without = {c: e for c, e in candidate.units.items() if c not in {"UF1", "EE"}}
    before = evaluate(replace(candidate, units=without), NDRC)
    after = evaluate(replace(candidate, units={**without, code: Grade(grade)}), NDRC)
    assert after.average is not None
    assert before.average is not None
    assert after.average >= before.average
    assert after.divisor == before.divisor


@PROPERTY
@given(candidates())
def test_the_total_equals_the_sum_of_the_points_in_the_explanation(
    candidate: Candidate,
) -> None:
    result = evaluate(candidate, NDRC)
    steps = explain(result)
    assert sum(s.points for s in steps if s.points is not None) == result.total_points
    assert result.total_points == sum(
        (u.points for u in result.units.values() if u.points is not None), Fraction(0)
    )


@PROPERTY
@given(candidates(), st.sampled_from(["U1", "U2", "U3", "U4", "U5", "U6"]))
def test_the_decision_flips_exactly_at_ten_times_the_divisor(
    candidate: Candidate, code: str
) -> None:
    units = {
        c: Grade(Decimal(10)) if e is UnitStatus.ABSENT else e
        for c, e in candidate.units.items()
    }
    units[code] = Grade(Decimal(0))
    base = evaluate(replace(candidate, units=units), NDRC)
    coefficient = NDRC.units[code].coefficient
    # the grade of `code` (in hundredths) that brings the total to 10 × divisor
    short = 1000 * base.divisor - base.total_h
    exact = Fraction(short, coefficient)
    at = {**units, code: Grade(Decimal(int(-(-exact // 1))).scaleb(-2))}
    below = {**units, code: Grade(Decimal(int(-(-exact // 1)) - 1).scaleb(-2))}
    if 0 < exact <= 2000:
        passed = evaluate(replace(candidate, units=at), NDRC)
        failed = evaluate(replace(candidate, units=below), NDRC)
        assert passed.total_points >= 10 * passed.divisor
        assert passed.decision is Decision.ADMIS
        assert failed.total_points < 10 * failed.divisor
        assert failed.decision is not Decision.ADMIS
    admitted = base.decision is Decision.ADMIS
    assert admitted == (base.total_points >= 10 * base.divisor)


@st.composite
def windows(draw: st.DrawFn) -> tuple[int, date, Session, Session, Validity]:
    """Draw a grade's session and date, then two later sessions in time order."""
    obtained_session = draw(st.integers(2020, 2030))
    obtained = draw(st.dates(date(2020, 6, 1), date(2030, 7, 31)))
    first_year = obtained_session + draw(st.integers(0, 8))
    first = Session(first_year, obtained + timedelta(days=draw(st.integers(0, 4000))))
    extra = draw(st.integers(0, 400))
    jury = (first.jury_date or obtained) + timedelta(days=extra)
    second = Session(first.year + (extra > 0), jury)
    return (
        obtained_session,
        obtained,
        first,
        second,
        draw(st.sampled_from(list(Validity))),
    )


@PROPERTY
@given(windows())
def test_validity_windows_are_monotone_in_time(
    window: tuple[int, date, Session, Session, Validity],
) -> None:
    obtained_session, obtained, first, second, validity = window
    if is_valid(obtained_session, obtained, second, validity, 5):
        assert is_valid(obtained_session, obtained, first, validity, 5)


@PROPERTY
@given(st.integers(0, 10**6), st.integers(1, 400))
def test_display_rounds_half_up_like_decimal(numerator: int, divisor: int) -> None:
    exact = Fraction(numerator, divisor * 100)
    expected = (Decimal(numerator) / Decimal(divisor * 100)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    assert display(exact) == expected


@PROPERTY
@given(
    st.dictionaries(st.sampled_from(["U1", "U2", "U3", "U4", "U5", "U6"]), grades),
    st.sets(st.sampled_from(["U1", "U2", "U3"])),
)
def test_the_needed_grade_is_the_lowest_uniform_grade_that_passes(
    held: dict[str, Decimal], dispensed: set[str]
) -> None:
    held = {code: grade for code, grade in held.items() if code not in dispensed}
    need = still_needed(NDRC, held, dispensed)

    def decision_with(uniform: Decimal) -> Decision:
        units: dict[str, UnitEntry] = {code: Grade(g) for code, g in held.items()}
        units |= dict.fromkeys(dispensed, UnitStatus.DISPENSED)
        units |= {code: Grade(uniform) for code in need.remaining}
        return evaluate(Candidate(SESSION, units), NDRC).decision

    if need.status is NeedStatus.NEEDED:
        assert need.grade is not None
        assert decision_with(need.grade) is Decision.ADMIS
        assert decision_with(need.grade - Decimal("0.01")) is not Decision.ADMIS
    elif need.status is NeedStatus.ALREADY_REACHED:
        assert decision_with(Decimal(0)) is Decision.ADMIS
    else:
        assert decision_with(Decimal(20)) is not Decision.ADMIS


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = ["units", "session", "policy", "benefits", "control", "jury", "form", "category"]


@PROPERTY
@given(
    st.sampled_from(KEYS),
    json_values,
    st.sampled_from(["U1", "U4", "U5", "UF1", "U9"]),
    json_values,
    st.sampled_from(["grade", "situations", "parts", "status"]),
)
def test_any_malformed_input_gives_a_grading_error_never_a_crash(
    key: str, value: object, code: str, entry: object, way: str
) -> None:
    broken = document()
    broken[key] = value
    units = document({code: entry})
    shaped = document({code: {way: entry}})
    for data in (broken, units, shaped):
        error = _failure(data)
        assert error is None or error.message


def _failure(data: dict[str, object]) -> GradingError | None:
    """Return the GradingError that evaluating a contract input raises, if any."""
    try:
        result_to_json(evaluate(parse_candidate(data)))
    except GradingError as error:
        return error
    return None
