"""Text that is safe to put in a spreadsheet cell we export (reliability D10)."""

import re

#: C0 control characters except tab, LF and CR, DEL, lone surrogates and U+FFFE/U+FFFF:
#: invisible, or not XML 1.0 characters (openpyxl would fail to save them).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
#: A cell starting with one of these may be taken for a formula by a spreadsheet.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Strip control characters and neutralise a leading formula character.

    A leading ``= + - @``, tab or CR is prefixed with an apostrophe
    (the CSV-injection advice): the text stays readable and is never a formula.
    """
    cleaned = _CONTROL.sub("", value)
    if cleaned.startswith(_FORMULA_PREFIXES):
        return "'" + cleaned
    return cleaned
