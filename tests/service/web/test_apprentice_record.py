"""The apprentice record's own figures: news by publication time, the evolution line."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from fractions import Fraction

from flask import Flask

from grading import load_regulation
from service.access.visibility import Visibility
from service.extensions import db
from service.models import (
    AuditEvent,
    Decision,
    RegistrationResult,
    SessionState,
    Student,
)
from service.operations.apprentice_record import (
    apprentice_record,
    evolution,
    news_since,
    weighted_mean,
)
from tests.service.factories import (
    make_assessment,
    make_exam_session,
    make_grade,
    make_registration,
)
from tests.service.web.trainer_world import Centre

READER = Visibility(published_only=True)


def test_a_result_is_news_from_its_session_s_publication(
    app: Flask, centre: Centre
) -> None:
    with app.app_context():
        student = db.session.get(Student, centre.student_ids[0])
        assert student is not None
        session = make_exam_session(
            year=2024, jury_date=date(2024, 7, 4), state=SessionState.PUBLISHED
        )
        registration = make_registration(student, session)
        db.session.add(
            RegistrationResult(
                registration=registration,
                decision=Decision.REFUSE,
                explanation={},
                decided_at=datetime(2024, 7, 4, 12, tzinfo=UTC),
            )
        )
        db.session.flush()
        seen = datetime(2025, 1, 1, tzinfo=UTC)
        # Decided before the last visit, never published since: no news.
        assert [n.title for n in news_since(student, seen)] == []
        db.session.add(
            AuditEvent(
                at=datetime(2025, 3, 1, tzinfo=UTC),
                action="session.publish",
                target_kind="exam_session",
                target_id=session.id,
                outcome="accepted",
            )
        )
        db.session.flush()
        assert [n.title for n in news_since(student, seen)] == [
            "Résultats de la session 2024"
        ]
        later = datetime(2025, 4, 1, tzinfo=UTC)
        assert news_since(student, later) == ()


def test_the_evolution_has_one_point_per_date_weighted_by_unit_coefficients(
    app: Flask, centre: Centre
) -> None:
    alice = centre.student_ids[0]
    with app.app_context():
        first, second = date(2025, 10, 1), date(2025, 11, 5)
        grades = (("RCNV", first, 16), ("CEF", first, 10), ("RCNV", second, 10))
        for subject, day, score in grades:
            assessment = make_assessment(
                centre.cohort_id, subject=subject, published=True, held_on=day
            )
            make_grade(assessment, alice, score=Decimal(score))
        hidden = make_assessment(centre.cohort_id, held_on=date(2025, 12, 1))
        make_grade(hidden, alice, score=Decimal(2))
        student = db.session.get(Student, alice)
        assert student is not None
        points = evolution(apprentice_record(student, READER))
    # 1 Oct: U4 16 (coef 5), U1 10 (coef 3) ⇒ 110 / 8 = 13.75; 5 Nov: U4 13 ⇒ 95 / 8.
    assert points == (
        (date(2025, 10, 1), Decimal("13.75")),
        (date(2025, 11, 5), Decimal("11.88")),
    )


def test_the_weighted_mean_leaves_out_optional_units_and_units_without_data() -> None:
    regulation = load_regulation("bts-ndrc")
    by_unit = {"U1": Fraction(12), "U4": Fraction(9), "UF1": Fraction(20)}
    assert weighted_mean(by_unit, regulation) == Decimal("10.13")  # 81 / 8
    assert weighted_mean({}, regulation) is None
