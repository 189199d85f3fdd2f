"""The team's words on an apprentice's motivation and engagement, in the livret
avis (R8, « éléments complémentaires »).

Revision ID: a8b9c0d1e2f3
Revises: f1a2b3c4d5e6
Create Date: 2026-12-07 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a8b9c0d1e2f3"
down_revision = "f1a2b3c4d5e6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("livret_avis") as batch:
        batch.add_column(sa.Column("engagement", sa.Text(), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("livret_avis") as batch:
        batch.drop_column("engagement")
