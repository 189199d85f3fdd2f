"""The migrations build exactly the schema the models describe."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from service.app import create_app
from service.demo import load_demo
from service.extensions import Base, db
from service.models import User
from tests.service.conftest import base_config, dispose
from tests.service.factories import make_token


def test_migrated_schema_matches_the_models(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_create_every_model_table(app: Flask) -> None:
    with app.app_context():
        tables = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


#: The schema before this session's revisions (tutors, ids, resets, jobs, jury).
BEFORE_TUTORS = "d4e6f8a0b2c4"


def row_counts() -> dict[str, int]:
    """Rows per table of the current schema (Alembic's own table aside)."""
    tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    return {
        table: int(db.session.scalar(text(f'SELECT count(*) FROM "{table}"')) or 0)
        for table in sorted(tables)
    }


def test_migrations_keep_every_row_of_a_populated_sqlite_base(tmp_path: Path) -> None:
    """Rebuilding a table that others point at must not cascade nor break keys."""
    app = create_app(base_config(f"sqlite:///{tmp_path / 'carnet.db'}"))
    with app.app_context():
        upgrade()
        load_demo(students_per_cohort=2)
        for user in db.session.scalars(select(User)):
            make_token(user)  # api_tokens cascade from users: the risky kind
        db.session.commit()
        db.session.remove()
        downgrade(revision=BEFORE_TUTORS)
        before = row_counts()
        assert before["api_tokens"] > 0
        db.session.remove()
        upgrade()
        after = row_counts()
        assert {table: after[table] for table in before} == before
        assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
        assert db.session.scalar(text("PRAGMA foreign_keys")) == 1
    dispose(app)
