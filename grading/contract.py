"""The JSON contract of `evaluate`: decoded JSON in, candidate out.

Used by `python -m grading evaluate` and by the service's `POST /api/v1/simulations`,
so that both give the same answer (see ../shared/domain/evaluate-contract.md).
"""

import json
import math
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from grading.candidate import (
    Benefit,
    Candidate,
    Form,
    Grade,
    JuryChange,
    PartAbsence,
    Parts,
    PartValue,
    Policy,
    Rounding,
    Session,
    Situations,
    UnitEntry,
    UnitStatus,
    Validity,
)
from grading.errors import GradingError

_TOP = {
    "regulation",
    "form",
    "category",
    "session",
    "policy",
    "units",
    "benefits",
    "control",
    "jury",
}
_WAYS = ("grade", "situations", "parts", "status")
_Choice = TypeVar("_Choice", Form, Rounding, Validity, PartAbsence, UnitStatus)


def parse_candidate(data: Any) -> Candidate:
    """Return the candidate described by decoded contract JSON.

    Raise GradingError naming the faulty field.

    Numbers may be JSON numbers (int or float) or decimal strings.
    """
    document = _object(data, "")
    _only(document, _TOP, "")
    units = _object(_required(document, "units", ""), "units")
    session = _object(_required(document, "session", ""), "session")
    return Candidate(
        session=_session(session),
        units={code: _unit(code, raw) for code, raw in units.items()},
        form=_choice(Form, _optional(document, "form", "globale"), "form"),
        policy=_policy(_optional(document, "policy", {})),
        benefits=_benefits(_optional(document, "benefits", [])),
        control=_control(_optional(document, "control", {})),
        category=None
        if document.get("category") is None
        else _text(document["category"], "category"),
        regulation=_text(_optional(document, "regulation", "bts-ndrc"), "regulation"),
        jury=_jury(_optional(document, "jury", {})),
    )


def decode_document(text: str | bytes) -> Any:
    """Decode contract JSON with every number a Decimal.

    The CLI uses it, and so should the service, so that `12.3400000000000001` is refused
    by both rather than silently read as the float 12.34. NaN and Infinity decode as
    Decimals, so that `parse_candidate` refuses them naming their field.
    """
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as error:
        where = f"ligne {error.lineno}, colonne {error.colno}"
        raise GradingError(f"JSON mal formé : {where}") from error
    except UnicodeDecodeError as error:
        raise GradingError("JSON mal formé : le texte n'est pas en UTF-8") from error
    except ValueError as error:
        # An integer of more than 4,300 digits: Python refuses to convert it.
        raise GradingError("JSON mal formé : un nombre y est trop long") from error
    except RecursionError as error:
        raise GradingError("JSON mal formé : trop d'imbrications") from error


#: Largest power of ten a contract number may have (either way): far beyond any grade.
MAX_EXPONENT = 12


def decimal_value(value: Any, field: str) -> Decimal:
    """Return a JSON number or decimal string as a Decimal; reject booleans."""
    if isinstance(value, bool):
        raise GradingError("un nombre est attendu", field)
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise GradingError("un nombre fini est attendu", field)
        number = Decimal(repr(value))
    elif isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise GradingError(
                f"un nombre décimal est attendu, reçu {value!r}", field
            ) from None
    else:
        raise GradingError("un nombre est attendu", field)
    if not number.is_finite():
        raise GradingError("un nombre fini est attendu", field)
    if number and not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        # A grade is 0–20 with two decimals: "1e999999999" or "1e-999999999" is no
        # grade, and scaling it would overflow Decimal's context.
        raise GradingError(f"nombre hors limites : {value!r}", field)
    return number


def _session(data: Mapping[str, Any]) -> Session:
    _only(data, {"year", "jury_date"}, "session")
    year = _year(_required(data, "year", "session"), "session.year")
    jury = data.get("jury_date")
    if jury is None:
        return Session(year, None)
    jury_date = _date(jury, "session.jury_date")
    if jury_date.year != year:  # the jury sits in its session's year
        raise GradingError(
            f"la date du jury ({jury_date.isoformat()}) n'est pas dans l'année de "
            f"la session ({year})",
            "session.jury_date",
        )
    return Session(year, jury_date)


def _unit(code: str, raw: Any) -> UnitEntry:
    path = f"units.{code}"
    data = _object(raw, path)
    _only(data, set(_WAYS), path)
    ways = [way for way in _WAYS if way in data]
    if len(ways) != 1:
        raise GradingError(
            "une unité se donne par une seule clé : grade, situations, parts, status",
            path,
        )
    way = ways[0]
    value = data[way]
    if way == "grade":
        return Grade(decimal_value(value, f"{path}.grade"))
    if way == "situations":
        if not isinstance(value, list) or not value:
            raise GradingError("une liste de notes est attendue", f"{path}.situations")
        return Situations(
            tuple(
                decimal_value(v, f"{path}.situations[{i}]") for i, v in enumerate(value)
            )
        )
    if way == "parts":
        parts = _object(value, f"{path}.parts")
        return Parts(
            {name: _part(v, f"{path}.parts.{name}") for name, v in parts.items()}
        )
    return _choice(UnitStatus, value, f"{path}.status")


