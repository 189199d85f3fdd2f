"""Every export kind opens in LibreOffice and converts to PDF; the demo exports too."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from service.demo import load_demo
from service.extensions import db
from service.models import Cohort
from service.operations.exports.livret import export_livret, livret_settings
from tests.importers.export_checks import convert, load
from tests.service.api.conftest import World
from tests.service.exports.export_helpers import known_cohort, workbook
from tests.service.exports.jury_helpers import deliberate, post


def test_libreoffice_converts_every_export_kind_to_pdf(
    app: Flask, client: FlaskClient, world: World, tmp_path: Path
) -> None:
    known_cohort(app, world)
    jury = deliberate(app, client, world)
    assert post(client, world, f"/sessions/{jury.session}/publish").status_code == 200
    director = world.headers(world.director)
    alice = world.student_ids["alice"]
    urls = {
        "livret": f"/api/v1/cohorts/{world.cohort_a}/livret.xlsx",
        "carnet": f"/api/v1/cohorts/{world.cohort_a}/gradebook.xlsx",
        "pv": f"/api/v1/sessions/{jury.session}/pv.xlsx",
        "attestation": f"/api/v1/students/{alice}/attestation.xlsx",
    }
    files = []
    for name, url in urls.items():
        response = client.get(url, headers=director)
        workbook(response)
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(response.get_data())
        files.append(path)
    out = tmp_path / "pdf"
    run = convert(files, "pdf", out)
    assert run.returncode == 0, run.stderr
    for name in urls:
        pdf = out / f"{name}.pdf"
        assert pdf.exists(), (name, run.stdout, run.stderr)
        assert pdf.read_bytes().startswith(b"%PDF")


def test_the_demo_centre_exports_its_livrets_without_error(app: Flask) -> None:
    with app.app_context():
        load_demo(students_per_cohort=4)
        db.session.commit()
        settings = livret_settings(app.config)
        cohorts = list(db.session.scalars(select(Cohort).order_by(Cohort.id)))
        assert cohorts
        for cohort in cohorts:
            book = load(export_livret(cohort, None, settings))
            assert book.sheetnames[0] == "Synthèse"
            assert len(book.sheetnames) == 1 + len(cohort.students)
