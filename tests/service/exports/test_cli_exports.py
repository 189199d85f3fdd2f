"""`carnet export-livret` and `carnet export-pv` on the demo centre, as xlsx or,
for an output named ….pdf, as PDF (read back with pdftotext)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from service.extensions import db
from service.models import Cohort, ExamSession, SessionState
from tests.importers.export_checks import load
from tests.service.exports.export_helpers import first_apprentice
from tests.service.exports.test_pdf_exports import pdf_text


def test_the_cli_writes_the_demo_livret_and_pv(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(args=["carnet", "demo", "--students", "4"]).exit_code == 0
    with app.app_context():
        cohort = db.session.scalars(select(Cohort).order_by(Cohort.id)).first()
        assert cohort is not None
        cohort_id, size = cohort.id, len(cohort.students)
        locked = db.session.scalar(
            select(ExamSession.id).where(ExamSession.state == SessionState.LOCKED)
        )
    livret = tmp_path / "livret.xlsx"
    done = runner.invoke(args=["carnet", "export-livret", str(cohort_id), str(livret)])
    assert done.exit_code == 0, done.output
    assert f".xlsx » écrit : {livret} ({size} fiches)" in done.output
    assert len(load(livret.read_bytes()).sheetnames) == 1 + size
    pv = tmp_path / "pv.xlsx"
    written = runner.invoke(args=["carnet", "export-pv", str(locked), str(pv)])
    assert written.exit_code == 0, written.output
    assert load(pv.read_bytes()).sheetnames == ["Procès-verbal"]
    missing = runner.invoke(args=["carnet", "export-pv", "999999", str(pv)])
    assert missing.exit_code == 1
    assert "session 999999 introuvable" in missing.output
    unknown = runner.invoke(
        args=[
            "carnet",
            "export-livret",
            str(cohort_id),
            str(livret),
            "--session",
            "9999",
        ]
    )
    assert unknown.exit_code == 1


def test_an_output_named_pdf_gets_the_livret_and_the_pv_as_pdf(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    assert runner.invoke(args=["carnet", "demo", "--students", "3"]).exit_code == 0
    with app.app_context():
        cohort, first = first_apprentice()
        cohort_id, size = cohort.id, len(cohort.students)
        name = f"{first.last_name.upper()} {first.first_name}"
        locked = db.session.scalar(
            select(ExamSession.id).where(ExamSession.state == SessionState.LOCKED)
        )
    livret = tmp_path / "livret.PDF"
    done = runner.invoke(args=["carnet", "export-livret", str(cohort_id), str(livret)])
    pv = tmp_path / "pv.pdf"
    written = runner.invoke(args=["carnet", "export-pv", str(locked), str(pv)])

    assert done.exit_code == 0, done.output
    assert f".pdf » écrit : {livret} ({size} fiches)" in done.output
    words, pages = pdf_text(livret.read_bytes(), tmp_path)
    assert pages == 1 + size  # the summary, then one page per apprentice
    assert name in words
    assert written.exit_code == 0, written.output
    words, _ = pdf_text(pv.read_bytes(), tmp_path)
    assert "Procès-verbal" in words
