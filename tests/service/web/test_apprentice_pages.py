"""The apprentice's pages: the record, a unit, the results, the news, the tutor's view.

Alice (RCNV, published): 14 (coef 1) then 12 (coef 2) ⇒ U4 12,67; Bruno 10 and 8
⇒ 8,67; class mean 10,67. A CEF assessment not yet published and a CCF proposal
carry the sentinel 13.37 (R7): neither it nor a value derived from it may show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.extensions import db
from service.models import (
    Decision,
    Registration,
    RegistrationResult,
    Role,
    SessionState,
    TutorLink,
    User,
)
from tests.service.factories import (
    make_assessment,
    make_bloc,
    make_ccf_situation,
    make_exam_session,
    make_grade,
    make_registration,
    make_user,
)
from tests.service.web.trainer_world import (
    Centre,
    csrf_from,
    log_in,
    read_page,
    visible_text,
)

SENTINELS = ("13,37", "13.37", "13,4", "13.4")


@dataclass(frozen=True)
class Apprentices:
    """The centre with grades, a CCF proposal, results, a bloc and two tutors."""

    centre: Centre
    alice: int
    bruno: int
    tutor: str
    other_tutor: str

    def pages(self, student_id: int) -> tuple[str, ...]:
        """Every page of one apprentice's record."""
        base = f"/apprentis/{student_id}"
        return (base, f"{base}/unites/U4", f"{base}/unites/U1", f"{base}/resultats")


@pytest.fixture
def apprentices(app: Flask, centre: Centre) -> Apprentices:
    alice, bruno = centre.student_ids
    with app.app_context():
        first = make_assessment(
            centre.cohort_id, published=True, held_on=date(2025, 10, 6), title="Oral 1"
        )
        second = make_assessment(
            centre.cohort_id,
            published=True,
            held_on=date(2025, 11, 10),
            coefficient=Decimal(2),
            title="Négociation",
        )
        hidden = make_assessment(centre.cohort_id, subject="CEF", title="Brouillon")
        for assessment, scores in ((first, (14, 10)), (second, (12, 8))):
            for student, score in zip((alice, bruno), scores, strict=True):
                make_grade(assessment, student, score=Decimal(score))
        make_grade(hidden, alice, score=Decimal("13.37"))
        make_ccf_situation(alice, grade=Decimal("13.37"))
        make_bloc(alice, "U3", Decimal("15.5"))
        _results(alice)
        tutor = make_user(Role.TUTOR, email="tuteur@entreprise.test")
        other = make_user(Role.TUTOR, email="autre.tuteur@entreprise.test")
        db.session.add(TutorLink(tutor=tutor, student_id=alice))
        db.session.commit()
        return Apprentices(centre, alice, bruno, tutor.email, other.email)


def _results(student_id: int) -> None:
    """A published 2024 result, and a 2025 one the jury has not published (R7)."""
    for year, state, average in (
        (2024, SessionState.PUBLISHED, "9.5"),
        (2025, SessionState.DELIBERATED, "13.37"),
    ):
        session = make_exam_session(year=year, jury_date=date(year, 7, 4), state=state)
        registration: Registration = make_registration(student_id, session)
        explanation = {
            "decision": "refuse",
            "average": float(average),
            "units": {
                "U3": {
                    "grade": 15.5,
                    "coefficient": 3,
                    "points": 46.5,
                    "acquired": True,
                }
            },
            "explanation": [f"Moyenne = {average} (session {year})"],
            "warnings": [],
        }
        db.session.add(
            RegistrationResult(
                registration=registration,
                decision=Decision.REFUSE,
                explanation=explanation,
                decided_at=datetime(year, 7, 4, 12, tzinfo=UTC),
            )
        )
    db.session.flush()


def texts(client: FlaskClient, urls: tuple[str, ...]) -> str:
    """The raw HTML (SVG included) of every page, which must all answer 200."""
    return "\n".join(read_page(client, url)[0].text for url in urls)


def test_the_apprentice_s_home_is_their_record(
    client: FlaskClient, apprentices: Apprentices
) -> None:
    log_in(client, apprentices.centre.student_emails[0])
    page, text = read_page(client, "/")
    assert "<h1>Mes notes</h1>" in page.text
    assert "U4" in text
    assert "12,67" in text  # my U4 average: (14 + 2 × 12) / 3
    assert "10,67" in text  # the class mean: (12,67 + 8,67) / 2
    assert "8,67 – 12,67" in text  # min – max
    assert "Négociation" in text  # the last published grade
    assert "Ce qu'il me faut" in text
    assert "Pour atteindre 10 de moyenne générale, il vous faut en moyenne" in text
    assert '<svg class="chart"' in page.text
    assert "<title" in page.text


def test_no_ccf_proposal_or_unpublished_grade_reaches_the_apprentice_or_tutor(
    app: Flask, apprentices: Apprentices
) -> None:
    readers = (apprentices.centre.student_emails[0], apprentices.tutor)
    for email in readers:
        client = app.test_client()
        log_in(client, email)
        html = texts(client, ("/", *apprentices.pages(apprentices.alice)))
        for sentinel in SENTINELS:
            assert sentinel not in html, (email, sentinel)
        assert "Brouillon" not in html
        assert "Session 2025" not in html  # deliberated, not published
        assert "Session 2024" in html
    director = app.test_client()
    log_in(director, apprentices.centre.director)
    # The director's view includes the draft: the search above can fail.
    assert "13,37" in texts(director, (f"/apprentis/{apprentices.alice}/unites/U1",))


