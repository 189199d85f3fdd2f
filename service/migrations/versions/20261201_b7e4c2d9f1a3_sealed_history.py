"""Sealed, append-only grade history (D8, T40).

A seal per row, and the database refuses UPDATE, DELETE (and, on PostgreSQL,
TRUNCATE) of grade_history.

Rows already there are sealed in id order with the running app's key.

Revision ID: b7e4c2d9f1a3
Revises: a1b2c3d4e5f6
Create Date: 2026-12-01 03:10:00
"""

import json
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from flask import current_app

from service.operations.seals import Sealer

revision = "b7e4c2d9f1a3"
down_revision = "a1b2c3d4e5f6"
branch_labels = None
depends_on = None

REFUSAL = "grade_history is append-only"
SQLITE_TRIGGERS = {
    "grade_history_no_update": "UPDATE",
    "grade_history_no_delete": "DELETE",
}
POSTGRES_FUNCTION = f"""
CREATE FUNCTION grade_history_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}';
END
$$
"""


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("grade_history") as batch:
        batch.add_column(sa.Column("seal", sa.String(length=64), nullable=True))
    _seal_existing_rows()
    with op.batch_alter_table("grade_history") as batch:
        batch.alter_column("seal", existing_type=sa.String(length=64), nullable=False)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)
        op.execute(
            "CREATE TRIGGER grade_history_append_only BEFORE UPDATE OR DELETE "
            "ON grade_history FOR EACH ROW EXECUTE FUNCTION grade_history_append_only()"
        )
        op.execute(
            "CREATE TRIGGER grade_history_no_truncate BEFORE TRUNCATE "
            "ON grade_history FOR EACH STATEMENT "
            "EXECUTE FUNCTION grade_history_append_only()"
        )
    else:
        for name, event in SQLITE_TRIGGERS.items():
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {event} ON grade_history "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER grade_history_no_truncate ON grade_history")
        op.execute("DROP TRIGGER grade_history_append_only ON grade_history")
        op.execute("DROP FUNCTION grade_history_append_only()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    with op.batch_alter_table("grade_history") as batch:
        batch.drop_column("seal")


def _seal_existing_rows() -> None:
    config = current_app.config
    sealer = Sealer(config.get("AUDIT_KEY") or config["SECRET_KEY"])
    bind = op.get_bind()
    rows = bind.execute(
        sa.text(
            "SELECT id, entity, entity_id, actor_id, source, import_batch_id, "
            "old, new, at FROM grade_history ORDER BY id"
        )
    ).mappings()
    chains: dict[tuple[str, int], str] = {}
    seals = []
    for row in rows:
        values = _values(row)
        link = (values["entity"], values["entity_id"])
        chains[link] = sealer.seal(chains.get(link), values)
        seals.append({"row_id": row["id"], "seal": chains[link]})
    if seals:
        bind.execute(
            sa.text("UPDATE grade_history SET seal = :seal WHERE id = :row_id"), seals
        )


def _values(row: Any) -> dict[str, Any]:
    """The row as the app reads it: JSON decoded, ``at`` an aware UTC datetime."""
    at = row["at"]
    if isinstance(at, str):
        at = datetime.fromisoformat(at)
    values = dict(row) | {"at": at.replace(tzinfo=UTC)}
    for name in ("old", "new"):
        if isinstance(values[name], str):
            values[name] = json.loads(values[name])
    return values
