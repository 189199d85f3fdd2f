"""The `carnet` commands: init, demo and create-user."""

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import Select, func, inspect, select, text
from sqlalchemy.orm import Session

from service.app import create_app
from service.console import main
from service.extensions import Base, db
from service.models import (
    BlocEntry,
    CcfSituation,
    CcfState,
    Cohort,
    Decision,
    Grade,
    GradeStatus,
    KeptBenefit,
    RegistrationResult,
    Role,
    Student,
    User,
)
from service.passwords import check_password
from tests.service.conftest import (
    DatabaseSetup,
    base_config,
    dispose,
    reset_database,
)
from tests.service.factories import make_user


def content_digest() -> str:
    """SHA-256 of every row of every table (password hashes are salted: left out)."""
    digest = hashlib.sha256()
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.c if c.name != "password_hash"]
        query = select(*columns).order_by(*table.primary_key.columns)
        for row in db.session.execute(query):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def count(query: Select[Any]) -> int:
    """How many rows ``query`` returns."""
    total: int | None = db.session.scalar(
        select(func.count()).select_from(query.subquery())
    )
    return total or 0


def test_demo_is_deterministic(
    app: Flask, runner: FlaskCliRunner, test_database: DatabaseSetup
) -> None:
    digests = []
    for _ in range(2):
        result = runner.invoke(args=["carnet", "demo", "--students", "8"])
        assert result.exit_code == 0, result.output
        with app.app_context():
            digests.append(content_digest())
        reset_database(app, test_database)
    assert digests[0] == digests[1]


def test_demo_builds_a_realistic_centre(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["carnet", "demo"])
    assert result.exit_code == 0, result.output
    assert "directrice@carnet.test" in result.output
    assert "carnet-demo" in result.output
    audit = runner.invoke(args=["carnet", "verify-audit"])
    assert audit.exit_code == 0, audit.output  # every demo write has its history
    for statement in (
        "UPDATE ccf_situations SET proposed_grade = 2000 WHERE id = 1",
        "UPDATE exam_unit_grades SET status = 'absent', grade = NULL, "
        "written = NULL, practical = NULL WHERE id = 1",
    ):
        with app.app_context():
            db.session.execute(text(statement))
            db.session.commit()
        tampered = runner.invoke(args=["carnet", "verify-audit"])
        assert tampered.exit_code == 1, (statement, tampered.output)
    with app.app_context():
        cohorts = {c.name: len(c.students) for c in db.session.scalars(select(Cohort))}
        assert cohorts["NDRC 2025–2027"] == cohorts["NDRC 2026–2028"] == 24
        assert count(select(User).where(User.role == Role.TRAINER)) == 4
        for status in (GradeStatus.ABS, GradeStatus.ABJ):
            assert count(select(Grade).where(Grade.status == status)) > 0
        proposed = select(CcfSituation).where(CcfSituation.state == CcfState.PROPOSED)
        assert count(proposed) > 0
        refused = select(RegistrationResult).where(
            RegistrationResult.decision != Decision.ADMIS
        )
        assert count(refused) >= 2
        assert count(select(BlocEntry)) > 0
        assert count(select(KeptBenefit)) > 0
        director = db.session.scalar(
            select(User).where(User.email == "directrice@carnet.test")
        )
        assert director is not None
        assert check_password(director.password_hash, "carnet-demo")[0]


def test_demo_if_empty_keeps_existing_data(
    app: Flask, runner: FlaskCliRunner, db_session: Session
) -> None:
    make_user(email="deja@la.test")
    db_session.commit()
    result = runner.invoke(args=["carnet", "demo", "--if-empty"])
    assert result.exit_code == 0
    assert "démo non chargée" in result.output
    assert db_session.scalars(select(User.email)).all() == ["deja@la.test"]
    assert db_session.scalar(select(func.count()).select_from(Student)) == 0


def test_demo_refuses_a_database_that_is_not_empty(
    runner: FlaskCliRunner, db_session: Session
) -> None:
    make_user()
    db_session.commit()
    result = runner.invoke(args=["carnet", "demo"])
    assert result.exit_code != 0
    assert "pas vide" in result.output


def test_create_user_adds_an_account_that_can_log_in(
    runner: FlaskCliRunner, db_session: Session
) -> None:
    args = ["carnet", "create-user", "--email", " Chef@CFA.test ", "--name", "Chef"]
    args += ["--role", "director", "--password", "un mot de passe long"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    user = db_session.scalar(select(User).where(User.email == "chef@cfa.test"))
    assert user is not None
    assert user.role is Role.DIRECTOR
    assert check_password(user.password_hash, "un mot de passe long") == (True, None)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--password", "court", "12 caractères"),
        ("--email", "pas-une-adresse", "e-mail"),
    ],
)
def test_create_user_rejects_bad_input(
    runner: FlaskCliRunner, db_session: Session, option: str, value: str, message: str
) -> None:
    values = {"--email": "a@b.test", "--password": "assez long pour passer"} | {
        option: value
    }
    args = ["carnet", "create-user", "--name", "X", "--role", "trainer"]
    result = runner.invoke(
        args=args + [item for pair in values.items() for item in pair]
    )
    assert result.exit_code != 0
    assert message in result.output
    assert db_session.scalar(select(func.count()).select_from(User)) == 0


@pytest.fixture
def empty_sqlite_app(tmp_path: Path) -> Iterator[Flask]:
    """An app on a SQLite file with no tables at all."""
    app = create_app(base_config(f"sqlite:///{tmp_path / 'fresh.db'}"))
    yield app
    dispose(app)


def test_init_creates_the_schema_and_can_run_twice(empty_sqlite_app: Flask) -> None:
    runner = empty_sqlite_app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["carnet", "init"])
        assert result.exit_code == 0, result.output
    with empty_sqlite_app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_the_carnet_console_script_runs_the_commands(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'script.db'}")
    monkeypatch.setenv("SECRET_KEY", "console-script-test-key")
    monkeypatch.setattr("sys.argv", ["carnet", "init"])
    with pytest.raises(SystemExit) as exit_status:
        main()
    assert exit_status.value.code == 0
    assert (tmp_path / "script.db").stat().st_size > 0
