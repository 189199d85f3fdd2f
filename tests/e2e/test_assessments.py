"""A trainer creates an assessment, then publishes it; the student then sees it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DemoCentre
from tests.e2e.helpers import (
    RCNV,
    TRAINER,
    check_page,
    csrf_token,
    log_in,
    open_class,
    own_tab,
    screenshot,
)

pytestmark = pytest.mark.e2e

TITLE = "Simulation d'entretien de vente"


def test_a_trainer_creates_and_publishes_an_assessment(
    page: Page, browser: Browser, demo_centre: DemoCentre
) -> None:
    log_in(page, demo_centre.url, TRAINER)
    open_class(page, demo_centre.url, RCNV)
    page.get_by_role("link", name="Nouvelle évaluation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvelle évaluation")

    page.get_by_label("Intitulé").fill(TITLE)
    page.get_by_label("Date").fill("2026-03-12")
    period = page.get_by_label("Période")
    period.select_option(
        period.locator("option", has_text="S2 (du ").get_attribute("value")
    )
    page.get_by_label("Type d'évaluation").select_option(label="Oral")
    page.get_by_label("Noté sur").fill("12.5")
    page.get_by_label("Coefficient").fill("abc")
    page.get_by_role("button", name="Créer l'évaluation").click()
    # The refused field says why, beside it; what was typed stays.
    expect(page.get_by_text("« abc » n'est pas un nombre.")).to_be_visible()
    expect(page.get_by_label("Intitulé")).to_have_value(TITLE)
    check_page(page)
    page.get_by_label("Coefficient").fill("1,5")
    screenshot(page, "nouvelle-evaluation.png")
    page.get_by_role("button", name="Créer l'évaluation").click()

    expect(page.get_by_role("status")).to_have_text(
        f"Évaluation « {TITLE} » créée, non publiée."
    )
    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("S2")
    expect(row).to_contain_text("12/03/2026")
    expect(row).to_contain_text("1,5")
    expect(row).to_contain_text("12,5")
    expect(row).to_contain_text("Non publiée")
    check_page(page)

    row.get_by_role("link", name=TITLE).click()
    expect(page.get_by_label("Noté sur")).to_have_value("12,5")
    learner = demo_centre.login_of("apprenti·e NDRC 2025")
    grade_through_the_api(page, demo_centre.url, learner.name, "9.5")

    with own_tab(browser) as student:
        log_in(student, demo_centre.url, learner.email)
        expect(student.get_by_role("heading", level=1)).to_have_text("Mes notes")
        expect(student.get_by_text(TITLE)).to_have_count(0)  # R7: not yet published

        page.get_by_role("button", name="Publier aux apprenti·es").click()
        expect(page.get_by_role("status")).to_contain_text("les apprenti·es la voient")
        expect(page.get_by_role("row").filter(has_text=TITLE)).to_contain_text(
            "Publiée"
        )

        student.reload()
        expect(student.get_by_role("row").filter(has_text=TITLE)).to_contain_text(
            "9,5 / 12,5"
        )


def grade_through_the_api(page: Page, base_url: str, name: str, score: str) -> None:
    """Give ``name`` a score at the assessment shown, with the page's session."""
    found = re.search(r"/evaluations/(\d+)$", page.url)
    assert found, page.url
    url = f"{base_url}/api/v1/assessments/{found.group(1)}/grades"
    rows = page.request.get(url).json()["rows"]
    student_id = next(
        r["student_id"]
        for r in rows
        if f"{r['last_name'].upper()} {r['first_name']}" == name
    )
    answer = page.request.put(
        url,
        data={"grades": [{"student_id": student_id, "score": score}]},
        headers={"X-CSRF-Token": csrf_token(page)},
    )
    assert answer.ok, answer.text()
