"""The apprentice's pages in the browser, at 375 × 812 and 1280 × 800.

The module serves a demo centre of its own and adds two secrets for the first
second-year apprentice: a grade of 13.37 in an assessment not yet published and
CCF proposals of 13.37 (R7). Neither they nor a value derived from them (13,4)
may appear in the HTML or SVG of any page the apprentice or their tutor reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import Page, ViewportSize, expect
from sqlalchemy import select, update

from service.app import create_app
from service.demo.people import TUTOR
from service.extensions import db
from service.models import (
    CcfSituation,
    CcfState,
    Registration,
    RegistrationResult,
    Student,
    TutorLink,
    User,
)
from tests.e2e.conftest import DEMO_STUDENTS, DemoCentre, serve_demo
from tests.e2e.helpers import DIRECTOR, check_page, log_in, screenshot
from tests.service.factories import make_assessment, make_grade

pytestmark = pytest.mark.e2e

SIZES: dict[str, ViewportSize] = {
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1280, "height": 800},
}
#: The sentinel and what it would round to, as a page or JSON would write them.
SECRET = re.compile(r"(?<![\d,.])13[,.](37|4)(?!\d)")
UNITS = ("U1", "U2", "U3", "U4", "U5", "U6")


@dataclass(frozen=True)
class Centre:
    """The served centre, the apprentice with secrets and a student of nobody's."""

    demo: DemoCentre
    email: str
    student_id: int
    #: An apprentice the tutor does not follow.
    stranger_id: int
    #: A student of the 2025 session, with a published result.
    graduate_id: int

    @property
    def url(self) -> str:
        """The server's base URL."""
        return self.demo.url

    def pages(self) -> list[str]:
        """Every page of the apprentice's record."""
        base = f"{self.url}/apprentis/{self.student_id}"
        units = [f"{base}/unites/{unit}" for unit in UNITS]
        return [f"{self.url}/", base, *units, f"{base}/resultats"]


@pytest.fixture(scope="module")
def centre(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Centre]:
    folder = tmp_path_factory.mktemp("apprentice")
    with serve_demo(folder, DEMO_STUDENTS) as demo:
        email = demo.email_of("apprenti·e NDRC 2025")
        yield Centre(demo, email, *_add_secrets(folder / "carnet.db", email))


