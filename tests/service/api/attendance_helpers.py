"""Attendance rows for the access walks: a closed roll call in each cohort, a
justification with its document and a contract for each apprentice (R8)."""

from __future__ import annotations

from datetime import date

from flask import Flask

from service.extensions import db
from service.models import (
    ChangeSource,
    ContractType,
    JustificationStatus,
    Presence,
    Student,
    User,
)
from service.operations.contracts import ContractFacts, create_contract
from service.operations.history import ChangeContext
from service.operations.justification_files import Upload
from service.operations.justifications import JustificationFacts, create_justification
from service.operations.roll_call import MarkEntry, close_roll_call, save_marks
from tests.service.api.conftest import World
from tests.service.factories import make_half_day

DAY = date(2026, 10, 5)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def add_attendance(app: Flask, world: World) -> None:
    """Alice absent and Bruno late in cohort A, Chloé absent in cohort B; every
    absence justified with a document; a contract each."""
    with app.app_context():
        sheets = (
            (world.cohort_a, world.trainer_a, {"alice": False, "bruno": True}),
            (world.cohort_b, world.trainer_b, {"chloe": False}),
        )
        for cohort, trainer, present in sheets:
            _roll_call(world, cohort, trainer, present)
        director = db.session.get(User, world.director)
        assert director is not None
        for name, student_id in world.student_ids.items():
            _papers(db.session.get(Student, student_id), name, director)
        db.session.commit()


def _roll_call(
    world: World, cohort: int, trainer: int, present: dict[str, bool]
) -> None:
    half_day = make_half_day(cohort, trainer, day=DAY)
    entries = [
        MarkEntry(
            world.student_ids[name],
            Presence.PRESENT if here else Presence.ABSENT,
            late_minutes=15 if here else 0,
        )
        for name, here in present.items()
    ]
    save_marks(
        half_day, entries, ChangeContext(trainer, ChangeSource.WEB), director=False
    )
    actor = db.session.get(User, trainer)
    assert actor is not None
    close_roll_call(half_day, actor)


def _papers(student: Student | None, name: str, director: User) -> None:
    assert student is not None
    facts = JustificationFacts(
        DAY, DAY, f"Certificat de {name}", JustificationStatus.JUSTIFIED
    )
    create_justification(student, facts, Upload(f"{name}.pdf", PDF), director)
    contract = ContractFacts(
        ContractType.APPRENTISSAGE,
        date(2025, 9, 1),
        date(2027, 8, 31),
        f"Entreprise de {student.last_name}",
        funder="OPCO Commerce",
    )
    create_contract(student, contract, director)
