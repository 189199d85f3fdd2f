"""The centre's clock: Paris time, whatever the server's time zone (a day's
roll calls, « today » on the pages and the figures up to today)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


def centre_today() -> date:
    """Today's date at the centre."""
    return datetime.now(PARIS).date()
