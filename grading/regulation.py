"""The regulation of a diploma as values: units, coefficients, forms, subjects (R1)."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

#: A coefficient: an integer, or a decimal such as 1.5 held exactly (R9).
Coefficient = int | Fraction


class UnitKind(StrEnum):
    """Kind of a unit: general and professional units are mandatory (R1)."""

    GENERAL = "general"
    PROFESSIONAL = "professional"
    OPTIONAL = "optional"


class Mode(StrEnum):
    """How a unit is assessed for a category of candidates (R1, D643-19)."""

    CCF = "ccf"
    PONCTUAL = "ponctual"


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of the diploma; `coefficient` is 0 for optional units."""

    code: str
    title: str
    kind: UnitKind
    coefficient: Coefficient
    situations: int = 0
    parts: Mapping[str, int] | None = None
    dispensable: bool = False
    bloc: int | None = None
    ects: int | None = None

    @property
    def mandatory(self) -> bool:
        """Return whether the unit counts in the divisor (R3.2)."""
        return self.kind is not UnitKind.OPTIONAL


@dataclass(frozen=True, slots=True)
class UnitForm:
    """The form of one unit for one category of candidates."""

    mode: Mode
    description: str


@dataclass(frozen=True, slots=True)
class Category:
    """A category of candidates and the form of each unit for it (R1)."""

    name: str
    title: str
    forms: Mapping[str, UnitForm]


@dataclass(frozen=True, slots=True)
class Subject:
    """A curriculum subject, the units it prepares and its hours per year (R8)."""

    name: str
    units: tuple[str, ...]
    hours: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Regulation:
    """A diploma's exam regulation from one session on, loaded from a data file.

    `effective_from` is the first session it applies to and `texts` the texts it
    rests on (R9); a later file of the same `id` replaces it from its own session.
    """

    id: str
    title: str
    effective_from: int
    texts: tuple[str, ...]
    first_session: int
    validity_years: int
    pass_mark: int
    control_mark: int
    units: Mapping[str, Unit]
    default_category: str
    categories: Mapping[str, Category]
    control_units: frozenset[str]
    control_max_units: int
    control_description: str | None
    max_optional_units: int
    periods: Mapping[str, int]
    avis: tuple[str, ...]
    subjects: tuple[Subject, ...]

    mandatory_units: tuple[Unit, ...] = field(init=False)
    optional_units: tuple[Unit, ...] = field(init=False)
    professional_units: tuple[Unit, ...] = field(init=False)

    def __post_init__(self) -> None:
        """Derive the unit groups once, so evaluation does not recompute them."""
        units = tuple(self.units.values())
        mandatory = tuple(u for u in units if u.mandatory)
        optional = tuple(u for u in units if not u.mandatory)
        professional = tuple(u for u in units if u.kind is UnitKind.PROFESSIONAL)
        object.__setattr__(self, "mandatory_units", mandatory)
        object.__setattr__(self, "optional_units", optional)
        object.__setattr__(self, "professional_units", professional)

    def subject_units(self) -> dict[str, tuple[str, ...]]:
        """Return the map subject name → units it prepares (R8)."""
        return {s.name: s.units for s in self.subjects}
