"""Blocs over time (R4, R5): the ledger at a date, expiry warnings, benefits to keep."""

from datetime import date
from decimal import Decimal
from typing import NamedTuple

import pytest

from grading import (
    Form,
    GradingError,
    Session,
    SessionRecord,
    Validity,
    WarningCode,
    benefits_for,
    blocs_held,
    expiring_benefits,
    load_regulation,
    units_held,
)

NDRC = load_regulation("bts-ndrc")
HISTORY = (
    SessionRecord(
        2024,
        date(2024, 7, 5),
        {"U1": Decimal(12), "U2": Decimal(8), "U4": Decimal("13.5"), "U5": Decimal(9)},
        dispensed=frozenset({"U3"}),
    ),
    SessionRecord(2025, date(2025, 7, 4), {"U2": Decimal(11), "U5": Decimal(10)}),
)


def test_the_ledger_holds_the_latest_grades_of_ten_or_more() -> None:
    ledger = blocs_held(HISTORY, date(2025, 9, 1), NDRC)
    assert [(b.unit, b.grade, b.obtained_session) for b in ledger.held] == [
        ("U1", 12, 2024),
        ("U2", 11, 2025),
        ("U4", Decimal("13.5"), 2024),
        ("U5", 10, 2025),
    ]
    assert ledger.dispensed == {"U3"}
    assert ledger.held[0].valid_through_session == 2029
    assert ledger.held[0].valid_until == date(2029, 7, 5)


def test_the_ledger_at_an_earlier_date_ignores_later_sessions() -> None:
    ledger = blocs_held(HISTORY, date(2024, 12, 31), NDRC)
    assert [b.unit for b in ledger.held] == ["U1", "U4"]


def test_retaking_replaces_a_bloc_even_with_a_lower_grade() -> None:
    retaken = (*HISTORY, SessionRecord(2026, date(2026, 7, 3), {"U4": Decimal(9)}))
    ledger = blocs_held(retaken, date(2026, 8, 1), NDRC)
    assert "U4" not in [b.unit for b in ledger.held]


def test_a_renounced_benefit_is_no_longer_held() -> None:
    renounced = (
        *HISTORY,
        SessionRecord(2026, date(2026, 7, 3), {}, renounced=frozenset({"U1"})),
    )
    assert "U1" not in [
        b.unit for b in blocs_held(renounced, date(2026, 8, 1), NDRC).held
    ]


@pytest.mark.parametrize(
    ("on", "validity", "held"),
    [
        (date(2029, 7, 5), Validity.CALENDAR, True),
        (date(2029, 7, 6), Validity.CALENDAR, False),
        (date(2029, 12, 31), Validity.SESSION, True),
        (date(2030, 1, 1), Validity.SESSION, False),
    ],
)
def test_a_bloc_expires_five_years_on(on: date, validity: Validity, held: bool) -> None:
    ledger = blocs_held(HISTORY, on, NDRC, validity)
    assert ("U1" in [b.unit for b in ledger.held]) is held
    assert ("U1" in [b.unit for b in ledger.expired]) is not held


def test_registration_warns_of_every_bloc_expiring_before_the_jury() -> None:
    session = Session(2029, date(2029, 7, 6))
    calendar = expiring_benefits(HISTORY, session, NDRC, Validity.CALENDAR)
    assert [(n.code, n.unit) for n in calendar] == [
        (WarningCode.BENEFIT_EXPIRES, "U1"),
        (WarningCode.BENEFIT_EXPIRES, "U4"),
    ]
    assert calendar[0].message == (
        "U1 : le bloc de la session 2024 (valable jusqu'au 05/07/2029) expire avant "
        "le jury de la session 2029 ; U1 doit être repassée (R4)"
    )
    assert expiring_benefits(HISTORY, session, NDRC, Validity.SESSION) == ()
    late = expiring_benefits(HISTORY, Session(2030, date(2030, 7, 1)), NDRC)
    assert [n.unit for n in late] == ["U1", "U4"]


def test_benefits_for_a_session_follow_the_form() -> None:
    session = Session(2026, date(2026, 7, 3))
    globale = benefits_for(HISTORY, session, NDRC)
    assert [(b.unit, b.grade, b.session_year) for b in globale] == [
        ("U1", 12, 2024),
        ("U2", 11, 2025),
        ("U4", Decimal("13.5"), 2024),
        ("U5", 10, 2025),
    ]
    old = (SessionRecord(2021, date(2021, 7, 2), {"U6": Decimal(7)}), *HISTORY)
    progressive = benefits_for(old, session, NDRC, Form.PROGRESSIVE)
    assert "U6" in [b.unit for b in progressive]
    assert "U6" not in [b.unit for b in benefits_for(old, session, NDRC)]


def test_a_history_with_an_unknown_unit_names_it() -> None:
    bad = (SessionRecord(2024, date(2024, 7, 5), {"U7": Decimal(12)}),)
    with pytest.raises(GradingError) as error:
        blocs_held(bad, date(2025, 1, 1), NDRC)
    assert error.value.field == "history[0].grades.U7"


class Recorded(NamedTuple):
    """A bloc as the service stores it (the engine's RecordedBloc)."""

    unit: str
    grade: Decimal
    obtained_on: date
    valid_through_session: int
    valid_until: date


U4_2024 = Recorded("U4", Decimal("13.5"), date(2024, 7, 5), 2029, date(2029, 7, 5))
U4_2026 = Recorded("U4", Decimal(11), date(2026, 7, 3), 2031, date(2031, 7, 3))
U1_2024 = Recorded("U1", Decimal(12), date(2024, 7, 5), 2029, date(2029, 7, 5))


def test_a_recorded_bloc_is_held_through_its_last_session() -> None:
    assert units_held([U1_2024], Session(2029), {}) == {"U1": 12}
    assert units_held([U1_2024], Session(2030), {}) == {}


def test_the_later_bloc_of_a_unit_counts_and_a_retaken_unit_its_new_grade() -> None:
    held = units_held([U4_2026, U4_2024, U1_2024], Session(2027), {})
    assert held == {"U4": 11, "U1": 12}
    retaken = units_held([U4_2024, U1_2024], Session(2027), {"U1": Decimal(9)})
    assert retaken == {"U4": Decimal("13.5"), "U1": 9}


def test_under_the_calendar_policy_a_bloc_ends_on_its_date() -> None:
    calendar = Validity.CALENDAR
    on_time = Session(2029, date(2029, 7, 5))
    late = Session(2029, date(2029, 7, 6))
    assert units_held([U1_2024], on_time, {}, calendar) == {"U1": 12}
    assert units_held([U1_2024], late, {}, calendar) == {}
    assert units_held([U1_2024], Session(2029), {}, calendar) == {}
