"""Company tutors: the tutor role, tutor links, and when a user last read their news.

Revision ID: e1a2b3c4d5e6
Revises: d4e6f8a0b2c4
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "e1a2b3c4d5e6"
down_revision = "d4e6f8a0b2c4"
branch_labels = None
depends_on = None


def _role(*values: str) -> sa.Enum:
    return sa.Enum(
        *values,
        name="role",
        native_enum=False,
        create_constraint=True,
        length=32,
    )


OLD_ROLE = _role("director", "trainer", "student")
NEW_ROLE = _role("director", "trainer", "student", "tutor")


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("users") as batch:
        batch.alter_column(
            "role", existing_type=OLD_ROLE, type_=NEW_ROLE, nullable=False
        )
        batch.add_column(sa.Column("news_seen_at", sa.DateTime(), nullable=True))
    op.create_table(
        "tutor_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tutor_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_tutor_links_student_id_students"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tutor_id"],
            ["users.id"],
            name=op.f("fk_tutor_links_tutor_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tutor_links")),
        sa.UniqueConstraint(
            "tutor_id", "student_id", name=op.f("uq_tutor_links_tutor_id_student_id")
        ),
    )
    with op.batch_alter_table("tutor_links") as batch:
        batch.create_index(
            batch.f("ix_tutor_links_student_id"), ["student_id"], unique=False
        )
        batch.create_index(
            batch.f("ix_tutor_links_tutor_id"), ["tutor_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("tutor_links")
    # Tutor accounts stay (tokens and history point at them), closed, as students.
    op.execute(
        sa.text(
            "UPDATE users SET role = 'student', active = :closed WHERE role = 'tutor'"
        ).bindparams(closed=False)
    )
    with op.batch_alter_table("users") as batch:
        batch.drop_column("news_seen_at")
        batch.alter_column(
            "role", existing_type=NEW_ROLE, type_=OLD_ROLE, nullable=False
        )
