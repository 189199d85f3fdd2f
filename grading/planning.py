"""A cohort's year of training half-days from its alternance rhythm (R8).

The brochure: 560 h a year over 30 centre weeks, 16 weeks of 14 h (2 days) and 14 of
21 h (3 days), plus 42 h of évaluations pédagogiques; « les jours fériés seront
rattrapés ». Durations are whole minutes; a half-day is 3 h 30 (210) by default.
"""

import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from grading.errors import GradingError

#: One letter a week: a centre week of 2 days (14 h), of 3 days (21 h), a company week.
WEEK_LETTERS = {"C": "au centre, 14 h", "L": "au centre, 21 h", "E": "en entreprise"}

#: The brochure's year from the first Monday of September: 16 C + 14 L interleaved,
#: company weeks during the school holidays (Toussaint, Noël, hiver, printemps).
BROCHURE_WEEKS = "CLCLCL EE CLCLCLC EE LCLCL EE CLCLCL EE CLCLCC"

MAX_WEEKS = 53
MAX_HALF_DAY_MINUTES = 360
_WEEKDAYS = range(5)  # Monday = 0 … Friday = 4

FIXED_HOLIDAYS = {
    (1, 1): "Jour de l'an",
    (5, 1): "Fête du Travail",
    (5, 8): "Victoire 1945",
    (7, 14): "Fête nationale",
    (8, 15): "Assomption",
    (11, 1): "Toussaint",
    (11, 11): "Armistice 1918",
    (12, 25): "Noël",
}
#: Days after Easter Sunday.
EASTER_HOLIDAYS = {1: "Lundi de Pâques", 39: "Ascension", 50: "Lundi de Pentecôte"}


