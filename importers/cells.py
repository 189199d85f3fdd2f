"""Pure parsers for one cell value, as openpyxl or the CSV reader gives it."""

import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from importers.records import GradeCode, GradeValue

_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")
_HUNDREDTH = Decimal("0.01")
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_BLANKS = ("", "-")
#: Stripped at input (reliability §2.2 d): C0 controls but tab, LF, CR; and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: INE: 9 digits + 2 letters (INE-RNIE) or 10 digits + 1 letter (INE-BEA).
INE_PATTERN = re.compile(r"\d{9}[A-Z]{2}|\d{10}[A-Z]")
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
BAD_INE = (
    "INE invalide « {value} » : 11 caractères, 9 chiffres et 2 lettres "
    "ou 10 chiffres et 1 lettre."
)
BAD_EMAIL = "Adresse de courriel invalide « {value} »."


class CellValueError(ValueError):
    """A cell value cannot be used; the argument is a French message."""


class UncachedFormula:
    """Marks a formula cell saved without its computed value."""

    def __repr__(self) -> str:
        return "UNCACHED_FORMULA"


#: The value readers put in place of a formula cell that has no cached value.
UNCACHED_FORMULA = UncachedFormula()

FORMULA_MESSAGE = (
    "Formule sans valeur calculée : ouvrez le fichier dans Excel ou LibreOffice, "
    "enregistrez-le, puis importez-le de nouveau (ou tapez la note elle-même)."
)


DATE_NOT_NUMBER = (
    "Date ou heure refusée : un nombre est attendu (le tableur a peut-être "
    "changé « 12/5 » en date ; tapez 12,5)."
)


def is_blank(value: object) -> bool:
    """Tell whether a cell is empty (None, spaces, or Moodle's ``-``)."""
    return value is None or (isinstance(value, str) and value.strip() in _BLANKS)


def parse_decimal(value: object) -> Decimal:
    """Parse a number with at most two decimals, never rounding it.

    Accepts numbers and text with a decimal point or a decimal comma
    (``12,5``); rejects bool, more than two significant decimals
    (``12.345``) and anything else.
    """
    _reject_formula(value)
    if isinstance(value, bool):
        raise CellValueError("Valeur VRAI/FAUX refusée : une note est attendue.")
    if isinstance(value, date | time | timedelta):
        raise CellValueError(DATE_NOT_NUMBER)
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str) and _NUMBER.fullmatch(value.strip()):
        number = Decimal(value.strip().replace(",", "."))
    else:
        raise CellValueError(f"« {_show(value)} » n'est pas un nombre.")
    return _two_decimals(number)


def parse_grade(value: object, max_points: Decimal) -> GradeValue | None:
    """Parse a grade between 0 and ``max_points``, a code, or blank (None)."""
    _reject_formula(value)
    if is_blank(value):
        return None
    if isinstance(value, str):
        code = value.strip().upper()
        if code in GradeCode.__members__:
            return GradeCode(code)
    try:
        points = parse_decimal(value)
    except CellValueError as error:
        raise CellValueError(f"{error} {_grade_hint(max_points)}") from None
    if not Decimal(0) <= points <= max_points:
        raise CellValueError(
            f"{_show(value)} est hors de l'intervalle : {_grade_hint(max_points)}"
        )
    return points


def parse_text(value: object) -> str | None:
    """Return the text of a cell without control characters, None when empty."""
    _reject_formula(value)
    if isinstance(value, bool):
        raise CellValueError("Valeur VRAI/FAUX refusée : un texte est attendu.")
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _CONTROL.sub("", str(value)).strip()
    return text or None


def parse_date(value: object) -> date:
    """Parse a date cell or a ``jj/mm/aaaa`` (or ISO) text."""
    _reject_formula(value)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        for pattern in _DATE_FORMATS:
            try:
                return datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
    raise CellValueError(f"« {_show(value)} » n'est pas une date (jj/mm/aaaa).")


def format_points(points: Decimal) -> str:
    """Show points the French way (``12,5``), for messages."""
    return format(points.normalize(), "f").replace(".", ",")


def _two_decimals(number: Decimal) -> Decimal:
    try:
        exact = number == number.quantize(_HUNDREDTH)
    except InvalidOperation:
        exact = False
    if not number.is_finite() or not exact:
        raise CellValueError(
            f"{format_points(number)} a plus de deux décimales : "
            "arrondissez vous-même la note (elle n'est jamais arrondie à l'import)."
        )
    return number


def _reject_formula(value: object) -> None:
    if value is UNCACHED_FORMULA:
        raise CellValueError(FORMULA_MESSAGE)


def _grade_hint(max_points: Decimal) -> str:
    codes = ", ".join(code.value for code in GradeCode)
    top = format_points(max_points)
    return f"Attendu : une note de 0 à {top} ou un code ({codes})."


def _show(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def check_ine(text: str) -> str:
    """Return an INE upper-cased; raise CellValueError unless its format is valid."""
    ine = text.strip().upper()
    if not INE_PATTERN.fullmatch(ine):
        raise CellValueError(BAD_INE.format(value=text))
    return ine


def check_email(text: str) -> str:
    """Return an e-mail address; raise CellValueError unless it looks like one."""
    if not EMAIL_PATTERN.fullmatch(text):
        raise CellValueError(BAD_EMAIL.format(value=text))
    return text
