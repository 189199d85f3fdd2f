"""The roll-call pages (« Émargement »): a trainer's half-days only, the sheet's
save without JavaScript, closing, the refusal once closed, the director's change
in the sealed history, and reopening (R8, D6, T07)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.centre_time import centre_today
from service.extensions import db
from service.models import (
    AttendanceMark,
    AuditEvent,
    GradeHistory,
    HalfDay,
    HalfDaySlot,
    HistoryEntity,
    Presence,
)
from tests.service.factories import committed, make_half_day
from tests.service.web.trainer_world import Centre, csrf_from, log_in, visible_text


@pytest.fixture
def sheets(app: Flask, centre: Centre) -> dict[str, int]:
    """Half-days of the centre's cohort: the trainer's today, yesterday's (open)
    and tomorrow's; another trainer's today afternoon."""
    today = centre_today()
    with committed(app):
        made = {
            "today": make_half_day(centre.cohort_id, centre.trainer_id, day=today),
            "past": make_half_day(
                centre.cohort_id, centre.trainer_id, day=today - timedelta(days=1)
            ),
            "next": make_half_day(
                centre.cohort_id, centre.trainer_id, day=today + timedelta(days=1)
            ),
            "other": make_half_day(
                centre.cohort_id,
                centre.other_id,
                day=today,
                slot=HalfDaySlot.AFTERNOON,
                lessons=(("RCAR", 210),),
            ),
        }
        return {name: row.id for name, row in made.items()}


def _url(half_day_id: int, step: str = "appel") -> str:
    return f"/demi-journees/{half_day_id}/{step}"


def _marks(app: Flask, half_day_id: int) -> dict[int, AttendanceMark]:
    with app.app_context():
        rows = db.session.scalars(
            select(AttendanceMark).where(AttendanceMark.half_day_id == half_day_id)
        ).all()
        db.session.expunge_all()
    return {mark.student_id: mark for mark in rows}


def _form(page_text: str, **changes: str) -> dict[str, str]:
    """The sheet's form as the page shows it (checked radios, minutes, avant-*)."""
    values = dict(
        re.findall(r'name="((?:avant|retard|depart)-\d+)" value="([^"]*)"', page_text)
    )
    for name, value in re.findall(
        r'name="(presence-\d+)" value="(\w+)" checked', page_text
    ):
        values[name] = value
    values["csrf_token"] = csrf_from_text(page_text)
    return values | changes