def _part(value: Any, field: str) -> PartValue:
    if isinstance(value, str) and value in {s.value for s in UnitStatus}:
        status = UnitStatus(value)
        if status is UnitStatus.DISPENSED:
            raise GradingError("une partie ne se dispense pas (R6)", field)
        return status
    return decimal_value(value, field)


def _policy(raw: Any) -> Policy:
    data = _object(raw, "policy")
    _only(data, {"rounding", "validity", "u5_part_absence", "ccf_weights"}, "policy")
    weights = _object(_optional(data, "ccf_weights", {}), "policy.ccf_weights")
    parsed = {}
    for code, values in weights.items():
        path = f"policy.ccf_weights.{code}"
        if not isinstance(values, list) or not values:
            raise GradingError("une liste de poids est attendue", path)
        parsed[code] = tuple(
            decimal_value(v, f"{path}[{i}]") for i, v in enumerate(values)
        )
    return Policy(
        rounding=_choice(
            Rounding, _optional(data, "rounding", "ceil_half"), "policy.rounding"
        ),
        validity=_choice(
            Validity, _optional(data, "validity", "session"), "policy.validity"
        ),
        u5_part_absence=_choice(
            PartAbsence,
            _optional(data, "u5_part_absence", "whole_unit"),
            "policy.u5_part_absence",
        ),
        ccf_weights=parsed,
    )


def _benefits(raw: Any) -> tuple[Benefit, ...]:
    if not isinstance(raw, list):
        raise GradingError("une liste est attendue", "benefits")
    benefits = []
    for index, item in enumerate(raw):
        path = f"benefits[{index}]"
        data = _object(item, path)
        _only(data, {"unit", "grade", "session_year", "obtained"}, path)
        year = _year(_required(data, "session_year", path), f"{path}.session_year")
        obtained = data.get("obtained")
        benefits.append(
            Benefit(
                unit=_text(_required(data, "unit", path), f"{path}.unit"),
                grade=decimal_value(_required(data, "grade", path), f"{path}.grade"),
                session_year=year,
                obtained=None
                if obtained is None
                else _date(obtained, f"{path}.obtained"),
            )
        )
    return tuple(benefits)


def _control(raw: Any) -> dict[str, Decimal]:
    data = _object(raw, "control")
    return {code: decimal_value(v, f"control.{code}") for code, v in data.items()}


def _jury(raw: Any) -> dict[str, JuryChange]:
    data = _object(raw, "jury")
    changes = {}
    for code, item in data.items():
        path = f"jury.{code}"
        change = _object(item, path)
        _only(change, {"grade", "reason"}, path)
        changes[code] = JuryChange(
            grade=decimal_value(_required(change, "grade", path), f"{path}.grade"),
            reason=_text(_required(change, "reason", path), f"{path}.reason"),
        )
    return changes


def _choice(kind: type[_Choice], value: Any, field: str) -> _Choice:
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        raise GradingError(f"valeurs possibles : {allowed}", field) from None


def _year(value: Any, field: str) -> int:
    """Return a year given as a JSON number or a decimal string ("2026")."""
    number = decimal_value(value, field)
    if number != number.to_integral_value() or not 1900 <= number <= 9999:
        raise GradingError("une année est attendue, par exemple 2026", field)
    return int(number)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(value: Any, field: str) -> date:
    """Return an ISO `YYYY-MM-DD` date; `20260703` and `2026-W27-5` are refused."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise GradingError(
            "une date AAAA-MM-JJ est attendue, par exemple 2026-07-03", field
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise GradingError(
            "une date AAAA-MM-JJ est attendue, par exemple 2026-07-03", field
        ) from None


def _object(value: Any, field: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise GradingError("un objet JSON est attendu", field or None)
    return value


def _optional(data: Mapping[str, Any], key: str, default: Any) -> Any:
    """Return an optional field; null counts as absent."""
    value = data.get(key)
    return default if value is None else value


def _required(data: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in data:
        raise GradingError("ce champ est obligatoire", f"{path}.{key}" if path else key)
    return data[key]


def _only(data: Mapping[str, Any], allowed: set[str], path: str) -> None:
    for key in data:
        if key not in allowed:
            raise GradingError("champ inconnu", f"{path}.{key}" if path else key)


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise GradingError("un texte non vide est attendu", field)
    return value
