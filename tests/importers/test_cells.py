from datetime import date, datetime
from decimal import Decimal

import pytest

from importers.cells import (
    UNCACHED_FORMULA,
    CellValueError,
    parse_date,
    parse_decimal,
    parse_grade,
    parse_text,
)
from importers.records import GradeCode

TWENTY = Decimal(20)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        (" 7,25 ", Decimal("7.25")),
        (12.5, Decimal("12.5")),
        (0.1, Decimal("0.1")),
        (15, Decimal(15)),
        (Decimal("12.50"), Decimal("12.5")),
        ("12,500", Decimal("12.5")),
    ],
)
def test_decimals_are_read_exactly_with_point_or_comma(
    raw: object, expected: Decimal
) -> None:
    assert parse_decimal(raw) == expected


@pytest.mark.parametrize("raw", ["12.345", "12,345", 12.345, Decimal("0.001")])
def test_more_than_two_decimals_is_an_error_never_rounded(raw: object) -> None:
    with pytest.raises(CellValueError, match="plus de deux décimales"):
        parse_decimal(raw)


@pytest.mark.parametrize("raw", [True, False])
def test_booleans_are_not_numbers(raw: bool) -> None:
    with pytest.raises(CellValueError, match="VRAI/FAUX"):
        parse_decimal(raw)


@pytest.mark.parametrize("raw", ["douze", "12/20", "1e3", "", "12,5,1"])
def test_text_that_is_not_a_number_is_an_error(raw: str) -> None:
    with pytest.raises(CellValueError, match="n'est pas un nombre"):
        parse_decimal(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("abs", GradeCode.ABS),
        (" ABJ ", GradeCode.ABJ),
        ("DISP", GradeCode.DISP),
        ("NN", GradeCode.NN),
        (None, None),
        ("  ", None),
        ("-", None),
        (0, Decimal(0)),
        ("20", TWENTY),
    ],
)
def test_grades_accept_codes_blanks_and_bounds(raw: object, expected: object) -> None:
    assert parse_grade(raw, TWENTY) == expected


@pytest.mark.parametrize("raw", ["20,01", -1, "-0,5", 21])
def test_grades_outside_zero_to_max_are_errors(raw: object) -> None:
    with pytest.raises(CellValueError, match="de 0 à 20"):
        parse_grade(raw, TWENTY)


def test_a_formula_without_cached_value_is_an_error_not_a_blank() -> None:
    for parse in (parse_decimal, parse_text, parse_date):
        with pytest.raises(CellValueError, match="Formule sans valeur calculée"):
            parse(UNCACHED_FORMULA)
    with pytest.raises(CellValueError, match="Formule sans valeur calculée"):
        parse_grade(UNCACHED_FORMULA, TWENTY)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (datetime(2007, 3, 14, 0, 0), date(2007, 3, 14)),
        (date(2007, 3, 14), date(2007, 3, 14)),
        ("14/03/2007", date(2007, 3, 14)),
        ("2007-03-14", date(2007, 3, 14)),
    ],
)
def test_dates_from_cells_and_french_text(raw: object, expected: date) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["31/02/2007", "demain", 39000])
def test_bad_dates_are_errors(raw: object) -> None:
    with pytest.raises(CellValueError, match="n'est pas une date"):
        parse_date(raw)


def test_text_is_stripped_and_integers_lose_their_float_tail() -> None:
    assert parse_text("  Lé'a\x00\x0b ") == "Lé'a"
    assert parse_text(1234567890.0) == "1234567890"
    assert parse_text("   ") is None
    with pytest.raises(CellValueError):
        parse_text(True)


@pytest.mark.parametrize("raw", [datetime(2026, 5, 12), date(2026, 5, 12)])
def test_a_grade_the_spreadsheet_turned_into_a_date_is_explained(raw: object) -> None:
    with pytest.raises(CellValueError, match="tapez 12,5"):
        parse_grade(raw, TWENTY)
