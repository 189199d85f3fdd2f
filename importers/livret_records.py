"""The livret's parts beyond the grades (R8): attendance, company periods, the
class's avis and the section's results. Plain records the service fills.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


def percent(part: int, whole: int) -> Decimal | None:
    """Give ``part`` of ``whole`` in whole percent, rounded half up (display)."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal(1), ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class YearAttendance:
    """Absences of one training year from the roll calls: half-days and hours.

    ``pending`` absences have a justification not yet decided.
    """

    year_label: str
    half_days_justified: int = 0
    half_days_unjustified: int = 0
    half_days_pending: int = 0
    hours_justified: Decimal = Decimal(0)
    hours_unjustified: Decimal = Decimal(0)
    hours_pending: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class CompanyPeriod:
    """A period in a company (a contract): employer, dates, the tutor's words."""

    employer: str
    starts_on: date
    ends_on: date
    tutor: str = ""
    appreciation: str = ""


@dataclass(frozen=True, slots=True)
class AvisCount:
    """How many students of the class have one avis, and their share of the
    class in whole percent (« cotation de la classe »).
    """

    avis: str
    count: int
    share: Decimal | None = None


def cotation(
    given: Sequence[str | None], options: Sequence[str]
) -> tuple[AvisCount, ...]:
    """« Cotation de la classe »: how many of the class (``given``, one avis or
    None per student) have each avis option, and their share in whole percent.
    """
    size = len(given)
    return tuple(
        AvisCount(avis, given.count(avis), percent(given.count(avis), size))
        for avis in options
    )


@dataclass(frozen=True, slots=True)
class SectionResult:
    """The section's result at one past session: candidates presented, admitted."""

    session: str
    presented: int
    admitted: int

    @property
    def rate(self) -> Decimal | None:
        """Admitted among presented, in whole percent."""
        return percent(self.admitted, self.presented)
