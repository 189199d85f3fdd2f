"""The jury president of an exam session (shown on the PV).

Revision ID: e5e6f7a8b9c0
Revises: e4d5e6f7a8b9
Create Date: 2026-12-06 21:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e5e6f7a8b9c0"
down_revision = "e4d5e6f7a8b9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("exam_sessions") as batch:
        batch.add_column(
            sa.Column("jury_president", sa.String(length=200), nullable=True)
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("exam_sessions") as batch:
        batch.drop_column("jury_president")
