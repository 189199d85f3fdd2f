"""The attendance pages (R8): the cohorts' figures, a cohort's hours per subject,
the apprentice's own page on a phone, the dashboard's flag, and who reaches what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from service.centre_time import centre_today
from service.extensions import db
from service.models import (
    Cohort,
    HalfDaySlot,
    Presence,
    Role,
)
from service.operations.attendance_rows import year_start
from service.web.roll_call import french_day
from tests.service.factories import (
    committed,
    make_cohort,
    make_half_day,
    make_justification,
    make_mark,
    make_student,
    make_tutor_link,
    make_user,
)
from tests.service.web.trainer_world import Centre, log_in, read_page


@dataclass(frozen=True)
class Scene:
    """The centre, its first half-day's date, and the rows added to it."""

    centre: Centre
    day: date
    other_cohort: int
    chloe: int
    tutor: str
    other_tutor: str


@pytest.fixture
def scene(app: Flask, centre: Centre) -> Scene:
    """This year's cohort: on its first day, the trainer's morning (RCNV 2 h, CEJM
    1 h 30) where Alice came 30 min late and left 20 min early, and afternoon (CEF
    3 h 30) where she was absent with a justification pending; Bruno was there.
    Another cohort whose only half-day is taught by the other trainer."""
    today = centre_today()
    alice, bruno = centre.student_ids
    with committed(app):
        cohort = db.session.get_one(Cohort, centre.cohort_id)
        start = today.year - (1 if today.month >= 9 else 2)
        cohort.start_year, cohort.exam_session_year = start, start + 2
        day = year_start(cohort, today)
        morning = make_half_day(
            cohort, centre.trainer_id, day=day, lessons=(("RCNV", 120), ("CEJM", 90))
        )
        afternoon = make_half_day(
            cohort,
            centre.trainer_id,
            day=day,
            slot=HalfDaySlot.AFTERNOON,
            lessons=(("CEF", 210),),
        )
        make_mark(morning, alice, Presence.PRESENT, late_minutes=30, early_minutes=20)
        make_mark(afternoon, alice, Presence.ABSENT)
        make_mark(morning, bruno, Presence.PRESENT)
        make_mark(afternoon, bruno, Presence.PRESENT)
        make_justification(alice, day)
        other = make_cohort(
            name="NDRC autre", start_year=start + 1, exam_session_year=start + 3
        )
        chloe = make_student(other, last_name="Colin", first_name="Chloé")
        make_half_day(other, centre.other_id, day=day, lessons=(("RCAR", 210),))
        tutor = make_user(Role.TUTOR, email="tuteur.alice@entreprise.test")
        make_tutor_link(tutor, alice)
        other_tutor = make_user(Role.TUTOR, email="tuteur.bruno@entreprise.test")
        make_tutor_link(other_tutor, bruno)
        return Scene(centre, day, other.id, chloe.id, tutor.email, other_tutor.email)


def attendance_url(student_id: int) -> str:
    return f"/apprentis/{student_id}/assiduite"


def test_the_director_sees_each_cohort_with_hours_absences_and_the_flag(
    client: FlaskClient, scene: Scene
) -> None:
    log_in(client, scene.centre.director)
    _, text = read_page(client, "/assiduite")
    assert "NDRC autre" in text
    # Alice: 7 h planned, 2 h 40 attended (late 30, early 20), 3,5 h pending.
    assert (
        "ARNAUD Alice 7 h 2,67 h 0 h 0 h 3,5 h (1 demi-journée) 30 min 20 min "
        "38,1 % ! sous le seuil" in text
    )
    assert "BERNARD Bruno 7 h 7 h 0 h 0 h 0 h 0 min 0 min 100 %" in text
    assert (
        "COLIN Chloé 3,5 h 0 h 0 h 0 h 0 h 0 min 0 min pas encore d'émargement" in text
    )


