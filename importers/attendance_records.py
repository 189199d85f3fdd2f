"""Plain records of the attendance exports (R8): a cohort's monthly sign-in sheet
(« feuille d'émargement ») and the funder's proof of attendance of a contract.

Hours are the ``Decimal`` values the service computed for display (minutes ÷ 60,
two decimals); minutes late or left early stay whole minutes.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from importers.french_dates import MONTHS, SHORT_WEEKDAYS
from importers.report_records import Identity, Signatory

MORNING = "matin"
AFTERNOON = "après-midi"


def month_label(day: date) -> str:
    """Name the month of ``day`` in French: « novembre 2026 »."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def day_label(day: date) -> str:
    """Name a day briefly in French: « lun. 02/11 »."""
    return f"{SHORT_WEEKDAYS[day.weekday()]} {day:%d/%m}"


@dataclass(frozen=True, slots=True)
class RollMark:
    """What the roll call recorded for one apprentice at one half-day."""

    present: bool
    late_minutes: int = 0
    early_minutes: int = 0

    @property
    def code(self) -> str:
        """The sheet's code: « P », « ABS », « R 15 » (late), « D 30 » (left
        early), « R 15 D 30 » (both)."""
        if not self.present:
            return "ABS"
        parts = [
            f"{letter} {minutes}"
            for letter, minutes in (("R", self.late_minutes), ("D", self.early_minutes))
            if minutes
        ]
        return " ".join(parts) or "P"


@dataclass(frozen=True, slots=True)
class SheetHalfDay:
    """A column of the sign-in sheet: a half-day, its hours and its trainers."""

    day: date
    afternoon: bool
    #: The half-day's hours as the centre prints them, e.g. « 8 h 30 – 12 h ».
    hours: str
    trainers: tuple[str, ...] = ()

    @property
    def slot(self) -> str:
        """« matin » or « après-midi »."""
        return AFTERNOON if self.afternoon else MORNING


@dataclass(frozen=True, slots=True)
class SignInLine:
    """An apprentice's row: one mark per half-day (``None``: not taken)."""

    identity: Identity
    marks: tuple[RollMark | None, ...]


@dataclass(frozen=True, slots=True)
class SignInSheet:
    """A cohort's sign-in sheet of one month; half-days in order, all in the month."""

    centre: str
    cohort: str
    month: date
    half_days: tuple[SheetHalfDay, ...]
    lines: tuple[SignInLine, ...]

    def __post_init__(self) -> None:
        if not self.half_days:
            raise ValueError("a sign-in sheet needs at least one half-day")
        keys = [(h.day, h.afternoon) for h in self.half_days]
        if keys != sorted(set(keys)):
            raise ValueError("half-days must be distinct and in order")
        if any((h.day.year, h.day.month) != self._month for h in self.half_days):
            raise ValueError("every half-day must fall in the sheet's month")
        if any(len(line.marks) != len(self.half_days) for line in self.lines):
            raise ValueError("one mark per half-day is expected on every line")

    @property
    def _month(self) -> tuple[int, int]:
        return self.month.year, self.month.month


# --- the funder's proof of attendance -------------------------------------------


@dataclass(frozen=True, slots=True)
class ContractFacts:
    """The contract the proof is made for (kind in words, e.g. « apprentissage »)."""

    kind: str
    starts_on: date
    ends_on: date
    employer: str
    tutor: str = ""
    funder: str = ""


@dataclass(frozen=True, slots=True)
class HoursFigures:
    """A period's hours: planned = attended + absences (justified, unjustified,
    pending) + late arrivals and early departures + half-days not taken."""

    planned: Decimal
    attended: Decimal
    absent_justified: Decimal
    absent_unjustified: Decimal
    absent_pending: Decimal
    late_or_early: Decimal
    not_taken: Decimal


@dataclass(frozen=True, slots=True)
class ProofMonth:
    """One month of the proof (``month`` is any day of it)."""

    month: date
    hours: HoursFigures


@dataclass(frozen=True, slots=True)
class ProofHalfDay:
    """One planned half-day of the apprentice, as the proof lists it."""

    day: date
    afternoon: bool
    subjects: tuple[str, ...]
    planned: Decimal
    attended: Decimal
    #: ``None``: the roll call holds no mark for the apprentice.
    mark: RollMark | None
    #: For an absence: « justifiée », « non justifiée » or « en attente ».
    justification: str = ""

    @property
    def slot(self) -> str:
        """« matin » or « après-midi »."""
        return AFTERNOON if self.afternoon else MORNING


@dataclass(frozen=True, slots=True)
class FunderProof:
    """The proof of attendance of one contract, for its funder (OPCO)."""

    centre: str
    training: str
    apprentice: Identity
    contract: ContractFacts
    #: The period attested: the contract's, up to the day of issue.
    first_day: date
    last_day: date
    months: tuple[ProofMonth, ...]
    total: HoursFigures
    half_days: tuple[ProofHalfDay, ...]
    issued_on: date
    signatory: Signatory
