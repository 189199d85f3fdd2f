"""`carnet import-grades`: preview, then commit once."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from service.extensions import db
from service.models import Assessment, AuditEvent
from tests.service.api.conftest import World
from tests.service.imports.conftest import export, fill, grade_rows


def test_the_command_previews_then_commits(
    app: Flask,
    client: FlaskClient,
    runner: FlaskCliRunner,
    world: World,
    *,
    assessment: int,
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "notes.xlsx"
    sheet.write_bytes(fill(export(client, world, assessment), {"E5": "12,5"}))
    args = ["carnet", "import-grades", str(sheet), "--assessment", str(assessment)]
    args += ["--as", "formateur.a@carnet.test"]
    preview = runner.invoke(args=args)
    assert preview.exit_code == 0, preview.output
    assert "1 nouvelles, 0 modifiées, 0 inchangées, 0 erreurs" in preview.output
    assert grade_rows(app) == []
    committed = runner.invoke(args=[*args, "--commit"])
    assert committed.exit_code == 0, committed.output
    assert "Enregistré : 1 nouvelles" in committed.output
    assert [row[2] for row in grade_rows(app)] == [Decimal("12.50")]
    again = runner.invoke(args=[*args, "--commit"])
    assert "0 nouvelles, 0 modifiées, 1 inchangées" in again.output
    other = runner.invoke(args=[*args[:4], str(assessment + 1), *args[5:]])
    assert other.exit_code == 1
    assert "ne concerne pas" in other.output


def test_a_locked_assessment_refuses_the_command_and_the_refusal_is_audited(
    app: Flask,
    client: FlaskClient,
    runner: FlaskCliRunner,
    world: World,
    *,
    assessment: int,
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "notes.xlsx"
    sheet.write_bytes(fill(export(client, world, assessment), {"E5": 12}))
    with app.app_context():
        locked = db.session.get(Assessment, assessment)
        assert locked is not None
        locked.locked = True
        db.session.commit()
    args = ["carnet", "import-grades", str(sheet), "--assessment", str(assessment)]
    result = runner.invoke(args=[*args, "--as", "formateur.a@carnet.test", "--commit"])
    assert result.exit_code == 1
    assert "verrouillée" in result.output
    assert grade_rows(app) == []
    with app.app_context():
        events = db.session.scalars(select(AuditEvent)).all()
        assert [(e.action, e.outcome) for e in events] == [
            ("grade.import", "refused_locked")
        ]
