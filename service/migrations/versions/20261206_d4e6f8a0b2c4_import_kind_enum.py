"""Import batches: the kind is one of the four readers (a CHECK, like the state).

Revision ID: d4e6f8a0b2c4
Revises: c3d5e7f9a1b2
Create Date: 2026-12-06 18:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "d4e6f8a0b2c4"
down_revision = "c3d5e7f9a1b2"
branch_labels = None
depends_on = None

KIND = sa.Enum(
    "gradebook",
    "moodle",
    "generic",
    "roster",
    name="import_kind",
    native_enum=False,
    create_constraint=True,
    length=32,
)


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("import_batches") as batch:
        batch.alter_column(
            "kind", existing_type=sa.String(length=40), type_=KIND, nullable=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("import_batches") as batch:
        batch.alter_column(
            "kind", existing_type=KIND, type_=sa.String(length=40), nullable=False
        )
