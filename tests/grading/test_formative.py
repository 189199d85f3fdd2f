"""Formative statistics (R8): normalization, ABS/ABJ/DISP/NN, averages, classes."""

from decimal import Decimal
from fractions import Fraction

import pytest

from grading import (
    Assessment,
    Distribution,
    GradingError,
    Mark,
    MarkStatus,
    Rank,
    StudentAverages,
    assessment_statistics,
    class_statistics,
    display,
    formative_averages,
    livret_entries,
    livret_profile,
    load_regulation,
    normalize,
    subject_period_statistics,
)

NDRC = load_regulation("bts-ndrc")
RCNV = "Relation client et négociation vente"
ATELIER = "Atelier de professionnalisation"
CEJM = "Culture économique, juridique et managériale"


def _averages(
    assessments: list[Assessment], marks: list[Mark], zero: bool = True
) -> dict[str, StudentAverages]:
    return formative_averages(
        assessments, marks, NDRC.subject_units(), NDRC.periods, zero
    )


@pytest.mark.parametrize(
    ("score", "scale", "grade"),
    [("15", "30", 10), ("7", "15", Fraction(28, 3)), ("20", "20", 20), ("0", "5", 0)],
)
def test_scores_on_any_scale_are_normalized_to_twenty(
    score: str, scale: str, grade: Fraction
) -> None:
    assert normalize(Decimal(score), Decimal(scale)) == grade


def test_a_score_above_its_scale_is_refused() -> None:
    with pytest.raises(GradingError):
        normalize(Decimal(11), Decimal(10))


def test_abs_counts_zero_and_abj_disp_nn_are_left_out() -> None:
    tests = [Assessment(f"a{i}", CEJM, "S1") for i in range(5)]
    marks = [
        Mark("ana", "a0", Decimal(16)),
        Mark("ana", "a1", status=MarkStatus.ABS),
        Mark("ana", "a2", status=MarkStatus.ABJ),
        Mark("ana", "a3", status=MarkStatus.DISP),
        Mark("ana", "a4", status=MarkStatus.NN),
    ]
    assert _averages(tests, marks)["ana"].by_subject_period[(CEJM, "S1")] == 8
    kept = _averages(tests, marks, zero=False)
    assert kept["ana"].by_subject_period[(CEJM, "S1")] == 16


def test_averages_are_weighted_per_subject_period_year_and_unit() -> None:
    tests = [
        Assessment("t1", RCNV, "S1", Decimal(20), Decimal(2)),
        Assessment("t2", RCNV, "S2", Decimal(10), Decimal(1)),
        Assessment("t3", ATELIER, "S2", Decimal(40), Decimal(1)),
        Assessment("t4", RCNV, "S3", Decimal(20), Decimal("0.5")),
    ]
    marks = [
        Mark("ana", "t1", Decimal(14)),
        Mark("ana", "t2", Decimal(5)),
        Mark("ana", "t3", Decimal(30)),
        Mark("ana", "t4", Decimal("12.5")),
    ]
    ana = _averages(tests, marks)["ana"]
    assert ana.by_subject_period[(RCNV, "S1")] == 14
    assert ana.by_subject_period[(RCNV, "S2")] == 10
    assert ana.by_subject_year[(RCNV, 1)] == Fraction(2 * 14 + 10, 3)
    # U4 in year 1 weighs t1 (×2), t2 and the Atelier's t3 (15/20)
    assert ana.by_unit_year[("U4", 1)] == Fraction(2 * 14 + 10 + 15, 4)
    assert ana.by_unit_year[("U6", 1)] == 15
    assert ana.by_unit_year[("U4", 2)] == Fraction(25, 2)
    assert ana.by_unit["U4"] == (
        Fraction(2 * 14 + 10 + 15) + Fraction(25, 4)
    ) / Fraction(9, 2)


def test_an_unknown_period_is_refused() -> None:
    with pytest.raises(GradingError) as error:
        _averages([Assessment("t1", RCNV, "S9")], [])
    assert error.value.field == "assessments.t1.period"


def test_class_statistics_give_the_distribution_at_its_boundaries() -> None:
    values = {
        "a": Fraction("7.99"),
        "b": Fraction(8),
        "c": Fraction("11.99"),
        "d": Fraction(12),
        "e": Fraction(19),
    }
    statistics = class_statistics(values)
    assert statistics.count == 5
    assert statistics.distribution == Distribution(1, 2, 2)
    assert statistics.minimum == Fraction("7.99")
    assert statistics.maximum == 19
    assert display(statistics.mean or Fraction(0)) == Decimal("11.80")


def test_ties_share_a_rank() -> None:
    values = {
        "a": Fraction(15),
        "b": Fraction(12),
        "c": Fraction(12),
        "d": Fraction(10),
    }
    ranks = class_statistics(values).ranks
    assert [str(ranks[s]) for s in "abcd"] == ["1/4", "2/4", "2/4", "4/4"]
    assert ranks["d"] == Rank(4, 4)


