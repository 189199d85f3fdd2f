"""Rows and snapshots for the assessment, grade and CCF API tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask import Flask
from sqlalchemy import select

from service.extensions import db
from service.models import (
    Assessment,
    AssessmentKind,
    AuditEvent,
    CcfEvaluator,
    CcfSituation,
    CcfState,
    EvaluatorRole,
    Grade,
    GradeHistory,
    GradeStatus,
    utc_now,
)
from tests.service.api.conftest import World


def add_assessment(
    app: Flask,
    world: World,
    *,
    cohort: str = "a",
    subject: str = "RCNV",
    published: bool = False,
    locked: bool = False,
    max_score: Decimal = Decimal(20),
) -> int:
    """Add an assessment of cohort A (or B) in S1 and return its id."""
    cohort_id = world.cohort_a if cohort == "a" else world.cohort_b
    with app.app_context():
        assessment = Assessment(
            cohort_id=cohort_id,
            subject_id=world.subjects[subject],
            period_id=world.periods[cohort_id]["S1"],
            title=f"Contrôle {subject}",
            held_on=date(2025, 10, 6),
            kind=AssessmentKind.WRITTEN,
            max_score=max_score,
            published_at=utc_now() if published else None,
            locked=locked,
        )
        db.session.add(assessment)
        db.session.commit()
        return assessment.id


def add_grade(
    app: Flask,
    assessment_id: int,
    student_id: int,
    score: Decimal | None = None,
    status: GradeStatus | None = None,
) -> int:
    """Add a grade (version 1) and return its id."""
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        grade = Grade(
            assessment=assessment, student_id=student_id, score=score, status=status
        )
        db.session.add(grade)
        db.session.commit()
        return grade.id


def add_situation(
    app: Flask,
    student_id: int,
    *,
    unit: str = "U4",
    grade: Decimal | None = None,
    published: bool = False,
) -> int:
    """Add a CCF situation 1 with a professional on the panel; return its id."""
    with app.app_context():
        situation = CcfSituation(
            student_id=student_id,
            unit=unit,
            situation_number=1,
            proposed_grade=grade,
            state=CcfState.PUBLISHED if published else CcfState.PROPOSED,
            evaluators=[
                CcfEvaluator(
                    role=EvaluatorRole.PROFESSIONAL,
                    name="Mme Leroy",
                    organisation="Boulangerie Leroy",
                )
            ],
        )
        db.session.add(situation)
        db.session.commit()
        return situation.id


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
