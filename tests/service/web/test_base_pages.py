"""What every page shares: the French menu per role, and the French error pages."""

from __future__ import annotations

import html
import re
from itertools import pairwise

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.service.web.trainer_world import Centre, log_in, visible_text

#: The director's menu after « Accueil ».
DIRECTOR_MENU = (
    "Classes",
    "Assiduité",
    "Sessions d'examen",
    "Administration",
    "Exports",
    "Journal",
)


def menu(page: str) -> list[tuple[str, bool]]:
    """The main menu's entries, each with whether it is the current page."""
    found = re.search(r'<nav class="menu"[^>]*>(.*?)</nav>', page, flags=re.S)
    assert found, "no main menu"
    links = re.findall(
        r"<a href=\"[^\"]+\"( aria-current=\"page\")?>([^<]+)</a>", found[1]
    )
    return [(html.unescape(label), bool(current)) for current, label in links]


def test_each_role_has_its_french_menu(app: Flask, centre: Centre) -> None:
    expected = {
        centre.director: [("Accueil", True), *[(x, False) for x in DIRECTOR_MENU]],
        centre.trainer: [
            ("Mes classes", True),
            ("Émargement", False),
            ("Assiduité", False),
        ],
        centre.student_emails[0]: [("Mes notes", True)],
    }
    for email, entries in expected.items():
        client = app.test_client()
        log_in(client, email)
        assert menu(client.get("/").text) == entries, email


def test_the_menu_marks_the_page_shown(client: FlaskClient, centre: Centre) -> None:
    log_in(client, centre.director)
    shown = menu(client.get("/classes").text)
    assert [label for label, current in shown if current] == ["Classes"]


def test_every_page_starts_with_a_skip_link_and_one_h1(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.trainer)
    for url in ("/", f"/classes/{centre.cohort_id}", "/compte/mot-de-passe"):
        page = client.get(url).text
        body = page[page.index("<body>") :]
        assert re.match(r'<body>\s*<a class="skip-link" href="#contenu">', body)
        assert 'id="contenu"' in page
        levels = [int(n) for n in re.findall(r"<h([1-6])", page)]
        assert levels[0] == 1
        assert levels.count(1) == 1
        assert all(b - a <= 1 for a, b in pairwise(levels))


def test_an_unknown_page_answers_a_french_404(client: FlaskClient) -> None:
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert '<html lang="fr">' in response.text
    assert "Page introuvable" in response.text
    assert "Retour à l'accueil" in visible_text(response)


def test_a_refused_role_answers_a_french_403(
    client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.student_emails[0])
    response = client.get("/classes")
    assert response.status_code == 403
    assert "Accès refusé" in response.text
    assert "Votre rôle ne permet pas cette opération." in response.text


def test_a_wrong_method_answers_a_french_405(client: FlaskClient) -> None:
    response = client.delete("/connexion")
    assert response.status_code == 405
    assert "Méthode non autorisée" in response.text
    assert "GET" in response.headers["Allow"]


def test_an_unexpected_error_gives_an_incident_reference_never_a_trace(
    app: Flask, client: FlaskClient, centre: Centre, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> str:
        raise RuntimeError("secret internals")

    log_in(client, centre.director)
    monkeypatch.setitem(app.view_functions, "web.cohorts", broken)
    response = client.get("/classes")
    assert response.status_code == 500
    text = visible_text(response)
    assert "Une erreur est survenue" in text
    incident = re.search(r"référence ([0-9a-f]{12}) ", text)
    assert incident, text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
