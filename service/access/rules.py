"""Who may call what: the access rules as data (reliability D11).

Every endpoint of the app has a rule: the roles that may call it and, per role, the
rows they may touch (``Ownership``). Unknown endpoints are refused (deny by default),
and a test walks ``app.url_map`` so that a route without a rule cannot ship.
Ownership itself is checked where rows are loaded (``service.access.scope``).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from service.models import Role


class Ownership(enum.StrEnum):
    """Which rows a role reaches through an endpoint."""

    #: Every row (the director).
    ALL = "all"
    #: The trainer's teaching assignments (cohort × subject) and CCF of their units.
    ASSIGNMENTS = "assignments"
    #: The caller's own student record, published data only (R7).
    OWN_RECORD = "own_record"
    #: The apprentices a company tutor is linked to, published data only (R7).
    TUTORED = "tutored"
    #: The caller's own account (profile, tokens).
    OWN_ACCOUNT = "own_account"

    @property
    def read_only(self) -> bool:
        """Tell whether this reach only reads apprentice records (student, tutor)."""
        return self in (Ownership.OWN_RECORD, Ownership.TUTORED)


@dataclass(frozen=True, slots=True)
class Rule:
    """Who may call one endpoint; ``public`` rules need no login."""

    grants: Mapping[Role, Ownership]
    public: bool = False

    def ownership_for(self, role: Role) -> Ownership | None:
        """Return what ``role`` may reach, or None when the role is refused."""
        return self.grants.get(role)


PUBLIC = Rule(grants={}, public=True)
DIRECTOR_ONLY = Rule({Role.DIRECTOR: Ownership.ALL})
STAFF = Rule({Role.DIRECTOR: Ownership.ALL, Role.TRAINER: Ownership.ASSIGNMENTS})
EVERYONE_SCOPED = Rule(
    {
        Role.DIRECTOR: Ownership.ALL,
        Role.TRAINER: Ownership.ASSIGNMENTS,
        Role.STUDENT: Ownership.OWN_RECORD,
        Role.TUTOR: Ownership.TUTORED,
    }
)
#: Pages about one apprentice: the same reach as the scoped API.
APPRENTICE_READERS = EVERYONE_SCOPED
ANY_ACCOUNT = Rule(
    {
        Role.DIRECTOR: Ownership.OWN_ACCOUNT,
        Role.TRAINER: Ownership.OWN_ACCOUNT,
        Role.STUDENT: Ownership.OWN_ACCOUNT,
        Role.TUTOR: Ownership.OWN_ACCOUNT,
    }
)


class AccessRules:
    """The registry of rules by endpoint name, filled by each blueprint module."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def add(self, rules: Mapping[str, Rule]) -> None:
        """Register rules; an endpoint may be described only once."""
        if clash := self._rules.keys() & rules.keys():
            raise ValueError(f"access rules given twice for {sorted(clash)}")
        self._rules.update(rules)

    def get(self, endpoint: str) -> Rule | None:
        """Return the rule of an endpoint, or None when it has none."""
        return self._rules.get(endpoint)

    def endpoints(self) -> frozenset[str]:
        """Return every endpoint that has a rule."""
        return frozenset(self._rules)
