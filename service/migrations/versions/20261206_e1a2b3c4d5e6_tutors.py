"""Company tutors: the tutor role, tutor links, and when a user last read their news.

Revision ID: e1a2b3c4d5e6
Revises: d4e6f8a0b2c4
Create Date: 2026-12-06 21:00:00
"""

revision = "e1a2b3c4d5e6"
down_revision = "d4e6f8a0b2c4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""


def downgrade() -> None:
    """Revert this revision."""
