"""Read and validate regulation files; every error names the faulty key (R1)."""

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from grading.errors import RegulationError
from grading.regulation import (
    Category,
    Coefficient,
    Mode,
    Regulation,
    Subject,
    Unit,
    UnitForm,
    UnitKind,
)

_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


#: The most mandatory and optional épreuves a BTS may have (D643-15, décret 2024-788).
MAX_MANDATORY = 9
MAX_OPTIONAL = 2
_VERSION = re.compile(r"(?P<id>[a-z0-9][a-z0-9-]{0,63})\.(?P<year>[0-9]{4})\.json")


@cache
def load_regulation(regulation_id: str, session_year: int | None = None) -> Regulation:
    """Return the regulation in force at `session_year` (the latest when None) (R9).

    Shipped as `grading/regulations/<id>.<effective_from>.json`, read once each.
    """
    versions = regulation_versions(regulation_id)
    if not versions:
        raise RegulationError(
            f"réglementation inconnue : {regulation_id!r}", "regulation"
        )
    in_force = [y for y in versions if session_year is None or y <= session_year]
    if not in_force:
        raise RegulationError(
            f"aucune version de {regulation_id} ne s'applique à la session "
            f"{session_year} (la première date de {versions[0]})",
            "session.year",
        )
    return _load_version(regulation_id, in_force[-1])


@cache
def regulation_versions(regulation_id: str) -> tuple[int, ...]:
    """Return the sessions from which each shipped version of a regulation applies."""
    if not _ID.fullmatch(regulation_id):
        return ()
    folder = resources.files("grading").joinpath("regulations")
    years = []
    for entry in folder.iterdir():
        match = _VERSION.fullmatch(entry.name)
        if match and match["id"] == regulation_id:
            years.append(int(match["year"]))
    return tuple(sorted(years))


@cache
def _load_version(regulation_id: str, year: int) -> Regulation:
    resource = resources.files("grading").joinpath(
        f"regulations/{regulation_id}.{year}.json"
    )
    regulation = regulation_from_text(resource.read_text(encoding="utf-8"))
    if (regulation.id, regulation.effective_from) != (regulation_id, year):
        raise RegulationError("the file name and its id or year disagree", "id")
    return regulation


def load_regulation_file(path: Path) -> Regulation:
    """Return the regulation read from a JSON file anywhere on disk."""
    return regulation_from_text(path.read_text(encoding="utf-8"))


