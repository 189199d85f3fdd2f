"""Validity of grades and blocs: five years, by session or by calendar (R4)."""

from datetime import date

from grading.candidate import Session, Validity


def add_years(day: date, years: int) -> date:
    """Return the same day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def is_valid(
    obtained_session: int,
    obtained: date | None,
    session: Session,
    validity: Validity,
    years: int,
) -> bool:
    """Return whether a grade obtained at a session may still be used at `session` (R4).

    `session` policy: usable up to and including session N + years. `calendar`
    policy: usable while the later session's jury date is on or before the date of
    obtention + years. A grade is never usable before the session that produced it.
    """
    if session.year < obtained_session:
        return False
    if validity is Validity.CALENDAR and (
        obtained is None or session.jury_date is None or session.jury_date < obtained
    ):
        return False
    until = None if obtained is None else add_years(obtained, years)
    return valid_through(obtained_session + years, until, session, validity)


def valid_through(
    last_session: int, until: date | None, session: Session, validity: Validity
) -> bool:
    """Return whether a grade still counts at `session`, given its end of validity (R4).

    `session` policy: up to and including `last_session`; `calendar` policy: while
    the session's jury date is on or before `until`.
    """
    if validity is Validity.SESSION:
        return session.year <= last_session
    return (
        until is not None
        and session.jury_date is not None
        and session.jury_date <= until
    )
