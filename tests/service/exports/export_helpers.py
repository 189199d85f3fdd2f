"""A small known cohort for the export tests, and reading an export back.

Cohort A: the progress scenario's formative grades (CEF S1: Dissertation /20,
Résumé /10 ×2, Synthèse unpublished; RCNV S2: Jeu de rôle) plus RCNV S3
« Négociation »: Alice 10, Bruno 16. Figures:

- U1, year 1 = S1: Alice (12 + 2 × 14 + 16.87) / 4 = 14.2175 → 14.22; Bruno
  (8 + 2 × 0 + 10.93) / 4 = 4.7325 → 4.73; class mean 9.475 → 9.48;
- U4: Alice S2 15, S3 10, over the training 12.5; Bruno (ABJ left out) 16;
  class mean 14.25; Alice ranks 2/2;
- Bruno's absences in year 1: one ABJ (justified), one ABS (unjustified).
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import openpyxl
from flask import Flask
from sqlalchemy import select
from werkzeug.test import TestResponse

from service.api.schemas.exports import XLSX
from service.extensions import db
from service.models import Cohort, GradeStatus, Student
from tests.service.api.conftest import World
from tests.service.api.progress_helpers import formative
from tests.service.factories import Entry, committed


def known_cohort(app: Flask, world: World) -> None:
    """Add the scenario's formative grades (not its CCF) and the year-2 one."""
    alice, bruno = world.student_ids["alice"], world.student_ids["bruno"]
    with committed(app):
        formative(
            world, "CEF", "S1", "Dissertation", {alice: Decimal(12), bruno: Decimal(8)}
        )
        resume: dict[int, Entry] = {alice: Decimal(7), bruno: GradeStatus.ABS}
        formative(
            world,
            "CEF",
            "S1",
            "Résumé",
            resume,
            max_score=Decimal(10),
            coefficient=Decimal(2),
        )
        role_play: dict[int, Entry] = {alice: Decimal(15), bruno: GradeStatus.ABJ}
        formative(world, "RCNV", "S2", "Jeu de rôle", role_play)
        synthesis = {alice: Decimal("16.87"), bruno: Decimal("10.93")}
        formative(world, "CEF", "S1", "Synthèse", synthesis, published=False)
        negotiation = {alice: Decimal(10), bruno: Decimal(16)}
        formative(world, "RCNV", "S3", "Négociation", negotiation)


def workbook(response: TestResponse) -> openpyxl.Workbook:
    """Check an xlsx answer and read it back with openpyxl."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == XLSX
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(BytesIO(response.get_data()))


def first_apprentice(cohort: Cohort | None = None) -> tuple[Cohort, Student]:
    """A cohort (by default the first made) and its first apprentice by name, as
    the livret lists them."""
    if cohort is None:
        cohort = db.session.scalars(select(Cohort).order_by(Cohort.id)).first()
    assert cohort is not None
    first = db.session.scalars(
        select(Student)
        .where(Student.cohort_id == cohort.id)
        .order_by(Student.last_name, Student.first_name, Student.id)
    ).first()
    assert first is not None
    return cohort, first
