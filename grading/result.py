"""The result of one candidate's session: decision, unit results, blocs, warnings."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Final, NamedTuple

from grading.candidate import Benefit, Candidate, UnitEntry, UnitStatus
from grading.numbers import Hundredths, exact_value, half_up, hundredths
from grading.regulation import Coefficient, Regulation
from grading.validity import add_years


class Decision(StrEnum):
    """The jury's decision for a session (R3)."""

    ADMIS = "admis"
    AUTORISE_CONTROLE = "autorise_controle"
    ADMIS_APRES_CONTROLE = "admis_apres_controle"
    REFUSE = "refuse"
    REFUSE_ABSENT = "refuse_absent"
    INCOMPLET = "incomplet"


class Source(StrEnum):
    """Where a unit's counted grade comes from."""

    SESSION = "session"
    BENEFIT = "benefit"
    DISPENSED = "dispensed"
    CONTROL = "control"
    JURY = "jury"


class WarningCode(StrEnum):
    """Kinds of warnings attached to a result or a registration (R3, R4, R5).

    Stable machine codes; the French message of each is `messages.WARNINGS`.
    """

    BENEFIT_RENOUNCED = "benefit_renounced"
    BENEFIT_EXPIRED = "benefit_expired"
    BENEFIT_EXPIRES = "benefit_expires"
    UNIT_MISSING = "unit_missing"
    PART_ABSENCE = "part_absence"


class Notice(NamedTuple):
    """One warning: its kind (a stable code), the unit concerned, a French message."""

    code: WarningCode
    unit: str | None
    message: str


@dataclass(slots=True, kw_only=True)
class UnitResult:
    """One unit's outcome; grades and points are exact hundredths (`*_h`).

    Immutable by type: every field is `Final` (mypy refuses an assignment) and a
    change is a new value (`dataclasses.replace`). Not `frozen=True`: built for
    every unit of every candidate, a frozen dataclass's field-by-field
    `object.__setattr__` took a third of `evaluate`'s time (`bench/engine.py`).
    """

    code: Final[str]
    grade_h: Final[Hundredths | None]
    coefficient: Final[Coefficient]
    points_h: Final[Hundredths | None]
    source: Final[Source | None]
    acquired: Final[bool]
    status: Final[UnitStatus | None]
    basis: Final[UnitEntry | Benefit | None]
    original_h: Final[Hundredths | None] = None

    @property
    def grade(self) -> Fraction | None:
        """Return the counted grade as an exact Fraction, or None."""
        return None if self.grade_h is None else exact_value(self.grade_h)

    @property
    def points(self) -> Fraction | None:
        """Return the points this unit adds to the total, or None."""
        return None if self.points_h is None else exact_value(self.points_h)


class Block(NamedTuple):
    """A bloc held at the end of a session, valid under both policies (R4)."""

    unit: str
    grade_h: Hundredths
    obtained_session: int
    obtained: date | None
    valid_through_session: int
    valid_until: date | None


@dataclass(frozen=True, slots=True)
class Result:
    """A candidate's exam result; exact values in hundredths, display values rounded."""

    candidate: Candidate
    regulation: Regulation
    decision: Decision
    units: Mapping[str, UnitResult]
    total_h: Hundredths
    divisor: Coefficient
    optional_h: Hundredths
    professional_h: Hundredths | None
    professional_divisor: Coefficient
    warnings: tuple[Notice, ...]
    before_control_h: Hundredths | None = None
    complete: bool = True

    @property
    def total_points(self) -> Fraction:
        """Return the exact total, optional points included (R3.2)."""
        return exact_value(self.total_h)

    @property
    def optional_points(self) -> Fraction:
        """Return the exact points above 10 brought by optional units (R3.2)."""
        return exact_value(self.optional_h)

    @property
    def average(self) -> Fraction | None:
        """Return the exact average, or None while a mandatory unit has no grade."""
        if not self.complete or not self.divisor:
            return None
        return exact_value(self.total_h) / self.divisor

    @property
    def average_display(self) -> Decimal | None:
        """Return the average rounded half up to two decimals, for display only (R2)."""
        if not self.complete or not self.divisor:
            return None
        return half_up(self.total_h, self.divisor)

    @property
    def professional_average(self) -> Fraction | None:
        """Return the exact professional average (R3.5), or None while incomplete."""
        if not self.complete or self.professional_h is None:
            return None
        if not self.professional_divisor:
            return None
        return exact_value(self.professional_h) / self.professional_divisor

    @property
    def professional_average_display(self) -> Decimal | None:
        """Return the professional average rounded half up to two decimals."""
        if not self.complete or self.professional_h is None:
            return None
        if not self.professional_divisor:
            return None
        return half_up(self.professional_h, self.professional_divisor)

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Return the blocs held at the end of the session with both validities (R4).

        Kept benefits keep their own session and date; a control grade creates no bloc.
        """
        years = self.regulation.validity_years
        session = self.candidate.session
        held = []
        for result in self.units.values():
            if not result.acquired:
                continue
            basis = result.basis
            if isinstance(basis, Benefit):
                year, obtained = basis.session_year, basis.obtained
            else:
                year, obtained = session.year, session.jury_date
            grade = (
                result.original_h if result.source is Source.CONTROL else result.grade_h
            )
            until = None if obtained is None else add_years(obtained, years)
            held.append(
                Block(result.code, grade or 0, year, obtained, year + years, until)
            )
        return tuple(held)

    def _before_control(self, result: UnitResult) -> Hundredths | None:
        if result.source is not Source.CONTROL:
            return result.grade_h
        change = self.candidate.jury.get(result.code)
        if change is not None:
            return hundredths(change.grade, f"jury.{result.code}.grade")
        return result.original_h

    @property
    def acquired(self) -> tuple[str, ...]:
        """Return the units whose bloc is held at the end of the session (R4)."""
        return tuple(block.unit for block in self.blocks)