class Slot(StrEnum):
    """Morning or afternoon (the values of the service's half-day slot)."""

    MORNING = "morning"
    AFTERNOON = "afternoon"


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (anonymous computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def french_public_holidays(year: int) -> dict[date, str]:
    """France's public holidays of ``year`` (metropolitan), by date, French names."""
    holidays = {date(year, m, d): name for (m, d), name in FIXED_HOLIDAYS.items()}
    easter = easter_sunday(year)
    for offset, name in EASTER_HOLIDAYS.items():
        holidays[easter + timedelta(days=offset)] = name
    return dict(sorted(holidays.items()))


@dataclass(frozen=True, slots=True)
class Rhythm:
    """The alternance: from ``first_monday``, one letter a week (``WEEK_LETTERS``;
    spaces ignored), the weekdays of a C and of an L week (Monday = 0)."""

    first_monday: date
    weeks: str
    c_days: tuple[int, ...] = (0, 1)
    l_days: tuple[int, ...] = (0, 1, 2)
    half_day_minutes: int = 210

    def __post_init__(self) -> None:
        if self.first_monday.weekday() != 0:
            raise GradingError(
                f"Le {self.first_monday:%d/%m/%Y} n'est pas un lundi.", "first_monday"
            )
        letters = self.letters
        for number, letter in enumerate(letters, start=1):
            if letter not in WEEK_LETTERS:
                raise GradingError(
                    f"Lettre inconnue « {letter} » en semaine {number} : "
                    "C, L ou E attendue.",
                    "weeks",
                )
        if not {"C", "L"} & set(letters):
            raise GradingError("Aucune semaine au centre (C ou L).", "weeks")
        if len(letters) > MAX_WEEKS:
            raise GradingError(f"Au plus {MAX_WEEKS} semaines.", "weeks")
        for field, days in (("c_days", self.c_days), ("l_days", self.l_days)):
            if (
                not days
                or len(set(days)) != len(days)
                or not set(days) <= set(_WEEKDAYS)
            ):
                raise GradingError(
                    "Jours de la semaine distincts, du lundi au vendredi, attendus.",
                    field,
                )
        if not 0 < self.half_day_minutes <= MAX_HALF_DAY_MINUTES:
            raise GradingError(
                f"Une demi-journée dure de 1 à {MAX_HALF_DAY_MINUTES} minutes.",
                "half_day_minutes",
            )

    @property
    def letters(self) -> str:
        """The week letters, spaces removed, in capitals."""
        return "".join(self.weeks.split()).upper()

    @property
    def last_day(self) -> date:
        """The Sunday that ends the last week."""
        return self.first_monday + timedelta(weeks=len(self.letters), days=-1)

    def centre_weeks(self) -> Iterator[tuple[date, tuple[int, ...]]]:
        """Each centre week's Monday and its training weekdays, in order."""
        for index, letter in enumerate(self.letters):
            if letter != "E":
                days = self.c_days if letter == "C" else self.l_days
                yield self.first_monday + timedelta(weeks=index), tuple(sorted(days))


def rhythm_holidays(rhythm: Rhythm) -> dict[date, str]:
    """The public holidays of the rhythm's years (and the next, for made-up days)."""
    holidays: dict[date, str] = {}
    for year in range(rhythm.first_monday.year, rhythm.last_day.year + 2):
        holidays |= french_public_holidays(year)
    return holidays


@dataclass(frozen=True, slots=True)
class PlannedLesson:
    """One subject of a planned half-day and its minutes."""

    subject: str
    minutes: int


@dataclass(frozen=True, slots=True)
class PlannedHalfDay:
    """A planned morning or afternoon and its lessons, in order."""

    day: date
    slot: Slot
    lessons: tuple[PlannedLesson, ...]

    @property
    def minutes(self) -> int:
        """The half-day's planned minutes."""
        return sum(lesson.minutes for lesson in self.lessons)


def training_days(rhythm: Rhythm, holidays: Collection[date]) -> list[date]:
    """The centre weeks' training days; a day on a holiday is made up on the next
    free weekday (same week first, else the next week's first free weekday)."""
    planned = [
        monday + timedelta(days=weekday)
        for monday, weekdays in rhythm.centre_weeks()
        for weekday in weekdays
    ]
    taken = set(planned)
    days = []
    for day in planned:
        if day in holidays:
            made_up = _next_free_weekday(day, taken, holidays)
            taken.add(made_up)
            days.append(made_up)
        else:
            days.append(day)
    return sorted(days)


def _next_free_weekday(
    day: date, taken: Collection[date], holidays: Collection[date]
) -> date:
    day += timedelta(days=1)
    while day.weekday() not in _WEEKDAYS or day in taken or day in holidays:
        day += timedelta(days=1)
    return day


def plan_year(
    rhythm: Rhythm,
    curriculum: Mapping[str, int],
    evaluation_subject: str | None,
    holidays: Collection[date],
) -> list[PlannedHalfDay]:
    """The year's half-days: the curriculum (subject code -> hours a year) spread over
    the training half-days, so each subject gets its hours exactly when they fit;
    the evaluation subject's on free half-days spread over the centre weeks."""
    minutes = _curriculum_minutes(curriculum)
    evaluation = minutes.pop(evaluation_subject, 0) if evaluation_subject else 0
    days = training_days(rhythm, holidays)
    slots = [(day, slot) for day in days for slot in Slot]
    lessons = _spread(minutes, len(slots), rhythm.half_day_minutes)
    planned = [
        PlannedHalfDay(day, slot, half_day)
        for (day, slot), half_day in zip(slots, lessons, strict=False)
    ]
    if evaluation and evaluation_subject:
        free = _free_half_days(rhythm, set(days), holidays)
        weeks = len(list(rhythm.centre_weeks()))
        planned += _evaluations(
            evaluation_subject, evaluation, free, weeks, rhythm.half_day_minutes
        )
    return sorted(planned, key=lambda h: (h.day, list(Slot).index(h.slot)))


def _curriculum_minutes(curriculum: Mapping[str, int]) -> dict[str, int]:
    minutes = {}
    for code, hours in curriculum.items():
        if not code.strip():
            raise GradingError("Code de matière vide.", "curriculum")
        if isinstance(hours, bool) or not isinstance(hours, int) or hours < 0:
            raise GradingError(
                "Nombre d'heures entier positif ou nul attendu.", f"curriculum.{code}"
            )
        minutes[code] = hours * 60
    return minutes


def _spread(
    minutes: Mapping[str, int], half_days: int, half_day_minutes: int
) -> list[tuple[PlannedLesson, ...]]:
    """Fill half-days by smooth weighted round robin on the remaining minutes; a
    subject's remainder shorter than a half-day is completed by the next subject."""
    remaining = dict(minutes)
    current = dict.fromkeys(remaining, 0)
    filled = []
    for _ in range(half_days):
        room, lessons = half_day_minutes, []
        while room and any(remaining.values()):
            subject = _pick(remaining, current)
            taken = min(room, remaining[subject])
            lessons.append(PlannedLesson(subject, taken))
            remaining[subject] -= taken
            room -= taken
        if not lessons:
            break
        filled.append(tuple(lessons))
    return filled


def _pick(remaining: Mapping[str, int], current: dict[str, int]) -> str:
    active = [code for code, left in remaining.items() if left]
    for code in active:
        current[code] += remaining[code]
    chosen = max(active, key=current.__getitem__)  # ties: the first in curriculum order
    current[chosen] -= sum(remaining[code] for code in active)
    return chosen


def _free_half_days(
    rhythm: Rhythm, taken: Collection[date], holidays: Collection[date]
) -> list[tuple[int, date, Slot]]:
    """The centre weeks' weekday half-days with no training, by week number."""
    return [
        (week, day, slot)
        for week, (monday, _) in enumerate(rhythm.centre_weeks())
        for day in (monday + timedelta(days=weekday) for weekday in _WEEKDAYS)
        if day not in taken and day not in holidays
        for slot in Slot
    ]


def _evaluations(
    subject: str,
    minutes: int,
    free: Sequence[tuple[int, date, Slot]],
    weeks: int,
    half_day_minutes: int,
) -> list[PlannedHalfDay]:
    """One evaluation half-day at a time, each on the first free half-day from its
    share of the centre weeks (the last free one when none is left after)."""
    count = math.ceil(minutes / half_day_minutes)
    if count > len(free):
        raise GradingError(
            f"Pas assez de demi-journées libres pour {count} évaluations.",
            f"curriculum.{subject}",
        )
    unused = list(free)
    placed = []
    for index in range(count):
        target = (2 * index + 1) * weeks // (2 * count)
        spot = next((s for s in unused if s[0] >= target), unused[-1])
        unused.remove(spot)
        length = min(half_day_minutes, minutes - index * half_day_minutes)
        placed.append(
            PlannedHalfDay(spot[1], spot[2], (PlannedLesson(subject, length),))
        )
    return placed
