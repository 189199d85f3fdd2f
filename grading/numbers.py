"""Exact grade arithmetic in integer hundredths, and the display rounding (R2).

Grades carry at most two decimals, so a grade is held as an integer number of
hundredths (12.5 → 1250) and every sum or product of grades stays an exact integer.
Only a weighted mean under the `exact` rounding policy may leave the integers: it is
then a `Fraction` of hundredths. Decisions compare these exact values; display rounds
half up to two decimals, once, at the end.
"""

import math
from decimal import Decimal
from fractions import Fraction

from grading.errors import GradingError

#: An exact value in hundredths of a point.
Hundredths = int | Fraction

MAX_GRADE = 2000  # 20/20 in hundredths
HALF_POINT = 50
_FLOAT_DIGITS = 15  # a float's repr gives back any decimal of 15 digits


# Every valid grade, 0.00 to 20.00, and its hundredths: a constant lookup table that
# spares the checks below for the common case (Decimal("12.50") finds 12.5 too).
VALID_GRADES = {Decimal(h).scaleb(-2): h for h in range(MAX_GRADE + 1)}


def hundredths(value: Decimal, field: str) -> int:
    """Return a 0–20 grade with at most two decimals as integer hundredths (R2)."""
    if type(value) is Decimal and not value.is_snan():
        known = VALID_GRADES.get(value)
        if known is not None:
            return known
    if not isinstance(value, Decimal) or not value.is_finite():
        raise GradingError("une note est un nombre décimal", field)
    scaled = value.scaleb(2)
    result = int(scaled)
    if result != scaled:
        raise GradingError("une note a au plus deux décimales", field)
    if not 0 <= result <= MAX_GRADE:
        raise GradingError("une note est comprise entre 0 et 20", field)
    return result


def weighted_mean(values: list[int], weights: list[int], exact: bool) -> Hundredths:
    """Return the weighted mean, rounded up to a half point unless `exact` (R2)."""
    numerator = sum(v * w for v, w in zip(values, weights, strict=True))
    denominator = sum(weights)
    if not exact:
        # ceil_half: next half point at or above the exact mean.
        return -(-numerator // (denominator * HALF_POINT)) * HALF_POINT
    if numerator % denominator == 0:
        return numerator // denominator
    return Fraction(numerator, denominator)


def half_up(numerator: Hundredths, divisor: int | Fraction) -> Decimal:
    """Return numerator / divisor (hundredths) rounded half up to two decimals."""
    if isinstance(numerator, int) and isinstance(divisor, int):
        rounded = (2 * numerator + divisor) // (2 * divisor)
    else:
        rounded = math.floor(numerator / divisor + Fraction(1, 2))
    return Decimal(rounded).scaleb(-2)


def exact_value(value: Hundredths) -> Fraction:
    """Return a value in hundredths as an exact Fraction of points."""
    return Fraction(value, 100)


def as_decimal(value: Hundredths) -> Decimal:
    """Return hundredths as a Decimal: exact for integers, else half up."""
    if isinstance(value, int):
        return Decimal(value).scaleb(-2)
    return half_up(value, 1)


def format_points(value: Hundredths) -> str:
    """Return a value in hundredths as short French text: 1300 → '13', 1050 → '10,5'.

    A Fraction is written exactly when it is a finite decimal (1262.5 → '12,625'),
    otherwise rounded half up and marked '≈'.
    """
    if not isinstance(value, int):
        exact = _finite_decimal(value)
        if exact is None:
            return f"≈{half_up(value, 1)}".replace(".", ",")
        return f"{exact.normalize():f}".replace(".", ",")
    sign = "-" if value < 0 else ""
    whole, cents = divmod(abs(value), 100)
    if cents == 0:
        return f"{sign}{whole}"
    if cents % 10 == 0:
        return f"{sign}{whole},{cents // 10}"
    return f"{sign}{whole},{cents:02d}"


def _finite_decimal(value: Fraction) -> Decimal | None:
    """Return hundredths as an exact Decimal of points, or None if it never ends."""
    denominator = value.denominator
    places = 0
    while denominator % 10 == 0 or denominator % 2 == 0 or denominator % 5 == 0:
        if places > 12:
            return None
        places += 1
        if denominator % 10 == 0:
            denominator //= 10
        elif denominator % 2 == 0:
            denominator //= 2
        else:
            denominator //= 5
    if denominator != 1:
        return None
    scaled = value * 10**places
    return Decimal(scaled.numerator).scaleb(-places - 2)


def json_number(value: Hundredths) -> int | float:
    """Return a value in hundredths as a JSON number whose text is exact.

    An integral value gives an int; a finite decimal gives the float whose shortest
    repr is that decimal (e.g. 236.5, 10.05, 12.625), so the JSON text is exact. A
    fraction that never ends (only under the `exact` policy with unequal CCF weights)
    is rounded half up to four decimals.
    """
    if isinstance(value, int):
        if value % 100 == 0:
            return value // 100
        return float(Decimal(value).scaleb(-2))
    exact = _finite_decimal(value)
    if exact is not None and len(exact.normalize().as_tuple().digits) <= _FLOAT_DIGITS:
        return float(exact)
    return float(Decimal(math.floor(value * 100 + Fraction(1, 2))).scaleb(-4))


def format_coefficient(value: int | Fraction) -> str:
    """Return a coefficient as French text: 3 → '3', 3/2 → '1,5'."""
    return str(value) if isinstance(value, int) else format_points(value * 100)


def json_coefficient(value: int | Fraction) -> int | float:
    """Return a coefficient or divisor as a JSON number (1.5 for 3/2)."""
    return value if isinstance(value, int) else json_number(value * 100)


def json_display(value: Decimal) -> int | float:
    """Return a display Decimal (two decimals at most) as a JSON number."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def display(value: Fraction | Decimal | int) -> Decimal:
    """Return an exact value rounded half up to two decimals, for display only (R2)."""
    exact = Fraction(value)
    # floor(n/d × 100 + 1/2) in integers: Fraction arithmetic costs ~5 times more.
    n, d = exact.numerator, exact.denominator
    return Decimal((200 * n + d) // (2 * d)).scaleb(-2)
