"""Blocs over time: a history, the blocs held at a date, expiring benefits (R4, R5)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple, Protocol

from grading.candidate import Benefit, Form, Session, Validity
from grading.errors import GradingError
from grading.messages import french_date, notice
from grading.numbers import hundredths
from grading.regulation import Regulation
from grading.result import Notice, WarningCode
from grading.validity import add_years, is_valid, valid_through


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """One past session: unit grades obtained, benefits renounced, units dispensed.

    A unit graded again renounces its earlier grade (R5); `renounced` lists units whose
    earlier grade was given up without a new grade (e.g. renounced, then absent).
    """

    year: int
    jury_date: date
    grades: Mapping[str, Decimal]
    renounced: frozenset[str] = frozenset()
    dispensed: frozenset[str] = field(default_factory=frozenset)


class HeldBloc(NamedTuple):
    """A unit's latest grade ≥ 10 with its validity under both policies (R4)."""

    unit: str
    grade: Decimal
    obtained_session: int
    obtained: date
    valid_through_session: int
    valid_until: date


class Ledger(NamedTuple):
    """Blocs held at a date, blocs whose validity has ended, and dispensed units."""

    held: tuple[HeldBloc, ...]
    expired: tuple[HeldBloc, ...]
    dispensed: frozenset[str]


class RecordedBloc(Protocol):
    """A bloc as recorded: unit, grade, date of obtention and end of validity (R4)."""

    @property
    def unit(self) -> str: ...
    @property
    def grade(self) -> Decimal: ...
    @property
    def obtained_on(self) -> date: ...
    @property
    def valid_through_session(self) -> int: ...
    @property
    def valid_until(self) -> date: ...


def units_held(
    blocs: Iterable[RecordedBloc],
    session: Session,
    retaken: Mapping[str, Decimal],
    validity: Validity = Validity.SESSION,
) -> dict[str, Decimal]:
    """Return the grade of each unit held at `session`: blocs still valid, then retaken.

    R4: a bloc counts while it is valid at `session`; of two blocs of a unit the
    later one counts. R5: a unit taken again (`retaken`) counts with its new grade.
    """
    held = {}
    for bloc in sorted(blocs, key=lambda bloc: bloc.obtained_on):
        last = bloc.valid_through_session
        if valid_through(last, bloc.valid_until, session, validity):
            held[bloc.unit] = bloc.grade
    held.update(retaken)
    return held


def latest_grades(
    history: Sequence[SessionRecord], regulation: Regulation, until: date | None = None
) -> dict[str, tuple[Decimal, SessionRecord]]:
    """Return each unit's last grade and session up to a date (retaking replaces)."""
    latest: dict[str, tuple[Decimal, SessionRecord]] = {}
    for record in _chronological(history, regulation):
        if until is not None and record.jury_date > until:
            break
        for code, grade in record.grades.items():
            latest[code] = (grade, record)  # R5: the last grade counts, even if lower
        for code in record.renounced:
            latest.pop(code, None)
    return latest


def blocs_held(
    history: Sequence[SessionRecord],
    on: date,
    regulation: Regulation,
    validity: Validity = Validity.SESSION,
) -> Ledger:
    """Return the ledger of blocs at date `on` (R4).

    `calendar`: a bloc is held while `on` ≤ jury date + 5 years. `session`: while
    `on` falls in a year up to the session year + 5.
    """
    pass_mark = regulation.pass_mark
    held: list[HeldBloc] = []
    expired: list[HeldBloc] = []
    for code, (grade, record) in latest_grades(history, regulation, on).items():
        unit = regulation.units[code]
        if not unit.mandatory or grade < pass_mark:
            continue  # R4: only a mandatory unit graded 10 or more gives a bloc
        bloc = _bloc(code, grade, record, regulation.validity_years)
        years = regulation.validity_years
        valid = is_valid(
            record.year, record.jury_date, Session(on.year, on), validity, years
        )
        (held if valid else expired).append(bloc)
    dispensed = frozenset(
        code
        for record in history
        if record.jury_date <= on
        for code in record.dispensed
    )
    return Ledger(_ordered(held, regulation), _ordered(expired, regulation), dispensed)


def expiring_benefits(
    history: Sequence[SessionRecord],
    session: Session,
    regulation: Regulation,
    validity: Validity = Validity.SESSION,
) -> tuple[Notice, ...]:
    """Warn, at registration, of each bloc expiring before `session`'s jury (R4)."""
    notices = []
    before = _before(session)
    for code, (grade, record) in latest_grades(history, regulation, before).items():
        if not regulation.units[code].mandatory or grade < regulation.pass_mark:
            continue
        years = regulation.validity_years
        if is_valid(record.year, record.jury_date, session, validity, years):
            continue
        bloc = _bloc(code, grade, record, years)
        limit = (
            f"valable jusqu'à la session {bloc.valid_through_session}"
            if validity is Validity.SESSION
            else f"valable jusqu'au {french_date(bloc.valid_until)}"
        )
        notices.append(
            notice(
                WarningCode.BENEFIT_EXPIRES,
                code,
                year=record.year,
                limit=limit,
                session=session.year,
            )
        )
    return tuple(notices)


def benefits_for(
    history: Sequence[SessionRecord],
    session: Session,
    regulation: Regulation,
    form: Form = Form.GLOBALE,
    validity: Validity = Validity.SESSION,
) -> tuple[Benefit, ...]:
    """Return the grades a candidate may keep at `session` (R5).

    Forme globale keeps grades ≥ 10 only; forme progressive also grades below 10.
    Keeping is opt-in: the caller drops the units the candidate retakes.
    """
    benefits = []
    for code, (grade, record) in latest_grades(
        history, regulation, _before(session)
    ).items():
        if not regulation.units[code].mandatory:
            continue
        if form is Form.GLOBALE and grade < regulation.pass_mark:
            continue
        years = regulation.validity_years
        if is_valid(record.year, record.jury_date, session, validity, years):
            benefits.append(Benefit(code, grade, record.year, record.jury_date))
    order = list(regulation.units)
    return tuple(sorted(benefits, key=lambda benefit: order.index(benefit.unit)))


def _before(session: Session) -> date | None:
    """Return the last date whose sessions count as earlier than `session`."""
    if session.jury_date is not None:
        return date.fromordinal(session.jury_date.toordinal() - 1)
    return date(session.year - 1, 12, 31)


def _bloc(code: str, grade: Decimal, record: SessionRecord, years: int) -> HeldBloc:
    return HeldBloc(
        code,
        grade,
        record.year,
        record.jury_date,
        record.year + years,
        add_years(record.jury_date, years),
    )


def _chronological(
    history: Sequence[SessionRecord], regulation: Regulation
) -> list[SessionRecord]:
    for index, record in enumerate(history):
        for code, grade in record.grades.items():
            path = f"history[{index}].grades.{code}"
            if code not in regulation.units:
                raise GradingError(f"unité inconnue : {code}", path)
            hundredths(grade, path)
    ordered = sorted(history, key=lambda record: record.jury_date)
    years = [record.year for record in ordered]
    if len(set(years)) != len(years):
        raise GradingError(
            "deux sessions de la même année dans un historique", "history"
        )
    return ordered


def _ordered(blocs: list[HeldBloc], regulation: Regulation) -> tuple[HeldBloc, ...]:
    order = list(regulation.units)
    return tuple(sorted(blocs, key=lambda bloc: order.index(bloc.unit)))