def csrf_from_text(text: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', text)
    assert found
    return found.group(1)


def _take(client: FlaskClient, half_day_id: int, centre: Centre) -> None:
    """Alice present 10 min late, Bruno absent, through the form."""
    alice, bruno = centre.student_ids
    page = client.get(_url(half_day_id))
    data = _form(
        page.text,
        **{
            f"presence-{alice}": "present",
            f"retard-{alice}": "10",
            f"presence-{bruno}": "absent",
        },
    )
    saved = client.post(_url(half_day_id), data=data)
    assert saved.status_code == 302, visible_text(saved)


def test_a_trainer_lists_only_their_half_days_today_first(
    client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    log_in(client, centre.trainer)
    page = client.get("/emargement")
    text = visible_text(page)
    assert page.status_code == 200
    links = re.findall(r'href="/demi-journees/(\d+)/appel"', page.text)
    assert [int(i) for i in links] == [sheets["today"], sheets["past"], sheets["next"]]
    assert "Feuilles ouvertes des jours passés" in text
    assert "0/2 marqué·es" in text


def test_the_director_lists_every_trainer_s_half_days(
    client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    log_in(client, centre.director)
    page = client.get("/emargement")
    links = {
        int(i) for i in re.findall(r'href="/demi-journees/(\d+)/appel"', page.text)
    }
    assert links == set(sheets.values())
    assert "Les feuilles d'appel de toutes les classes." in visible_text(page)


def test_another_trainer_s_half_day_is_not_found(
    client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    log_in(client, centre.trainer)
    token = csrf_from(client.get("/"))
    assert client.get(_url(sheets["other"])).status_code == 404
    refused = client.post(_url(sheets["other"]), data={"csrf_token": token})
    assert refused.status_code == 404
    assert client.get(_url(sheets["other"], "cloturer")).status_code == 404


def test_apprentices_have_no_roll_call(
    client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    log_in(client, centre.student_emails[0])
    assert client.get("/emargement").status_code == 403
    assert client.get(_url(sheets["today"])).status_code == 403


def test_the_sheet_saves_without_javascript(
    app: Flask, client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    log_in(client, centre.trainer)
    page = client.get(_url(sheets["today"]))
    assert page.status_code == 200
    assert "Tous présents" in page.text
    _take(client, sheets["today"], centre)
    alice, bruno = centre.student_ids
    marks = _marks(app, sheets["today"])
    assert (marks[alice].presence, marks[alice].late_minutes) == (Presence.PRESENT, 10)
    assert marks[bruno].presence is Presence.ABSENT
    shown = client.get(_url(sheets["today"]))
    assert "Appel enregistré : 2 marques modifiées." in visible_text(shown)
    assert f'name="presence-{bruno}" value="absent" checked' in shown.text


def test_everyone_present_without_javascript(
    app: Flask, client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    log_in(client, centre.trainer)
    page = client.get(_url(sheets["today"]))
    data = _form(page.text, action="tous-presents")
    assert client.post(_url(sheets["today"]), data=data).status_code == 302
    marks = _marks(app, sheets["today"])
    assert {mark.presence for mark in marks.values()} == {Presence.PRESENT}
    assert len(marks) == 2


def test_bad_minutes_are_named_and_nothing_is_saved(
    app: Flask, client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    alice, bruno = centre.student_ids
    log_in(client, centre.trainer)
    page = client.get(_url(sheets["today"]))
    data = _form(
        page.text,
        **{
            f"presence-{alice}": "present",
            f"retard-{alice}": "dix",
            f"presence-{bruno}": "present",
            f"depart-{bruno}": "500",
        },
    )
    refused = client.post(_url(sheets["today"]), data=data)
    text = visible_text(refused)
    assert refused.status_code == 422
    assert "Le retard doit être un nombre entier de minutes." in text
    assert 'value="dix"' in refused.text
    again = client.post(_url(sheets["today"]), data=data | {f"retard-{alice}": "5"})
    assert again.status_code == 422
    assert "entre 0 et 210 minutes" in visible_text(again)
    assert _marks(app, sheets["today"]) == {}


def test_a_stale_sheet_gives_the_conflict_message(
    client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    alice, _ = centre.student_ids
    log_in(client, centre.trainer)
    read = client.get(_url(sheets["today"]))
    _take(client, sheets["today"], centre)
    # The first reading, sent again: Alice's mark changed since.
    stale = _form(read.text, **{f"presence-{alice}": "absent"})
    refused = client.post(_url(sheets["today"]), data=stale)
    assert refused.status_code == 412
    assert "Modifié entre-temps par quelqu'un d'autre" in visible_text(refused)
    assert "ARNAUD Alice" in visible_text(refused)


def test_close_then_the_trainer_is_refused(
    app: Flask, client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    alice, _ = centre.student_ids
    log_in(client, centre.trainer)
    token = csrf_from(client.get("/"))
    incomplete = client.get(_url(sheets["today"], "cloturer"))
    assert "Appel incomplet" in visible_text(incomplete)
    _take(client, sheets["today"], centre)
    confirm = client.get(_url(sheets["today"], "cloturer"))
    assert "1 présent·e, 1 absent·e, 1 en retard" in visible_text(confirm)
    closed = client.post(_url(sheets["today"], "cloturer"), data={"csrf_token": token})
    assert closed.status_code == 302
    page = client.get(_url(sheets["today"]))
    text = visible_text(page)
    assert re.search(
        r"Feuille close le .+ par Julie Martin ; seule la direction peut la modifier",
        text,
    )
    assert '<fieldset class="bare" disabled' in page.text
    data = _form(page.text, **{f"presence-{alice}": "absent", f"retard-{alice}": ""})
    refused = client.post(_url(sheets["today"]), data=data)
    assert refused.status_code == 409
    assert "seule la direction peut la modifier" in visible_text(refused)
    assert _marks(app, sheets["today"])[alice].presence is Presence.PRESENT
    with app.app_context():
        outcomes = db.session.execute(
            select(AuditEvent.action, AuditEvent.outcome).order_by(AuditEvent.id)
        ).all()
    assert [tuple(row) for row in outcomes][-2:] == [
        ("roll_call.lock", "accepted"),
        ("attendance.write", "refused_locked"),
    ]


def test_the_director_changes_a_closed_sheet_then_reopens_it(
    app: Flask, client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    _, bruno = centre.student_ids
    log_in(client, centre.trainer)
    _take(client, sheets["today"], centre)
    token = csrf_from(client.get("/"))
    client.post(_url(sheets["today"], "cloturer"), data={"csrf_token": token})
    client.post("/deconnexion", data={"csrf_token": token})
    log_in(client, centre.director)
    page = client.get(_url(sheets["today"]))
    assert "Vos modifications sont inscrites dans l'historique" in visible_text(page)
    data = _form(page.text, **{f"presence-{bruno}": "present", f"depart-{bruno}": "30"})
    assert client.post(_url(sheets["today"]), data=data).status_code == 302
    shown = visible_text(client.get(_url(sheets["today"])))
    assert "Modifications" in shown
    assert "Sophie Lefèvre Absent·e Présent·e, départ 30 min avant la fin" in shown
    mark = _marks(app, sheets["today"])[bruno]
    with app.app_context():
        actors = db.session.scalars(
            select(GradeHistory.actor_id).where(
                GradeHistory.entity == HistoryEntity.ATTENDANCE_MARK,
                GradeHistory.entity_id == mark.id,
            )
        ).all()
    assert actors[-1] != centre.trainer_id
    assert len(actors) == 2
    confirm = client.get(_url(sheets["today"], "rouvrir"))
    assert "La réouverture est inscrite au journal" in visible_text(confirm)
    token = csrf_from(confirm)
    assert (
        client.post(
            _url(sheets["today"], "rouvrir"), data={"csrf_token": token}
        ).status_code
        == 302
    )
    with app.app_context():
        half_day = db.session.get(HalfDay, sheets["today"])
        assert half_day is not None
        assert half_day.closed_at is None
    journal = visible_text(client.get("/journal?type=verrous"))
    assert "Réouverture d'une feuille d'appel" in journal
    assert "Clôture d'une feuille d'appel" in journal


def test_a_trainer_cannot_reopen(
    client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    log_in(client, centre.trainer)
    assert client.get(_url(sheets["today"], "rouvrir")).status_code == 403


def test_the_pages_have_no_inline_script(
    client: FlaskClient, centre: Centre, sheets: dict[str, int]
) -> None:
    log_in(client, centre.trainer)
    _take(client, sheets["today"], centre)
    for url in (
        "/emargement",
        _url(sheets["today"]),
        _url(sheets["today"], "cloturer"),
    ):
        page = client.get(url).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert not re.search(r"\son[a-z]+=", page), url
    assert "js/roll-call.js" in client.get(_url(sheets["today"])).text


def test_the_sheet_shows_the_day_in_french(
    client: FlaskClient, centre: Centre, app: Flask
) -> None:
    with committed(app):
        half_day = make_half_day(
            centre.cohort_id, centre.trainer_id, day=date(2026, 10, 5)
        )
        half_day_id = half_day.id
    log_in(client, centre.trainer)
    text = visible_text(client.get(_url(half_day_id)))
    assert "Appel du lundi 5 octobre 2026, matin" in text
    assert "Relation client et négociation vente (3,5 h, Julie Martin)" in text
