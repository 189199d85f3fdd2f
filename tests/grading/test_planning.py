"""The planning generator (R8): rhythm, company weeks, holidays made up, 560 h."""

from collections import Counter
from datetime import date, timedelta

import pytest

from grading.errors import GradingError
from grading.planning import (
    BROCHURE_WEEKS,
    PlannedHalfDay,
    Rhythm,
    Slot,
    easter_sunday,
    french_public_holidays,
    plan_year,
    rhythm_holidays,
    training_days,
)

CURRICULUM = {
    "CEF": 36,
    "LV1": 54,
    "CEJM": 89,
    "RCNV": 107,
    "RCDD": 89,
    "RCAR": 72,
    "ATP": 71,
    "EVP": 42,
}
BROCHURE = Rhythm(date(2026, 9, 7), BROCHURE_WEEKS)


def _brochure_year() -> list[PlannedHalfDay]:
    return plan_year(BROCHURE, CURRICULUM, "EVP", rhythm_holidays(BROCHURE))


def _minutes_by_subject(plan: list[PlannedHalfDay]) -> Counter[str]:
    minutes: Counter[str] = Counter()
    for half_day in plan:
        for lesson in half_day.lessons:
            minutes[lesson.subject] += lesson.minutes
    return minutes


def test_easter_sundays_are_the_known_dates() -> None:
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2027) == date(2027, 3, 28)


@pytest.mark.parametrize(
    ("year", "movable"),
    [
        (2025, {date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 9)}),
        (2026, {date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 25)}),
    ],
)
def test_french_public_holidays_are_the_eleven_days(
    year: int, movable: set[date]
) -> None:
    holidays = french_public_holidays(year)
    assert len(holidays) == 11
    assert movable <= holidays.keys()
    assert holidays[date(year, 7, 14)] == "Fête nationale"
    assert holidays[date(year, 11, 11)] == "Armistice 1918"
    assert sorted(holidays[day] for day in movable) == [
        "Ascension",
        "Lundi de Pentecôte",
        "Lundi de Pâques",
    ]


def test_the_brochure_year_plans_560_hours_each_subject_its_hours() -> None:
    plan = _brochure_year()
    assert sum(h.minutes for h in plan) == 560 * 60
    assert _minutes_by_subject(plan) == {code: h * 60 for code, h in CURRICULUM.items()}


def test_the_brochure_year_has_the_training_and_evaluation_half_days() -> None:
    plan = _brochure_year()
    evaluations = [h for h in plan if h.lessons[0].subject == "EVP"]
    assert BROCHURE.letters.count("C") == 16
    assert BROCHURE.letters.count("L") == 14
    assert len(plan) - len(evaluations) == 16 * 4 + 14 * 6
    assert len(evaluations) == 12
    assert all(len(h.lessons) == 1 and h.minutes == 210 for h in evaluations)


def test_evaluations_spread_over_distinct_centre_weeks_on_free_days() -> None:
    plan = _brochure_year()
    training = {h.day for h in plan if h.lessons[0].subject != "EVP"}
    evaluations = [h for h in plan if h.lessons[0].subject == "EVP"]
    weeks = {h.day - timedelta(days=h.day.weekday()) for h in evaluations}
    assert len(weeks) == 12
    assert not training & {h.day for h in evaluations}
    assert evaluations[0].day < date(2026, 10, 1)
    assert evaluations[-1].day > date(2027, 5, 1)


def test_a_half_day_holds_one_subject_unless_a_remainder_is_completed() -> None:
    plan = _brochure_year()
    assert all(h.minutes == 210 for h in plan)
    shared = [h for h in plan if len(h.lessons) > 1]
    assert 0 < len(shared) < len(CURRICULUM)
    assert all(
        len({lesson.subject for lesson in h.lessons}) == len(h.lessons) for h in shared
    )


