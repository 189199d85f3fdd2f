"""Control grades: the épreuves de contrôle of a registration (R3.6).

Revision ID: 7c1d2e3f4a5b
Revises: f0f21491dbc4
Create Date: 2026-11-30 23:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "7c1d2e3f4a5b"
down_revision = "f0f21491dbc4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "control_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "grade >= 0 AND grade <= 2000",
            name=op.f("ck_control_grades_grade_out_of_twenty"),
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["users.id"],
            name=op.f("fk_control_grades_entered_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_control_grades_registration_id_registrations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_control_grades")),
        sa.UniqueConstraint(
            "registration_id",
            "unit",
            name=op.f("uq_control_grades_registration_id_unit"),
        ),
    )
    op.create_index(
        op.f("ix_control_grades_registration_id"),
        "control_grades",
        ["registration_id"],
        unique=False,
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index(
        op.f("ix_control_grades_registration_id"), table_name="control_grades"
    )
    op.drop_table("control_grades")