def test_an_empty_class_has_no_mean() -> None:
    statistics = class_statistics({})
    assert statistics.count == 0
    assert statistics.mean is None


def test_assessment_statistics_leave_out_justified_absences() -> None:
    test = Assessment("t1", CEJM, "S1", Decimal(10))
    marks = [
        Mark("a", "t1", Decimal(6)),
        Mark("b", "t1", status=MarkStatus.ABS),
        Mark("c", "t1", status=MarkStatus.ABJ),
        Mark("d", "t2", Decimal(1)),
    ]
    statistics = assessment_statistics(test, marks)
    assert statistics.count == 2
    assert statistics.mean == 6
    assert str(statistics.ranks["b"]) == "2/2"


def test_subject_statistics_rank_the_students_averages() -> None:
    tests = [Assessment("t1", CEJM, "S1"), Assessment("t2", CEJM, "S1")]
    marks = [
        Mark("a", "t1", Decimal(10)),
        Mark("a", "t2", Decimal(14)),
        Mark("b", "t1", Decimal(15)),
        Mark("c", "t1", status=MarkStatus.ABJ),
    ]
    averages = _averages(tests, marks).values()
    statistics = subject_period_statistics(averages, CEJM, "S1")
    assert statistics.count == 2
    assert statistics.mean == Fraction(27, 2)
    assert str(statistics.ranks["b"]) == "1/2"


@pytest.mark.parametrize(
    ("student", "klass", "profile"),
    [
        pytest.param(Fraction(12), Fraction(8), Fraction(15), id="student-over-class"),
        # Exact means: 12 / 8.004 × 10 = 14.99…, where rounded means give 15.00.
        pytest.param(
            Fraction(12), Fraction(2001, 250), Fraction(30000, 2001), id="exact"
        ),
        pytest.param(Fraction(12), None, Fraction(12), id="missing-class-mean"),
        pytest.param(Fraction(9), Fraction(0), Fraction(9), id="class-mean-zero"),
        pytest.param(Fraction(0), Fraction(0), Fraction(0), id="all-at-zero"),
        pytest.param(None, Fraction(10), None, id="dispensed-or-ungraded-unit"),
    ],
)
def test_the_livret_profile_is_student_over_class_times_ten(
    student: Fraction | None, klass: Fraction | None, profile: Fraction | None
) -> None:
    # R8 edge cases: a missing or zero class mean counts as 10; no student mean, no
    # profile.
    assert livret_profile(student, klass) == profile


def test_a_dispensed_unit_has_no_profile_and_leaves_the_class_mean() -> None:
    tests = [Assessment("t1", CEJM, "S1"), Assessment("t2", RCNV, "S1")]
    marks = [
        Mark("a", "t1", Decimal(12)),
        Mark("b", "t1", status=MarkStatus.DISP),  # b is dispensed from U3 (R6)
        Mark("a", "t2", Decimal(8)),
        Mark("b", "t2", Decimal(12)),
    ]
    averages = _averages(tests, marks)
    a_u3, a_u4 = livret_entries(averages["a"], averages.values(), ["U3", "U4"], (1,))
    b_u3, b_u4 = livret_entries(averages["b"], averages.values(), ["U3", "U4"], (1,))
    assert (a_u3.class_mean, a_u3.class_size, a_u3.profile) == (
        Fraction(12),
        1,
        Fraction(10),
    )
    assert (b_u3.student_mean, b_u3.class_mean, b_u3.profile) == (
        None,
        Fraction(12),
        None,
    )
    assert (a_u4.profile, b_u4.profile) == (Fraction(8), Fraction(12))


def test_livret_entries_follow_the_units_of_the_reglement() -> None:
    tests = [Assessment("t1", CEJM, "S1"), Assessment("t2", RCNV, "S3")]
    marks = [
        Mark("a", "t1", Decimal(12)),
        Mark("b", "t1", Decimal(8)),
        Mark("a", "t2", Decimal(14)),
    ]
    averages = _averages(tests, marks)
    units = [u.code for u in NDRC.mandatory_units]
    entries = livret_entries(averages["a"], averages.values(), units, (1, 2))
    assert [(e.unit, e.year) for e in entries][:3] == [("U1", 1), ("U1", 2), ("U2", 1)]
    u3 = next(e for e in entries if e.unit == "U3" and e.year == 1)
    assert (u3.student_mean, u3.class_mean, u3.class_size) == (
        Fraction(12),
        Fraction(10),
        2,
    )
    assert u3.profile == 12
    u4 = next(e for e in entries if e.unit == "U4" and e.year == 2)
    assert (u4.student_mean, u4.class_mean, u4.profile) == (
        Fraction(14),
        Fraction(14),
        Fraction(10),
    )
    u1 = entries[0]
    assert (u1.student_mean, u1.class_mean, u1.profile) == (None, None, None)
