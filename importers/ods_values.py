"""Cell values of an OpenDocument table, as LibreOffice and Moodle write them."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element

from importers.cells import UNCACHED_FORMULA
from importers.records import RejectedFileError

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_NUMBERS = ("float", "percentage", "currency")
_DURATION = re.compile(r"-?PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?")

DAMAGED = (
    "Le fichier est endommagé ou incomplet (téléchargement interrompu ?). "
    "Ouvrez-le dans LibreOffice, enregistrez-le de nouveau, puis réessayez."
)


def cell_value(cell: Element) -> object:
    """The value of a ``table:table-cell``: number, date, duration, bool or text."""
    kind = cell.get(f"{_OFFICE}value-type")
    if kind in _NUMBERS:
        return _number(cell.get(f"{_OFFICE}value", ""))
    if kind == "date":
        return _date(cell.get(f"{_OFFICE}date-value", ""))
    if kind == "time":
        return _duration(cell.get(f"{_OFFICE}time-value", ""))
    if kind == "boolean":
        return cell.get(f"{_OFFICE}boolean-value") == "true"
    text = "\n".join(_text(p) for p in cell if p.tag == f"{_TEXT}p")
    if kind is None and not text and cell.get(f"{TABLE}formula") is not None:
        return UNCACHED_FORMULA
    return text or None


def _number(raw: str) -> int | Decimal:
    try:
        number = Decimal(raw)
    except InvalidOperation:
        raise RejectedFileError(DAMAGED) from None
    return int(number) if number == number.to_integral_value() else number


def _date(raw: str) -> date | datetime | str:
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        return raw
    return moment.date() if "T" not in raw else moment


def _duration(raw: str) -> timedelta | str:
    found = _DURATION.fullmatch(raw)
    if not found:
        return raw
    hours, minutes, seconds = (float(part or 0) for part in found.groups())
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def _text(element: Element) -> str:
    """The text of a paragraph: spaces (``text:s``), tabs and line breaks kept."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            parts.append(" " * int(child.get(f"{_TEXT}c", "1")))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        elif child.tag != f"{_OFFICE}annotation":
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