def test_subjects_are_spread_over_the_year() -> None:
    plan = _brochure_year()
    first_weeks = {lesson.subject for h in plan[:20] for lesson in h.lessons}
    assert first_weeks == set(CURRICULUM)


def test_no_half_day_on_a_holiday_or_in_a_company_week() -> None:
    holidays = rhythm_holidays(BROCHURE)
    for half_day in _brochure_year():
        week = (half_day.day - BROCHURE.first_monday).days // 7
        assert half_day.day not in holidays
        assert half_day.day.weekday() < 5
        assert BROCHURE.letters[week] != "E"


def test_a_holiday_on_the_monday_of_a_c_week_is_made_up_on_the_wednesday() -> None:
    easter_week = Rhythm(date(2026, 4, 6), "C")
    days = training_days(easter_week, french_public_holidays(2026))
    assert days == [date(2026, 4, 7), date(2026, 4, 8)]


def test_a_holiday_with_no_free_day_left_is_made_up_the_next_week() -> None:
    full_week = Rhythm(date(2026, 4, 6), "CE", c_days=(0, 1, 2, 3, 4))
    days = training_days(full_week, french_public_holidays(2026))
    assert days[-1] == date(2026, 4, 13)
    assert len(days) == 5


def test_a_made_up_day_is_planned_with_both_half_days() -> None:
    whit_week = Rhythm(date(2026, 5, 25), "L")
    plan = plan_year(whit_week, {"RCNV": 21}, None, french_public_holidays(2026))
    assert [(h.day, h.slot) for h in plan][-2:] == [
        (date(2026, 5, 28), Slot.MORNING),
        (date(2026, 5, 28), Slot.AFTERNOON),
    ]
    assert sum(h.minutes for h in plan) == 21 * 60


def test_the_planning_is_deterministic() -> None:
    assert _brochure_year() == _brochure_year()


def test_a_short_curriculum_leaves_the_last_half_days_out() -> None:
    plan = plan_year(Rhythm(date(2026, 9, 7), "L"), {"CEF": 5}, None, {})
    assert [lesson.minutes for h in plan for lesson in h.lessons] == [210, 90]


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"first_monday": date(2026, 9, 8)}, "first_monday", "n'est pas un lundi"),
        ({"weeks": "CCXE"}, "weeks", "Lettre inconnue « X » en semaine 3"),
        ({"weeks": "EE"}, "weeks", "Aucune semaine au centre"),
        ({"weeks": "C" * 54}, "weeks", "Au plus 53 semaines"),
        ({"c_days": (0, 5)}, "c_days", "du lundi au vendredi"),
        ({"l_days": (1, 1, 2)}, "l_days", "distincts"),
        ({"half_day_minutes": 0}, "half_day_minutes", "de 1 à 360 minutes"),
    ],
)
def test_a_bad_rhythm_is_refused_naming_the_field(
    kwargs: dict[str, object], field: str, words: str
) -> None:
    arguments: dict[str, object] = {"first_monday": date(2026, 9, 7), "weeks": "CL"}
    with pytest.raises(GradingError) as refused:
        Rhythm(**(arguments | kwargs))  # type: ignore[arg-type]
    assert refused.value.field == field
    assert words in refused.value.message


def test_week_letters_ignore_spaces_and_case() -> None:
    assert Rhythm(date(2026, 9, 7), "cl e").letters == "CLE"


def test_bad_curriculum_hours_name_the_subject() -> None:
    with pytest.raises(GradingError) as refused:
        plan_year(BROCHURE, {"CEF": -1}, None, {})
    assert refused.value.field == "curriculum.CEF"


def test_evaluations_with_no_free_half_day_are_refused() -> None:
    full = Rhythm(date(2026, 9, 7), "C", c_days=(0, 1, 2, 3, 4))
    with pytest.raises(GradingError) as refused:
        plan_year(full, {"EVP": 7}, "EVP", {})
    assert refused.value.field == "curriculum.EVP"
