"""The contracts register (people tab « Contrats »): the director lists a cohort's
contracts, records one (kind, dates, employer, tutor, funder, appreciation)
and changes it; dates out of order are refused beside their field; nobody
else reaches it."""

from __future__ import annotations

from datetime import date

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.extensions import db
from service.models import AuditEvent, Contract, ContractType
from tests.service.web.trainer_world import Centre, log_in, read_page, visible_text

LIST = "/administration/contrats"


def contract_form(csrf: str, **changes: str) -> dict[str, str]:
    """A filled contract form."""
    return {
        "csrf_token": csrf,
        "kind": "apprentissage",
        "starts_on": "2025-09-01",
        "ends_on": "2027-08-31",
        "employer": "Boulangerie Leroy",
        "tutor_name": "Marc Leroy",
        "funder": "OPCO EP",
        "tutor_appreciation": "Très investie auprès des clients.",
    } | changes


def contracts(app: Flask) -> list[Contract]:
    with app.app_context():
        rows = list(db.session.scalars(select(Contract).order_by(Contract.id)))
        db.session.expunge_all()
        return rows


def test_the_director_records_then_changes_a_contract(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    csrf = log_in(client, centre.director)
    _, page = read_page(client, LIST)
    assert "Comptes Classes Apprentis Affectations Tuteurs Contrats" in page
    assert "ARNAUD Alice aucun contrat · Ajouter" in page
    alice = centre.student_ids[0]
    new = f"{LIST}/nouveau/{alice}"
    form = client.get(new)
    assert 'value="Boulangerie Leroy"' in form.text  # from the record
    saved = client.post(new, data=contract_form(csrf))
    assert saved.status_code == 302
    _, page = read_page(client, saved.headers["Location"])
    assert "Contrat de ARNAUD Alice enregistré." in page
    assert (
        "ARNAUD Alice Contrat d'apprentissage de ARNAUD Alice : modifier "
        "du 01/09/2025 au 31/08/2027 Boulangerie Leroy Marc Leroy OPCO EP"
    ) in page
    (contract,) = contracts(app)
    assert (contract.kind, contract.funder) == (ContractType.APPRENTISSAGE, "OPCO EP")
    assert contract.tutor_appreciation == "Très investie auprès des clients."
    changed = client.post(
        f"{LIST}/{contract.id}",
        data=contract_form(
            csrf, kind="professionnalisation", ends_on="2026-12-31", funder=""
        ),
    )
    assert changed.status_code == 302
    (contract,) = contracts(app)
    assert (contract.kind, contract.ends_on, contract.funder) == (
        ContractType.PROFESSIONNALISATION,
        date(2026, 12, 31),
        None,
    )
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id))
        assert list(actions) == ["contract.create", "contract.update"]
    _, journal = read_page(client, "/journal")
    assert "Saisie d'un contrat" in journal
    assert "Modification d'un contrat" in journal


def test_wrong_fields_are_refused_beside_them_and_nothing_is_saved(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    csrf = log_in(client, centre.director)
    new = f"{LIST}/nouveau/{centre.student_ids[0]}"
    refused = client.post(
        new, data=contract_form(csrf, starts_on="2027-09-01", employer="Leroy")
    )
    assert refused.status_code == 422
    assert "Fin du contrat : au plus tôt le jour de son début." in visible_text(refused)
    refused = client.post(
        new, data=contract_form(csrf, ends_on="31/08", employer="", kind="cdi")
    )
    text = visible_text(refused)
    assert "corrigez les 3 champs signalés" in text
    assert "Fin du contrat : une date (jj/mm/aaaa)." in text
    assert "Employeur : à remplir." in text
    assert "Type de contrat : choisissez dans la liste." in text
    assert contracts(app) == []


def test_only_the_director_reaches_the_register(
    app: Flask, client: FlaskClient, centre: Centre
) -> None:
    log_in(client, centre.director)
    assert client.get(f"{LIST}/999").status_code == 404
    assert client.get(f"{LIST}/nouveau/999").status_code == 404
    for email in (centre.trainer, centre.student_emails[0]):
        other = app.test_client()
        log_in(other, email)
        assert other.get(LIST).status_code == 403
        assert other.get(f"{LIST}/nouveau/{centre.student_ids[0]}").status_code == 403
