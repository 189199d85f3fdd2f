"""The livrets bench's centre: 40 cohorts × 25 students on a SQLite file, built with
bulk inserts (formative grades with ABS/ABJ, year appreciations, avis).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import insert

COHORTS = 40
STUDENTS = 25
ASSESSMENTS_PER_PERIOD = 2
SUBJECTS = ("CEF", "LV1", "CEJM", "RCNV", "RCDD", "RCAR", "ATP")
PERIODS = (("S1", 0, 9), ("S2", 1, 1), ("S3", 1, 9), ("S4", 2, 1))
LAST = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit")
FIRST = ("Léa", "Noah", "Emma", "Louis", "Jade", "Hugo", "Chloé", "Gabriel")
NOTES = ("Travail sérieux et régulier.", "Des progrès nets.", "Doit s'investir.")


def app_for(path: Path) -> Flask:
    """Return a Carnet app on the SQLite file ``path``."""
    from service.app import create_app  # noqa: PLC0415 — keep the parent lean

    return create_app(
        {
            "SECRET_KEY": "bench-" + "x" * 32,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
        }
    )


def build(path: Path) -> int:
    """Migrate a SQLite file and fill it with bulk inserts; return the grade count."""
    from flask_migrate import upgrade  # noqa: PLC0415

    from service.curriculum import ensure_subjects  # noqa: PLC0415
    from service.extensions import db  # noqa: PLC0415
    from service.models import (  # noqa: PLC0415
        AssessmentKind,
        CandidateCategory,
        ExamForm,
        ExamSession,
        Role,
        User,
        utc_now,
    )

    app = app_for(path)
    with app.app_context():
        upgrade()
        subjects = ensure_subjects()
        author = User(
            email="formateur@bench.test",
            display_name="F",
            password_hash="!",
            role=Role.TRAINER,
        )
        session = ExamSession(year=2027, jury_date=date(2027, 7, 2))
        db.session.add_all([author, session])
        db.session.flush()
        rng = random.Random(2026)
        rows = _rows(rng, [subjects[c].id for c in SUBJECTS], author.id, session.id)
        from service.models import (  # noqa: PLC0415
            Appreciation,
            Assessment,
            Cohort,
            Grade,
            LivretAvis,
            Period,
            Student,
        )

        defaults: dict[type[Any], dict[str, Any]] = {
            Student: {
                "candidate_category": CandidateCategory.CFA_HABILITE,
                "exam_form": ExamForm.GLOBALE,
            },
            Assessment: {"kind": AssessmentKind.WRITTEN, "published_at": utc_now()},
        }
        models: tuple[type[Any], ...] = (
            Cohort,
            Period,
            Student,
            Assessment,
            Grade,
            Appreciation,
            LivretAvis,
        )
        for model in models:
            extra = defaults.get(model, {})
            db.session.execute(
                insert(model), [row | extra for row in rows[model.__name__]]
            )
        db.session.commit()
        return len(rows["Grade"])


def _rows(
    rng: random.Random, subject_ids: list[int], author: int, session: int
) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "Cohort",
            "Period",
            "Student",
            "Assessment",
            "Grade",
            "Appreciation",
            "LivretAvis",
        )
    }
    for c in range(1, COHORTS + 1):
        rows["Cohort"].append(
            {
                "id": c,
                "name": f"NDRC banc {c:02d}",
                "start_year": 2025,
                "exam_session_year": 2027,
            }
        )
        students = []
        for s in range(STUDENTS):
            sid = (c - 1) * STUDENTS + s + 1
            students.append(sid)
            rows["Student"].append(
                {
                    "id": sid,
                    "student_number": f"B{sid:05d}",
                    "cohort_id": c,
                    "last_name": f"{rng.choice(LAST)}{s:02d}",
                    "first_name": rng.choice(FIRST),
                    "birth_date": date(2005, 1 + s % 12, 14),
                }
            )
            rows["LivretAvis"].append(
                {
                    "student_id": sid,
                    "session_id": session,
                    "avis": "Favorable",
                    "author_id": author,
                }
            )
            for subject in subject_ids:
                for year in (1, 2):
                    rows["Appreciation"].append(
                        {
                            "student_id": sid,
                            "subject_id": subject,
                            "year_of_study": year,
                            "text": rng.choice(NOTES),
                            "author_id": author,
                        }
                    )
        _assessments(rng, rows, c, students, subject_ids)
    return rows


def _assessments(
    rng: random.Random,
    rows: dict[str, list[dict[str, Any]]],
    cohort: int,
    students: list[int],
    subject_ids: list[int],
) -> None:
    for p, (code, offset, month) in enumerate(PERIODS):
        period = (cohort - 1) * len(PERIODS) + p + 1
        starts = date(2025 + offset, month, 1)
        rows["Period"].append(
            {
                "id": period,
                "cohort_id": cohort,
                "code": code,
                "starts_on": starts,
                "ends_on": starts + timedelta(days=120),
            }
        )
        for subject in subject_ids:
            for n in range(ASSESSMENTS_PER_PERIOD):
                aid = len(rows["Assessment"]) + 1
                rows["Assessment"].append(
                    {
                        "id": aid,
                        "cohort_id": cohort,
                        "subject_id": subject,
                        "period_id": period,
                        "title": f"Évaluation {n + 1}",
                        "held_on": starts + timedelta(days=30 * (n + 1)),
                        "max_score": Decimal(20),
                        "coefficient": Decimal(1 + n),
                    }
                )
                for student in students:
                    draw = rng.random()
                    status = "ABS" if draw < 0.03 else "ABJ" if draw < 0.05 else None
                    score = None if status else Decimal(rng.randint(0, 40)) / 2
                    rows["Grade"].append(
                        {
                            "assessment_id": aid,
                            "max_score": Decimal(20),
                            "student_id": student,
                            "score": score,
                            "status": status,
                        }
                    )