def regulation_from_text(text: str) -> Regulation:
    """Return the regulation parsed from JSON text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RegulationError(f"malformed JSON: {error}", None) from error
    return regulation_from_mapping(_mapping(data, ""))


def regulation_from_mapping(data: Mapping[str, Any]) -> Regulation:
    """Return a validated regulation built from decoded JSON data."""
    units = _units(_mapping(_key(data, "units", ""), "units"))
    categories = _categories(
        _mapping(_key(data, "categories", ""), "categories"), units
    )
    default = _text(_key(data, "default_category", ""), "default_category")
    if default not in categories:
        raise RegulationError(f"unknown category {default!r}", "default_category")
    control = _mapping(_key(data, "control", ""), "control")
    control_units = _codes(_key(control, "units", "control"), "control.units", units)
    for index, code in enumerate(control_units):
        if not units[code].mandatory:
            raise RegulationError(
                "control units must be mandatory", f"control.units[{index}]"
            )
    pass_mark = _integer(_key(data, "pass_mark", ""), "pass_mark", 1, 20)
    first_session = _integer(
        _key(data, "first_session", ""), "first_session", 1900, 9999
    )
    return Regulation(
        id=_text(_key(data, "id", ""), "id"),
        title=_text(_key(data, "title", ""), "title"),
        effective_from=_integer(
            _key(data, "effective_from", ""), "effective_from", first_session, 9999
        ),
        texts=_texts(_key(data, "texts", ""), "texts"),
        first_session=first_session,
        validity_years=_integer(
            _key(data, "validity_years", ""), "validity_years", 1, 99
        ),
        pass_mark=pass_mark,
        control_mark=_integer(
            _key(data, "control_mark", ""), "control_mark", 0, pass_mark
        ),
        units=units,
        default_category=default,
        categories=categories,
        control_units=frozenset(control_units),
        control_max_units=_integer(
            _key(control, "max_units", "control"), "control.max_units", 0, 99
        ),
        control_description=None
        if control.get("description") is None
        else _text(control["description"], "control.description"),
        max_optional_units=_integer(
            _key(data, "max_optional_units", ""),
            "max_optional_units",
            0,
            MAX_OPTIONAL,
        ),
        periods=_periods(_mapping(_key(data, "periods", ""), "periods")),
        avis=_avis(data),
        subjects=_subjects(data, units),
    )


def _units(data: Mapping[str, Any]) -> dict[str, Unit]:
    units = {
        code: _unit(code, _mapping(raw, f"units.{code}")) for code, raw in data.items()
    }
    if not any(unit.mandatory and not unit.dispensable for unit in units.values()):
        raise RegulationError(
            "a regulation needs a mandatory unit that cannot be dispensed", "units"
        )
    mandatory = sum(unit.mandatory for unit in units.values())
    if mandatory > MAX_MANDATORY or len(units) - mandatory > MAX_OPTIONAL:
        raise RegulationError(
            f"at most {MAX_MANDATORY} mandatory and {MAX_OPTIONAL} optional units "
            "(D643-15)",
            "units",
        )
    return units


def _unit(code: str, data: Mapping[str, Any]) -> Unit:
    path = f"units.{code}"
    _only(
        data,
        {
            "title",
            "kind",
            "coefficient",
            "situations",
            "parts",
            "dispensable",
            "bloc",
            "ects",
        },
        path,
    )
    kind_text = _text(_key(data, "kind", path), f"{path}.kind")
    try:
        kind = UnitKind(kind_text)
    except ValueError:
        raise RegulationError(f"unknown kind {kind_text!r}", f"{path}.kind") from None
    if kind is UnitKind.OPTIONAL:
        if "coefficient" in data:
            raise RegulationError(
                "optional units have no coefficient", f"{path}.coefficient"
            )
        coefficient: Coefficient = 0
    else:
        coefficient = _coefficient(
            _key(data, "coefficient", path), f"{path}.coefficient"
        )
    parts = None
    if "parts" in data:
        raw_parts = _mapping(data["parts"], f"{path}.parts")
        parts = {
            n: _integer(c, f"{path}.parts.{n}", 1, 100) for n, c in raw_parts.items()
        }
        if len(parts) < 2:
            raise RegulationError(
                "a unit in parts needs at least two parts", f"{path}.parts"
            )
    situations = _integer(data.get("situations", 0), f"{path}.situations", 0, 10)
    if parts and situations:
        raise RegulationError(
            "a unit has parts or situations, not both", f"{path}.situations"
        )
    dispensable = data.get("dispensable", False)
    if not isinstance(dispensable, bool):
        raise RegulationError("expected true or false", f"{path}.dispensable")
    if dispensable and kind is not UnitKind.GENERAL:
        raise RegulationError(
            "only general units may be dispensed", f"{path}.dispensable"
        )
    bloc = data.get("bloc")
    ects = data.get("ects")
    return Unit(
        code=code,
        title=_text(_key(data, "title", path), f"{path}.title"),
        kind=kind,
        coefficient=coefficient,
        situations=situations,
        parts=parts,
        dispensable=dispensable,
        bloc=None if bloc is None else _integer(bloc, f"{path}.bloc", 1, 99),
        ects=None if ects is None else _integer(ects, f"{path}.ects", 0, 120),
    )


def _categories(
    data: Mapping[str, Any], units: Mapping[str, Unit]
) -> dict[str, Category]:
    if not data:
        raise RegulationError("at least one category is needed", "categories")
    categories = {}
    for name, raw in data.items():
        path = f"categories.{name}"
        category = _mapping(raw, path)
        forms_data = _mapping(_key(category, "forms", path), f"{path}.forms")
        forms = {}
        for code, unit in units.items():
            form_path = f"{path}.forms.{code}"
            form = _mapping(_key(forms_data, code, f"{path}.forms"), form_path)
            mode_text = _text(_key(form, "mode", form_path), f"{form_path}.mode")
            try:
                mode = Mode(mode_text)
            except ValueError:
                raise RegulationError(
                    f"unknown mode {mode_text!r}", f"{form_path}.mode"
                ) from None
            if mode is Mode.CCF and not unit.situations:
                raise RegulationError(
                    "a CCF unit needs situations", f"{form_path}.mode"
                )
            description = _text(
                _key(form, "description", form_path), f"{form_path}.description"
            )
            forms[code] = UnitForm(mode, description)
        _codes(list(forms_data), f"{path}.forms", units)
        title = _text(_key(category, "title", path), f"{path}.title")
        categories[name] = Category(name, title, forms)
    return categories


def _periods(data: Mapping[str, Any]) -> dict[str, int]:
    return {
        name: _integer(year, f"periods.{name}", 1, 9) for name, year in data.items()
    }


def _avis(data: Mapping[str, Any]) -> tuple[str, ...]:
    livret = _mapping(_key(data, "livret", ""), "livret")
    avis = _key(livret, "avis", "livret")
    if not isinstance(avis, list) or not avis:
        raise RegulationError("expected a non-empty list", "livret.avis")
    return tuple(_text(a, f"livret.avis[{i}]") for i, a in enumerate(avis))


def _subjects(
    data: Mapping[str, Any], units: Mapping[str, Unit]
) -> tuple[Subject, ...]:
    raw = _key(data, "subjects", "")
    if not isinstance(raw, list):
        raise RegulationError("expected a list", "subjects")
    subjects = []
    for index, item in enumerate(raw):
        path = f"subjects[{index}]"
        subject = _mapping(item, path)
        hours = _key(subject, "hours", path)
        if not isinstance(hours, list):
            raise RegulationError("expected a list of hours per year", f"{path}.hours")
        subjects.append(
            Subject(
                name=_text(_key(subject, "name", path), f"{path}.name"),
                units=tuple(
                    _codes(_key(subject, "units", path), f"{path}.units", units)
                ),
                hours=tuple(
                    _integer(h, f"{path}.hours[{i}]", 0, 9999)
                    for i, h in enumerate(hours)
                ),
            )
        )
    return tuple(subjects)


def _codes(value: Any, path: str, units: Mapping[str, Unit]) -> list[str]:
    if not isinstance(value, list):
        raise RegulationError("expected a list of unit codes", path)
    for index, code in enumerate(value):
        if code not in units:
            raise RegulationError(f"unknown unit {code!r}", f"{path}[{index}]")
    return value


def _key(data: Mapping[str, Any], key: str, path: str) -> Any:
    if key not in data:
        raise RegulationError("missing key", f"{path}.{key}" if path else key)
    return data[key]


def _only(data: Mapping[str, Any], allowed: set[str], path: str) -> None:
    for key in data:
        if key not in allowed:
            raise RegulationError("unknown key", f"{path}.{key}")


def _mapping(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise RegulationError("expected an object", path or None)
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RegulationError("expected a non-empty string", path)
    return value


def _texts(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise RegulationError("expected a non-empty list of texts", path)
    return tuple(_text(t, f"{path}[{i}]") for i, t in enumerate(value))


def _coefficient(value: Any, path: str) -> Coefficient:
    """Return an integer coefficient, or a decimal one (1.5) as an exact Fraction."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _integer(value, path, 1, 100)
    if not isinstance(value, float):
        raise RegulationError("expected a number such as 3 or 1.5", path)
    number = Decimal(repr(value))
    if not number.is_finite() or not 0 < number <= 100 or number != round(number, 2):
        raise RegulationError("expected from 0.01 to 100, two decimals at most", path)
    exact = Fraction(number)
    return exact.numerator if exact.denominator == 1 else exact


def _integer(value: Any, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RegulationError("expected an integer", path)
    if not low <= value <= high:
        raise RegulationError(f"expected an integer from {low} to {high}", path)
    return value
