"""Imports: rows kept between preview and commit, undo, remembered column mappings.

Revision ID: a1b2c3d4e5f6
Revises: 7c1d2e3f4a5b
Create Date: 2026-12-01 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1b2c3d4e5f6"
down_revision = "7c1d2e3f4a5b"
branch_labels = None
depends_on = None

OLD_STATES = ("previewed", "committed", "failed")
NEW_STATES = (*OLD_STATES, "undone")


def _state(values: tuple[str, ...]) -> sa.Enum:
    return sa.Enum(
        *values,
        name="import_state",
        native_enum=False,
        create_constraint=True,
        length=32,
    )


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("import_batches") as batch:
        batch.alter_column(
            "state", existing_type=_state(OLD_STATES), type_=_state(NEW_STATES)
        )
    op.create_table(
        "import_payloads",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("forced", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("preview", sa.JSON(), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(none_as_null=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["import_batches.id"],
            name=op.f("fk_import_payloads_batch_id_import_batches"),
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_import_payloads")),
    )
    op.create_table(
        "import_mappings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_import_mappings_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint(
            "user_id", "signature", name=op.f("uq_import_mappings_user_id_signature")
        ),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("import_mappings")
    op.drop_table("import_payloads")
    op.execute("UPDATE import_batches SET state = 'failed' WHERE state = 'undone'")
    with op.batch_alter_table("import_batches") as batch:
        batch.alter_column(
            "state", existing_type=_state(NEW_STATES), type_=_state(OLD_STATES)
        )
