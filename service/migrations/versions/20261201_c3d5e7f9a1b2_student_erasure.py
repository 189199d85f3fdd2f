"""Student erasure (T48): when a record was erased, and why what is left is kept.

Revision ID: c3d5e7f9a1b2
Revises: b7e4c2d9f1a3
Create Date: 2026-12-01 04:05:00
"""

import sqlalchemy as sa
from alembic import op

revision = "c3d5e7f9a1b2"
down_revision = "b7e4c2d9f1a3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("students") as batch:
        batch.add_column(sa.Column("erased_at", sa.DateTime(), nullable=True))
        batch.add_column(
            sa.Column("retention_basis", sa.String(length=200), nullable=True)
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("students") as batch:
        batch.drop_column("retention_basis")
        batch.drop_column("erased_at")
