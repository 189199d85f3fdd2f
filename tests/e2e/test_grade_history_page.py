"""A grade's history in the browser: the trainer's change, by name, in French."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import TRAINER, check_page, csrf_token, log_in, screenshot

pytestmark = pytest.mark.e2e


def mark_absent(page: Page, base_url: str) -> int:
    """Set one of the trainer's scored grades to ABS through the API; return its id.

    Grades of a locked assessment refuse the change (409): the next one is tried.
    """
    headers = {"X-CSRF-Token": csrf_token(page), "Content-Type": "application/json"}
    grades = page.request.get(f"{base_url}/api/v1/grades").json()
    for grade in (g for g in grades if g["score"] is not None):
        answer = page.request.put(
            f"{base_url}/api/v1/grades/{grade['id']}",
            headers=headers | {"If-Match": f'"{grade["version"]}"'},
            data=json.dumps({"score": None, "status": "ABS", "comment": "Absent"}),
        )
        if answer.ok:
            return int(grade["id"])
        assert answer.status == 409, answer.text()
    raise AssertionError("no writable grade in the demo")


def test_a_trainer_reads_who_changed_a_grade_and_from_what(
    page: Page, live_server: str
) -> None:
    log_in(page, live_server, TRAINER)
    grade_id = mark_absent(page, live_server)
    page.goto(f"{live_server}/notes/{grade_id}/historique")
    expect(page.get_by_role("heading", level=1)).to_have_text("Historique de la note")
    last = page.get_by_role("row").last
    expect(last).to_contain_text("Julien Moreau")
    expect(last).to_contain_text("API")
    expect(last).to_contain_text("Absent·e")
    expect(last).to_contain_text(
        re.compile(r"\d{1,2}(er)? [^ ]+ 20\d\d à \d{1,2} h \d\d")
    )
    before = last.locator("td").nth(3).inner_text()
    assert re.fullmatch(r"\d+(,\d+)? / \d+(,\d+)?", before.strip()), before
    assert "ABS" not in page.locator("main").inner_text()
    check_page(page)
    screenshot(page, "historique.png")