def _add_secrets(database: Path, email: str) -> tuple[int, int, int]:
    """Add the sentinels; return the apprentice's, a stranger's, a graduate's ids."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "e2e-secret-key-0123456789abcdef0123456789",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
        }
    )
    with app.app_context():
        student = db.session.scalars(
            select(Student)
            .join(User, User.id == Student.user_id)
            .where(User.email == email)
        ).one()
        hidden = make_assessment(
            student.cohort,
            subject="CEF",
            period="S3",
            title="Dissertation en cours de correction",
            held_on=date(2026, 11, 25),
        )
        make_grade(hidden, student, score=Decimal("13.37"))
        db.session.execute(
            update(CcfSituation)
            .where(CcfSituation.student_id == student.id)
            .where(CcfSituation.state == CcfState.PROPOSED)
            .values(proposed_grade=Decimal("13.37"))
        )
        followed = select(TutorLink.student_id)
        stranger = db.session.scalars(
            select(Student.id).where(Student.id.not_in(followed)).order_by(Student.id)
        ).first()
        graduate = db.session.scalars(
            select(Registration.student_id).join(RegistrationResult)
        ).first()
        db.session.commit()
        assert stranger is not None
        assert graduate is not None
        return student.id, stranger, graduate


@pytest.mark.parametrize("size", SIZES)
def test_the_apprentice_sees_grades_averages_charts_and_needs(
    page: Page, centre: Centre, size: str
) -> None:
    page.set_viewport_size(SIZES[size])
    log_in(page, centre.url, centre.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes notes")
    latest = page.get_by_role("table", name=re.compile("dernières notes publiées"))
    expect(latest.locator("td[data-label=Note]").first).to_contain_text("/ 20")
    units = page.get_by_role("table", name=re.compile("Moyenne par unité"))
    expect(units.get_by_role("row")).to_have_count(1 + len(UNITS))
    expect(units.locator("td[data-label=Classe]").first).to_have_text(
        re.compile(r"\d+,\d+")
    )
    expect(
        page.get_by_role("img", name="Moyennes par unité comparées à la classe")
    ).to_be_visible()
    expect(
        page.get_by_role("img", name="Évolution de la moyenne générale")
    ).to_be_visible()
    expect(
        page.get_by_text("Pour atteindre 10 de moyenne générale, il vous faut")
    ).to_be_visible()
    expect(page.get_by_text("Avec vos moyennes actuelles")).to_be_visible()
    check_page(page)
    if size == "phone":
        screenshot(page, "apprenti-suivi.png", phone=True)

    units.get_by_role("link", name="U4").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("U4")
    grades = page.get_by_role("table", name=re.compile("notes publiées de l'unité"))
    expect(grades.locator("td[data-label='Coef.']").first).to_be_visible()
    check_page(page)
    if size == "phone":
        screenshot(page, "apprenti-unite.png", phone=True)


@pytest.mark.parametrize("reader", ["apprentice", "tutor"])
def test_no_ccf_or_unpublished_grade_reaches_the_apprentice_or_the_tutor(
    page: Page, centre: Centre, reader: str
) -> None:
    log_in(page, centre.url, centre.email if reader == "apprentice" else TUTOR[0])
    for url in centre.pages():
        page.goto(url)
        html = page.content()  # the HTML and its inline SVG
        assert not SECRET.search(html), (url, SECRET.search(html))
        assert "Dissertation en cours de correction" not in html


def test_the_director_sees_the_sentinel(page: Page, centre: Centre) -> None:
    """Staff see drafts: the search of the test above is able to fail."""
    log_in(page, centre.url, DIRECTOR)
    page.goto(f"{centre.url}/apprentis/{centre.student_id}/unites/U1")
    assert SECRET.search(page.content())


def test_a_tutor_sees_their_apprentice_and_nobody_else(
    page: Page, centre: Centre
) -> None:
    log_in(page, centre.url, TUTOR[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes apprentis")
    check_page(page)
    screenshot(page, "tuteur-apprentis.png", phone=True)
    followed = page.get_by_role("list", name="Apprentis suivis")
    expect(followed.get_by_role("listitem")).to_have_count(2)
    followed.locator(f'a[href="/apprentis/{centre.student_id}"]').click()
    expect(page.get_by_role("heading", name="Ce qu'il lui faut")).to_be_visible()
    check_page(page)
    answer = page.goto(f"{centre.url}/apprentis/{centre.stranger_id}")
    assert answer is not None
    assert answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")


def test_news_are_marked_read(page: Page, centre: Centre) -> None:
    log_in(page, centre.url, centre.email)
    news = page.get_by_role("region", name="Nouveautés depuis votre dernière visite")
    expect(news.get_by_role("listitem").first).to_be_visible()
    news.get_by_role("button", name="Marquer comme lu").click()
    expect(news).to_contain_text("Rien de nouveau depuis votre dernière visite")
    check_page(page)


def test_the_results_page_explains_a_published_session(
    page: Page, centre: Centre
) -> None:
    log_in(page, centre.url, DIRECTOR)
    page.goto(f"{centre.url}/apprentis/{centre.graduate_id}/resultats")
    expect(page.get_by_role("heading", level=1)).to_have_text("Résultats d'examen")
    expect(
        page.get_by_role("heading", name=re.compile("^Session 2025"))
    ).to_be_visible()
    steps = page.get_by_role("list").filter(has_text="U1")
    expect(steps.get_by_role("listitem").first).to_be_visible()
    check_page(page)
    screenshot(page, "apprenti-resultats.png", phone=True)
