"""Attendance arithmetic (R8): minutes attended per subject, rate, display."""

from decimal import Decimal
from fractions import Fraction

import pytest

from grading import GradingError
from grading.attendance import (
    LessonSpan,
    MarkFacts,
    attendance_rate,
    attended_by_subject,
    below_rate,
    hours,
    percent,
)

MORNING = (LessonSpan("RCNV", 90), LessonSpan("CEJM", 60), LessonSpan("LV1", 60))


def test_present_on_time_attends_every_lesson_in_full() -> None:
    figures = attended_by_subject(MORNING, MarkFacts(present=True))
    assert figures == {"RCNV": 90, "CEJM": 60, "LV1": 60}


def test_absent_attends_nothing_in_any_subject() -> None:
    figures = attended_by_subject(MORNING, MarkFacts(present=False))
    assert figures == {"RCNV": 0, "CEJM": 0, "LV1": 0}


def test_minutes_late_come_off_the_first_lesson() -> None:
    figures = attended_by_subject(MORNING, MarkFacts(present=True, late_minutes=20))
    assert figures == {"RCNV": 70, "CEJM": 60, "LV1": 60}


def test_minutes_late_spanning_two_lessons_empty_the_first_then_cut_the_second() -> (
    None
):
    figures = attended_by_subject(MORNING, MarkFacts(present=True, late_minutes=110))
    assert figures == {"RCNV": 0, "CEJM": 40, "LV1": 60}


def test_leaving_early_comes_off_the_last_lessons() -> None:
    figures = attended_by_subject(MORNING, MarkFacts(present=True, early_minutes=75))
    assert figures == {"RCNV": 90, "CEJM": 45, "LV1": 0}


def test_late_and_early_together_cut_both_ends() -> None:
    mark = MarkFacts(present=True, late_minutes=15, early_minutes=30)
    assert attended_by_subject(MORNING, mark) == {"RCNV": 75, "CEJM": 60, "LV1": 30}


def test_late_longer_than_the_half_day_is_clipped_to_nothing_attended() -> None:
    mark = MarkFacts(present=True, late_minutes=300, early_minutes=10)
    assert attended_by_subject(MORNING, mark) == {"RCNV": 0, "CEJM": 0, "LV1": 0}


def test_late_and_early_overlapping_never_count_below_zero() -> None:
    mark = MarkFacts(present=True, late_minutes=150, early_minutes=100)
    assert attended_by_subject(MORNING, mark) == {"RCNV": 0, "CEJM": 0, "LV1": 0}


def test_two_lessons_of_one_subject_add_up() -> None:
    lessons = (LessonSpan("RCNV", 60), LessonSpan("CEF", 60), LessonSpan("RCNV", 90))
    mark = MarkFacts(present=True, late_minutes=30, early_minutes=30)
    assert attended_by_subject(lessons, mark) == {"RCNV": 90, "CEF": 60}


def test_a_half_day_without_lessons_counts_nothing() -> None:
    assert attended_by_subject((), MarkFacts(present=True, late_minutes=5)) == {}


def test_negative_minutes_are_refused_naming_the_field() -> None:
    with pytest.raises(GradingError) as error:
        attended_by_subject(MORNING, MarkFacts(present=True, late_minutes=-1))
    assert error.value.field == "late_minutes"
    with pytest.raises(GradingError) as error:
        attended_by_subject((LessonSpan("CEF", -5),), MarkFacts(present=True))
    assert error.value.field == "lessons[0].minutes"


def test_rate_is_exact_and_absent_when_nothing_was_taken() -> None:
    assert attendance_rate(189, 210) == Fraction(9, 10)
    assert attendance_rate(0, 0) is None


def test_below_rate_compares_exactly_with_the_percentage() -> None:
    assert not below_rate(Fraction(9, 10), 90)
    assert below_rate(Fraction(899, 1000), 90)
    assert not below_rate(None, 90)


def test_hours_and_percent_round_half_up_for_display() -> None:
    assert hours(150) == Decimal("2.5")
    assert hours(50) == Decimal("0.83")
    assert hours(0) == Decimal("0")
    assert percent(Fraction(2, 3)) == Decimal("66.67")
    assert percent(Fraction(1)) == Decimal("100")
