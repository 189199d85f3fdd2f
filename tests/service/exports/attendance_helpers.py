"""The attendance exports' scenario: cohort A's half-days in October and
November 2026, Alice's roll call and contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Flask

from service.extensions import db
from service.models import (
    Contract,
    ContractType,
    HalfDaySlot,
    JustificationStatus,
    Presence,
)
from tests.service.factories import (
    committed,
    make_half_day,
    make_justification,
    make_mark,
)
from tests.service.world import World

AFTERNOON = HalfDaySlot.AFTERNOON


@dataclass(frozen=True)
class Scenario:
    contract: int
    cohort: int


def build_scenario(app: Flask, world: World) -> Scenario:
    """Alice's contract from 5 October 2026; cohort A's half-days:

    - 1 Oct (before the contract), present;
    - 5 Oct morning, RCNV 120 + CEJM 90: 15 min late → 3.25 h of 3.5;
    - 5 Oct afternoon, CEF 210: absent, justified;
    - 6 Oct morning, RCNV 210: absent, no justification → unjustified;
    - 2 Nov morning, RCNV 210: left 30 min early → 3 h;
    - 3 Nov afternoon, CEF 210: roll call not taken;
    - 23 Nov (after the day of the proof).
    """
    alice, bruno = world.student_ids["alice"], world.student_ids["bruno"]
    cohort = world.cohort_a
    with committed(app):
        before = make_half_day(cohort, world.trainer_a, day=date(2026, 10, 1))
        late = make_half_day(
            cohort,
            world.trainer_a,
            day=date(2026, 10, 5),
            lessons=(("RCNV", 120), ("CEJM", 90)),
        )
        justified = make_half_day(
            cohort,
            world.trainer_a,
            day=date(2026, 10, 5),
            slot=AFTERNOON,
            lessons=(("CEF", 210),),
        )
        unjustified = make_half_day(cohort, world.trainer_a, day=date(2026, 10, 6))
        early = make_half_day(cohort, world.trainer_a, day=date(2026, 11, 2))
        make_half_day(
            cohort, None, day=date(2026, 11, 3), slot=AFTERNOON, lessons=(("CEF", 210),)
        )
        make_half_day(cohort, world.trainer_a, day=date(2026, 11, 23))
        make_mark(before, alice, Presence.PRESENT)
        make_mark(late, alice, Presence.PRESENT, late_minutes=15)
        make_mark(late, bruno, Presence.ABSENT)
        make_mark(justified, alice, Presence.ABSENT)
        make_mark(unjustified, alice, Presence.ABSENT)
        make_mark(early, alice, Presence.PRESENT, early_minutes=30)
        make_justification(
            alice, date(2026, 10, 5), status=JustificationStatus.JUSTIFIED
        )
        contract = Contract(
            student_id=alice,
            kind=ContractType.APPRENTISSAGE,
            starts_on=date(2026, 10, 5),
            ends_on=date(2028, 8, 31),
            employer="Boulangeries Rhône SA",
            tutor_name="Anne Roux",
            funder="OPCO EP",
        )
        db.session.add(contract)
        db.session.flush()
        return Scenario(contract.id, cohort)