def test_a_trainer_reaches_only_the_cohorts_of_their_half_days(
    client: FlaskClient, scene: Scene
) -> None:
    log_in(client, scene.centre.other)
    _, text = read_page(client, "/assiduite")
    assert "NDRC autre" in text
    assert "ARNAUD Alice" not in text
    assert client.get(f"/classes/{scene.centre.cohort_id}/assiduite").status_code == 404
    alice = scene.centre.student_ids[0]
    assert client.get(attendance_url(alice)).status_code == 404
    read_page(client, attendance_url(scene.chloe))


def test_the_cohort_page_shows_hours_per_subject_against_the_curriculum(
    client: FlaskClient, scene: Scene
) -> None:
    log_in(client, scene.centre.trainer)
    _, text = read_page(client, f"/classes/{scene.centre.cohort_id}/assiduite")
    assert f"depuis le {french_day(scene.day)}" in text
    # Programme, planned over the year, difference, planned so far.
    assert "Relation client et négociation vente (RCNV) 107 h 2 h -105 h 2 h" in text
    assert "Langue vivante 1 (LV1) 54 h 0 h -54 h 0 h" in text
    # Alice: RCNV 1,5 h (late 30 min), CEJM 1,17 h (left 20 min early), CEF absent.
    assert "ARNAUD Alice 0 abs. 3,5 1,17 1,5 2,67 sur 7 BERNARD" in text
    assert client.get(f"/classes/{scene.other_cohort}/assiduite").status_code == 404


def test_the_apprentice_sees_their_absences_and_lateness_with_the_justification(
    client: FlaskClient, scene: Scene
) -> None:
    log_in(client, scene.centre.student_emails[0])
    alice, bruno = scene.centre.student_ids
    page, text = read_page(client, attendance_url(alice))
    assert "Mon assiduité" in text
    assert "Absences et retards" in page.text
    day = french_day(scene.day)
    assert f"{day}, matin Retard de 30 min, départ anticipé de 20 min 50 min —" in text
    assert f"{day}, après-midi Absent·e 3,5 h En attente" in text
    assert "Culture et expression française 36 h 3,5 h 0 h 3,5 h" in text
    assert client.get(attendance_url(bruno)).status_code == 404
    assert client.get("/assiduite").status_code == 403


def test_a_tutor_sees_only_their_apprentice(client: FlaskClient, scene: Scene) -> None:
    alice = scene.centre.student_ids[0]
    log_in(client, scene.tutor)
    _, text = read_page(client, attendance_url(alice))
    assert "Assiduité — ARNAUD Alice" in text
    client.post("/deconnexion")
    log_in(client, scene.other_tutor)
    assert client.get(attendance_url(alice)).status_code == 404


def test_the_record_links_to_the_attendance_page(
    client: FlaskClient, scene: Scene
) -> None:
    log_in(client, scene.centre.student_emails[0])
    alice = scene.centre.student_ids[0]
    page, _ = read_page(client, f"/apprentis/{alice}")
    assert f'href="{attendance_url(alice)}"' in page.text


def test_the_dashboard_flags_apprentices_under_the_alert_rate(
    app: Flask, client: FlaskClient, scene: Scene
) -> None:
    log_in(client, scene.centre.director)
    _, text = read_page(client, "/")
    assert "Assiduité sous le seuil" in text
    assert "ARNAUD Alice : présence 38,1 %" in text
    assert "BERNARD Bruno : présence" not in text
    app.config["ATTENDANCE_ALERT_RATE"] = 30
    _, text = read_page(client, "/")
    assert "ARNAUD Alice : présence" not in text
    assert "sous 30 %" in text


def test_staff_get_a_link_to_justify_each_absence_readers_do_not(
    client: FlaskClient, scene: Scene
) -> None:
    alice = scene.centre.student_ids[0]
    justify = f"/justificatifs/nouveau?apprenti={alice}&amp;du={scene.day.isoformat()}"
    log_in(client, scene.centre.trainer)
    assert justify in client.get(attendance_url(alice)).text
    client.post("/deconnexion")
    log_in(client, scene.centre.student_emails[0])
    assert "/justificatifs/nouveau" not in client.get(attendance_url(alice)).text
