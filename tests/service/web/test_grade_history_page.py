"""A grade's history page: names, Paris times, French values; R7 for students."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.extensions import db
from service.models import (
    ChangeSource,
    GradeStatus,
    HistoryEntity,
    Student,
    User,
    utc_now,
)
from service.operations.grades import GradeValues
from service.operations.history import (
    Change,
    ChangeContext,
    change_row,
    record_changes,
)
from service.web.history import PARIS, french_datetime
from tests.service.factories import make_assessment, make_grade, subject
from tests.service.web.trainer_world import (
    Centre,
    log_in,
    read_page,
    visible_text,
)

WINTER = datetime(2026, 3, 5, 13, 5, tzinfo=UTC)  # 14:05 in Paris (UTC+1)
SUMMER = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)  # 14:00 in Paris (UTC+2)


def graded(
    app: Flask, centre: Centre, *, code: str = "RCNV", published: bool = True
) -> int:
    """A grade of Alice's, created by import, set ABS then 12.5; return its id."""
    with app.app_context():
        student = db.session.get(Student, centre.student_ids[0])
        assert student is not None
        assessment = make_assessment(
            student.cohort,
            subject=subject(code),
            title="Jeu de rôle n° 1",
            published_at=utc_now() if published else None,
        )
        grade = make_grade(assessment, student, score=Decimal("12.5"))
        director = db.session.scalar(select(User).where(User.email == centre.director))
        assert director is not None
        created = GradeValues(Decimal(9), None, None)
        absent = GradeValues(None, GradeStatus.ABS, "Absent sans justificatif")
        final = GradeValues(Decimal("12.5"), None, "Rattrapage")
        steps = [
            (ChangeContext(None, ChangeSource.IMPORT), None, created, WINTER),
            (
                ChangeContext(centre.trainer_id, ChangeSource.WEB),
                created,
                absent,
                WINTER,
            ),
            (ChangeContext(director.id, ChangeSource.API), absent, final, SUMMER),
        ]
        record_changes(
            [
                change_row(
                    context,
                    Change(
                        HistoryEntity.GRADE,
                        grade.id,
                        None if old is None else old.as_history(),
                        new.as_history(),
                    ),
                    at,
                )
                for context, old, new, at in steps
            ]
        )
        db.session.commit()
        return grade.id


def test_french_date_times_are_the_centres_clock() -> None:
    assert french_datetime(WINTER.astimezone(PARIS)) == "5 mars 2026 à 14 h 05"
    assert french_datetime(SUMMER.astimezone(PARIS)) == "1er juillet 2026 à 14 h 00"


def test_a_trainer_reads_who_changed_a_grade_when_and_from_what(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    grade_id = graded(app, centre)
    log_in(client, centre.trainer)
    page, text = read_page(client, f"/notes/{grade_id}/historique")
    assert "Jeu de rôle n° 1" in text
    assert "Note actuelle 12,5 / 20" in text
    rows = text.split("Après ")[1]
    assert (
        "5 mars 2026 à 14 h 05 Import automatique Import de fichier (création) 9 / 20"
        in rows
    )
    assert (
        "5 mars 2026 à 14 h 05 Julie Martin Carnet (pages) 9 / 20 Absent·e "
        "« Absent sans justificatif »" in rows
    )
    assert "1er juillet 2026 à 14 h 00 Sophie Lefèvre API" in rows
    assert "Absent·e « Absent sans justificatif » 12,5 / 20 « Rattrapage »" in rows
    assert "ABS" not in text
    assert f'datetime="{WINTER.astimezone(PARIS).isoformat()}"' in page.text


def test_grades_of_subjects_not_taught_are_out_of_reach(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    grade_id = graded(app, centre, code="RCDD")  # taught by nobody of the centre
    log_in(client, centre.trainer)
    assert client.get(f"/notes/{grade_id}/historique").status_code == 404
    log_in(client, centre.director)
    assert client.get(f"/notes/{grade_id}/historique").status_code == 200


def test_a_student_reads_the_history_of_their_own_published_grades_only(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    published = graded(app, centre)
    draft = graded(app, centre, code="CEF", published=False)
    log_in(client, centre.student_emails[0])
    page = client.get(f"/notes/{published}/historique")
    assert page.status_code == 200
    assert "Julie Martin" in visible_text(page)
    assert client.get(f"/notes/{draft}/historique").status_code == 404  # R7
    log_in(client, centre.student_emails[1])
    assert client.get(f"/notes/{published}/historique").status_code == 404


def test_a_grade_without_history_says_so(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    with app.app_context():
        student = db.session.get(Student, centre.student_ids[1])
        assert student is not None
        grade = make_grade(make_assessment(student.cohort), student)
        db.session.commit()
        grade_id = grade.id
    log_in(client, centre.trainer)
    text = visible_text(client.get(f"/notes/{grade_id}/historique"))
    assert "Aucune modification enregistrée." in text


def test_an_unknown_grade_is_a_french_404(client: FlaskClient, centre: Centre) -> None:
    log_in(client, centre.director)
    page = client.get("/notes/999/historique")
    assert page.status_code == 404
    assert "Note introuvable." in page.text