def test_a_tutor_reads_their_apprentice_and_nobody_else(
    app: Flask, apprentices: Apprentices
) -> None:
    client = app.test_client()
    log_in(client, apprentices.tutor)
    _, home = read_page(client, "/")
    assert "Mes apprentis" in home
    assert "ARNAUD Alice" in home
    assert "Bruno" not in home
    for url in apprentices.pages(apprentices.alice):
        read_page(client, url)
    for url in apprentices.pages(apprentices.bruno):
        assert client.get(url).status_code == 404, url
    other = app.test_client()
    log_in(other, apprentices.other_tutor)
    assert "Aucun apprenti" in read_page(other, "/")[1]
    assert other.get(f"/apprentis/{apprentices.alice}").status_code == 404


def test_readers_by_role(app: Flask, apprentices: Apprentices) -> None:
    centre = apprentices.centre
    student = app.test_client()
    log_in(student, centre.student_emails[0])
    assert student.get(f"/apprentis/{apprentices.bruno}").status_code == 404
    for email in (centre.trainer, centre.director):
        staff = app.test_client()
        log_in(staff, email)
        _, text = read_page(staff, f"/apprentis/{apprentices.bruno}")
        assert "BERNARD Bruno" in text
    outsider = app.test_client()
    with app.app_context():
        make_user(email="ailleurs@cfa.test")
        db.session.commit()
    log_in(outsider, "ailleurs@cfa.test")  # a trainer of no class of the cohort
    assert outsider.get(f"/apprentis/{apprentices.alice}").status_code == 404


def test_a_unit_page_lists_the_grades_with_coefficient_date_and_class(
    client: FlaskClient, apprentices: Apprentices
) -> None:
    log_in(client, apprentices.centre.student_emails[0])
    page, text = read_page(client, f"/apprentis/{apprentices.alice}/unites/U4")
    assert "E4 Relation client et négociation-vente" in text
    assert "Négociation" in text
    assert "10/11/2025" in text
    row = page.text[page.text.index("Négociation") :]
    assert '<td data-label="Coef." class="num">2</td>' in row
    assert "1re année" in text
    assert "S1" in text
    assert "Rang" not in text  # ranks are off by default
    assert client.get(f"/apprentis/{apprentices.alice}/unites/U9").status_code == 404


def test_ranks_show_when_the_centre_allows_them(
    app: Flask, client: FlaskClient, apprentices: Apprentices
) -> None:
    app.config["APPRENTICE_RANKS_SHOWN"] = True
    log_in(client, apprentices.centre.student_emails[0])
    page, _ = read_page(client, f"/apprentis/{apprentices.alice}")
    assert '<th scope="col" class="num">Rang</th>' in page.text
    assert '<td data-label="Rang" class="num">1/2</td>' in page.text


def test_the_results_page_explains_the_published_session(
    client: FlaskClient, apprentices: Apprentices
) -> None:
    log_in(client, apprentices.centre.student_emails[0])
    _, text = read_page(client, f"/apprentis/{apprentices.alice}/resultats")
    assert "Session 2024" in text
    assert "Refusé·e" in text
    assert "9,5 de moyenne générale" in text
    assert "Moyenne = 9.5 (session 2024)" in text  # the engine's own line
    assert "15,5" in text


def test_blocs_show_their_grade_session_and_end_of_validity(
    client: FlaskClient, apprentices: Apprentices
) -> None:
    log_in(client, apprentices.centre.student_emails[0])
    _, text = read_page(client, "/")
    assert "Blocs acquis" in text
    assert "U3 15,5 Session 2024 (05/07/2024) Session 2029 (le 05/07/2029)" in text
    # Valid at the cohort's session (2027): counted as held in what is still needed.
    assert "Déjà acquis pour la session 2027 : U3 (15,5)." in text


def test_news_are_marked_read_by_a_post_only(
    app: Flask, client: FlaskClient, apprentices: Apprentices
) -> None:
    email = apprentices.centre.student_emails[0]
    log_in(client, email)
    page, text = read_page(client, "/")
    assert "Nouveautés depuis votre dernière visite" in text
    assert "« Négociation »" in text
    assert "Résultats de la session 2024" in text
    assert _seen_at(app, email) is None  # reading writes nothing
    url = f"/apprentis/{apprentices.alice}/nouveautes/lu"
    answer = client.post(url, data={"csrf_token": csrf_from(page)})
    assert answer.status_code == 302
    assert _seen_at(app, email) is not None
    assert "Rien de nouveau depuis votre dernière visite" in read_page(client, "/")[1]
    assert client.post(url).status_code == 403  # no CSRF token


def test_staff_see_no_news_block(client: FlaskClient, apprentices: Apprentices) -> None:
    log_in(client, apprentices.centre.director)
    page = client.get(f"/apprentis/{apprentices.alice}")
    assert "Nouveautés" not in visible_text(page)


def _seen_at(app: Flask, email: str) -> datetime | None:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assert user is not None
        seen: datetime | None = user.news_seen_at
        return seen


def test_a_student_account_without_a_record_says_so(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        make_user(Role.STUDENT, email="sans.dossier@cfa.test")
        db.session.commit()
    log_in(client, "sans.dossier@cfa.test")
    _, text = read_page(client, "/")
    assert "Votre compte n'est rattaché à aucun dossier d'apprenti·e" in text
