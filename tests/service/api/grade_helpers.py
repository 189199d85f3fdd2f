"""Committed rows (ids) and snapshots for the assessment, grade and CCF API tests.

The rows come from tests/service/factories.py; these shortcuts commit one and
return its id, with the defaults of the world's cohort A.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import Flask
from sqlalchemy import select

from service.extensions import db
from service.models import (
    AuditEvent,
    Grade,
    GradeHistory,
    GradeStatus,
)
from tests.service.api.conftest import World
from tests.service.factories import (
    make_assessment,
    make_ccf_situation,
    make_grade,
    saved,
)


def add_assessment(
    app: Flask,
    world: World,
    *,
    cohort: str = "a",
    subject: str = "RCNV",
    **overrides: Any,
) -> int:
    """Commit an assessment « Contrôle <subject> » of cohort A (or B); its id.

    ``overrides`` go to ``make_assessment`` (published, locked, max_score, …).
    """
    cohort_id = world.cohort_a if cohort == "a" else world.cohort_b
    title = overrides.pop("title", f"Contrôle {subject}")
    return saved(
        app, make_assessment, cohort_id, subject=subject, title=title, **overrides
    )


def add_grade(
    app: Flask,
    assessment_id: int,
    student_id: int,
    score: Decimal | None = None,
    status: GradeStatus | None = None,
) -> int:
    """Commit a grade (version 1): a score or a status; return its id."""
    entry = {"status": status} if status else {"score": score}
    return saved(app, make_grade, assessment_id, student_id, **entry)


def add_situation(
    app: Flask,
    student_id: int,
    *,
    unit: str = "U4",
    grade: Decimal | None = None,
    published: bool = False,
) -> int:
    """Commit CCF situation 1 with a professional on the panel; return its id."""
    return saved(
        app,
        make_ccf_situation,
        student_id,
        unit=unit,
        grade=grade,
        published=published,
        professional=True,
    )


def grade_table(app: Flask) -> list[tuple[Any, ...]]:
    """Every grade row, in id order: the table's content for before/after checks."""
    with app.app_context():
        rows = db.session.execute(
            select(
                Grade.id,
                Grade.student_id,
                Grade.score,
                Grade.status,
                Grade.comment,
                Grade.version,
            ).order_by(Grade.id)
        )
        return [tuple(row) for row in rows]


def history_rows(app: Flask) -> list[GradeHistory]:
    """Every history row, in id order (detached)."""
    with app.app_context():
        rows = list(db.session.scalars(select(GradeHistory).order_by(GradeHistory.id)))
        db.session.expunge_all()
        return rows


def audit_rows(app: Flask) -> list[AuditEvent]:
    """Every audit row, in id order (detached)."""
    with app.app_context():
        rows = list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        db.session.expunge_all()
        return rows
