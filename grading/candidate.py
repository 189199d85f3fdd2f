"""A candidate's input for one session: unit entries, benefits, dispenses, policies."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Form(StrEnum):
    """Forme globale (all our students) or forme progressive (R5)."""

    GLOBALE = "globale"
    PROGRESSIVE = "progressive"


class Rounding(StrEnum):
    """Policy `rounding` of computed unit grades (R2); default `ceil_half`."""

    CEIL_HALF = "ceil_half"
    EXACT = "exact"


class Validity(StrEnum):
    """Policy `validity` of grades and blocs (R4); default `session`."""

    SESSION = "session"
    CALENDAR = "calendar"


class PartAbsence(StrEnum):
    """Policy `u5_part_absence` (R3.3): what a force-majeure absence at one part does.

    `whole_unit` (default): an absence at one part is an absence at the unit, so the
    unit counts 0 as a whole; `part_only`: only that part counts 0.
    """

    WHOLE_UNIT = "whole_unit"
    PART_ONLY = "part_only"


class UnitStatus(StrEnum):
    """A unit without a grade this session: absence or dispense (R3.3, R6)."""

    ABSENT = "absent"
    ABSENT_FORCE_MAJEURE = "absent_force_majeure"
    DISPENSED = "dispensed"


@dataclass(frozen=True, slots=True)
class Policy:
    """The named policies of the regulation reference, with their defaults."""

    rounding: Rounding = Rounding.CEIL_HALF
    validity: Validity = Validity.SESSION
    u5_part_absence: PartAbsence = PartAbsence.WHOLE_UNIT
    ccf_weights: Mapping[str, tuple[Decimal, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Session:
    """An exam session: its year and, when known, the jury's date."""

    year: int
    jury_date: date | None = None


@dataclass(frozen=True, slots=True)
class Grade:
    """A grade entered as such (never rounded, R2)."""

    value: Decimal


@dataclass(frozen=True, slots=True)
class Situations:
    """The grades of a CCF unit's situations, in order (R2)."""

    grades: tuple[Decimal, ...]


PartValue = Decimal | UnitStatus


@dataclass(frozen=True, slots=True)
class Parts:
    """The grades of a unit taken in parts, e.g. U5 written and practical (R1)."""

    grades: Mapping[str, PartValue]


UnitEntry = Grade | Situations | Parts | UnitStatus


@dataclass(frozen=True, slots=True)
class Benefit:
    """A grade kept from an earlier session (R5); `obtained` is the jury's date."""

    unit: str
    grade: Decimal
    session_year: int
    obtained: date | None = None


@dataclass(frozen=True, slots=True)
class JuryChange:
    """A unit grade changed by the sovereign jury, with the reason it keeps (R3.8)."""

    grade: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class Candidate:
    """Everything the engine needs to decide one candidate's session."""

    session: Session
    units: Mapping[str, UnitEntry]
    form: Form = Form.GLOBALE
    policy: Policy = field(default_factory=Policy)
    benefits: tuple[Benefit, ...] = ()
    control: Mapping[str, Decimal] = field(default_factory=dict)
    category: str | None = None
    regulation: str = "bts-ndrc"
    jury: Mapping[str, JuryChange] = field(default_factory=dict)
