"""Initial schema: every Carnet table (written from the models, reviewed by hand).

Revision ID: 3be9453be9a5
Revises:
Create Date: 2026-11-30 20:15:26.694899
"""

import sqlalchemy as sa
from alembic import op

revision = "3be9453be9a5"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "cohorts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("regulation_id", sa.String(length=40), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column("exam_session_year", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "exam_session_year > start_year", name=op.f("ck_cohorts_exam_after_start")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cohorts")),
        sa.UniqueConstraint("name", name=op.f("uq_cohorts_name")),
    )
    op.create_table(
        "exam_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("regulation_id", sa.String(length=40), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("jury_date", sa.Date(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "deliberated",
                "published",
                "locked",
                name="session_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_sessions")),
        sa.UniqueConstraint(
            "regulation_id", "year", name=op.f("uq_exam_sessions_regulation_id_year")
        ),
    )
    op.create_table(
        "subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hours_per_year", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("code", name=op.f("uq_subjects_code")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "director",
                "trainer",
                "student",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("session_epoch", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "length(token_hash) = 64", name=op.f("ck_api_tokens_hash_length")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_api_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("rows_read", sa.Integer(), nullable=False),
        sa.Column("rows_imported", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "previewed",
                "committed",
                "failed",
                name="import_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "length(sha256) = 64", name=op.f("ck_import_batches_sha256_length")
        ),
        sa.CheckConstraint(
            "rows_read = rows_imported + rows_rejected",
            name=op.f("ck_import_batches_rows_accounted"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_import_batches_created_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batches")),
    )
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column(
            "code",
            sa.Enum(
                "S1",
                "S2",
                "S3",
                "S4",
                name="period_code",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "starts_on <= ends_on", name=op.f("ck_periods_dates_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_periods_cohort_id_cohorts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_periods")),
        sa.UniqueConstraint(
            "cohort_id", "code", name=op.f("uq_periods_cohort_id_code")
        ),
    )
    op.create_table(
        "students",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_number", sa.String(length=20), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("ine", sa.String(length=11), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column(
            "candidate_category",
            sa.Enum(
                "cfa_habilite",
                "cfa_non_habilite",
                "distance",
                "experience",
                "continuing_education",
                name="candidate_category",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "exam_form",
            sa.Enum(
                "globale",
                "progressive",
                name="exam_form",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "contract",
            sa.Enum(
                "apprentissage",
                "professionnalisation",
                name="contract_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("employer", sa.String(length=200), nullable=True),
        sa.Column("tutor_name", sa.String(length=200), nullable=True),
        sa.Column("tutor_email", sa.String(length=254), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(ine) = 11", name=op.f("ck_students_ine_length")),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_students_cohort_id_cohorts")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_students_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_students")),
        sa.UniqueConstraint("ine", name=op.f("uq_students_ine")),
        sa.UniqueConstraint("student_number", name=op.f("uq_students_student_number")),
        sa.UniqueConstraint("user_id", name=op.f("uq_students_user_id")),
    )
    op.create_index(
        op.f("ix_students_cohort_id"), "students", ["cohort_id"], unique=False
    )
    op.create_table(
        "teaching_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_teaching_assignments_cohort_id_cohorts"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_teaching_assignments_subject_id_subjects"),
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"],
            ["users.id"],
            name=op.f("fk_teaching_assignments_trainer_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teaching_assignments")),
        sa.UniqueConstraint(
            "trainer_id",
            "cohort_id",
            "subject_id",
            name=op.f("uq_teaching_assignments_trainer_id_cohort_id_subject_id"),
        ),
    )
    op.create_table(
        "appreciations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("year_of_study", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(period_id IS NULL) <> (year_of_study IS NULL)",
            name=op.f("ck_appreciations_period_xor_year"),
        ),
        sa.CheckConstraint(
            "year_of_study IN (1, 2)", name=op.f("ck_appreciations_year_of_study_range")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_appreciations_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["period_id"],
            ["periods.id"],
            name=op.f("fk_appreciations_period_id_periods"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_appreciations_student_id_students"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_appreciations_subject_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appreciations")),
        sa.UniqueConstraint(
            "student_id",
            "subject_id",
            "period_id",
            name=op.f("uq_appreciations_student_id_subject_id_period_id"),
        ),
        sa.UniqueConstraint(
            "student_id",
            "subject_id",
            "year_of_study",
            name=op.f("uq_appreciations_student_id_subject_id_year_of_study"),
        ),
    )
    op.create_index(
        op.f("ix_appreciations_student_id"),
        "appreciations",
        ["student_id"],
        unique=False,
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "written",
                "oral",
                "case_study",
                "practical",
                "project",
                name="assessment_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("coefficient", sa.Integer(), nullable=False),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("locked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "coefficient > 0", name=op.f("ck_assessments_coefficient_positive")
        ),
        sa.CheckConstraint(
            "max_score > 0", name=op.f("ck_assessments_max_score_positive")
        ),
        sa.ForeignKeyConstraint(
            ["cohort_id"], ["cohorts.id"], name=op.f("fk_assessments_cohort_id_cohorts")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_assessments_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["periods.id"], name=op.f("fk_assessments_period_id_periods")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_assessments_subject_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
        sa.UniqueConstraint(
            "id", "max_score", name=op.f("uq_assessments_id_max_score")
        ),
    )
    op.create_index(
        op.f("ix_assessments_cohort_id"), "assessments", ["cohort_id"], unique=False
    )
    op.create_table(
        "ccf_situations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("situation_number", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=True),
        sa.Column("proposed_grade", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "proposed",
                "published",
                name="ccf_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "proposed_grade >= 0 AND proposed_grade <= 2000",
            name=op.f("ck_ccf_situations_proposed_grade_out_of_twenty"),
        ),
        sa.CheckConstraint(
            "situation_number >= 1",
            name=op.f("ck_ccf_situations_situation_number_positive"),
        ),
        sa.CheckConstraint(
            "version >= 1", name=op.f("ck_ccf_situations_version_positive")
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_ccf_situations_student_id_students"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_ccf_situations_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ccf_situations")),
        sa.UniqueConstraint(
            "student_id",
            "unit",
            "situation_number",
            name=op.f("uq_ccf_situations_student_id_unit_situation_number"),
        ),
    )
    op.create_index(
        op.f("ix_ccf_situations_student_id"),
        "ccf_situations",
        ["student_id"],
        unique=False,
    )
    op.create_table(
        "grade_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "entity",
            sa.Enum(
                "grade",
                "ccf_situation",
                "exam_unit_grade",
                name="history_entity",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "web",
                "api",
                "import",
                "cli",
                name="change_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("old", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("new", sa.JSON(none_as_null=True), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_grade_history_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batches.id"],
            name=op.f("fk_grade_history_import_batch_id_import_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grade_history")),
    )
    op.create_index(
        "ix_grade_history_entity",
        "grade_history",
        ["entity", "entity_id"],
        unique=False,
    )
    op.create_table(
        "livret_avis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("avis", sa.String(length=60), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("examined_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_livret_avis_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["exam_sessions.id"],
            name=op.f("fk_livret_avis_session_id_exam_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_livret_avis_student_id_students"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_livret_avis")),
        sa.UniqueConstraint(
            "student_id",
            "session_id",
            name=op.f("uq_livret_avis_student_id_session_id"),
        ),
    )
    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column(
            "form",
            sa.Enum(
                "globale",
                "progressive",
                name="exam_form",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["exam_sessions.id"],
            name=op.f("fk_registrations_session_id_exam_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_registrations_student_id_students"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
        sa.UniqueConstraint(
            "student_id",
            "session_id",
            name=op.f("uq_registrations_student_id_session_id"),
        ),
    )
    op.create_index(
        op.f("ix_registrations_student_id"),
        "registrations",
        ["student_id"],
        unique=False,
    )
    op.create_table(
        "bloc_ledger",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "session",
                "benefit",
                "previous_school",
                "vae",
                name="bloc_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("registration_id", sa.Integer(), nullable=True),
        sa.Column("obtained_session_year", sa.Integer(), nullable=True),
        sa.Column("obtained_on", sa.Date(), nullable=False),
        sa.Column("valid_through_session", sa.Integer(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "grade >= 0 AND grade <= 2000",
            name=op.f("ck_bloc_ledger_grade_out_of_twenty"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_bloc_ledger_registration_id_registrations"),
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["students.id"],
            name=op.f("fk_bloc_ledger_student_id_students"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bloc_ledger")),
    )
    op.create_index(
        op.f("ix_bloc_ledger_student_id"), "bloc_ledger", ["student_id"], unique=False
    )
    op.create_table(
        "ccf_evaluators",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("situation_id", sa.Integer(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "trainer",
                "professional",
                name="evaluator_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "user_id IS NOT NULL OR name IS NOT NULL",
            name=op.f("ck_ccf_evaluators_user_or_name"),
        ),
        sa.ForeignKeyConstraint(
            ["situation_id"],
            ["ccf_situations.id"],
            name=op.f("fk_ccf_evaluators_situation_id_ccf_situations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_ccf_evaluators_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ccf_evaluators")),
    )
    op.create_index(
        op.f("ix_ccf_evaluators_situation_id"),
        "ccf_evaluators",
        ["situation_id"],
        unique=False,
    )
    op.create_table(
        "dispenses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_dispenses_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispenses")),
        sa.UniqueConstraint(
            "registration_id", "unit", name=op.f("uq_dispenses_registration_id_unit")
        ),
    )
    op.create_table(
        "exam_unit_grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=True),
        sa.Column("written", sa.Integer(), nullable=True),
        sa.Column("practical", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "absent",
                "absent_force_majeure",
                "dispensed",
                name="exam_unit_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(CASE WHEN grade IS NOT NULL THEN 1 ELSE 0 END) + (CASE WHEN written IS NOT NULL OR practical IS NOT NULL THEN 1 ELSE 0 END) + (CASE WHEN status IS NOT NULL THEN 1 ELSE 0 END) = 1",
            name=op.f("ck_exam_unit_grades_one_form_of_grade"),
        ),
        sa.CheckConstraint(
            "grade >= 0 AND grade <= 2000",
            name=op.f("ck_exam_unit_grades_grade_out_of_twenty"),
        ),
        sa.CheckConstraint(
            "practical >= 0 AND practical <= 2000",
            name=op.f("ck_exam_unit_grades_practical_out_of_twenty"),
        ),
        sa.CheckConstraint(
            "version >= 1", name=op.f("ck_exam_unit_grades_version_positive")
        ),
        sa.CheckConstraint(
            "written >= 0 AND written <= 2000",
            name=op.f("ck_exam_unit_grades_written_out_of_twenty"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_exam_unit_grades_registration_id_registrations"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_exam_unit_grades_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_unit_grades")),
        sa.UniqueConstraint(
            "registration_id",
            "unit",
            name=op.f("uq_exam_unit_grades_registration_id_unit"),
        ),
    )
    op.create_index(
        op.f("ix_exam_unit_grades_registration_id"),
        "exam_unit_grades",
        ["registration_id"],
        unique=False,
    )
    op.create_table(
        "grades",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "ABS",
                "ABJ",
                "DISP",
                "NN",
                name="grade_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(score IS NULL) <> (status IS NULL)",
            name=op.f("ck_grades_score_xor_status"),
        ),
        sa.CheckConstraint(
            "score <= max_score", name=op.f("ck_grades_score_within_max")
        ),
        sa.CheckConstraint("score >= 0", name=op.f("ck_grades_score_not_negative")),
        sa.CheckConstraint("version >= 1", name=op.f("ck_grades_version_positive")),
        sa.ForeignKeyConstraint(
            ["assessment_id", "max_score"],
            ["assessments.id", "assessments.max_score"],
            name=op.f("fk_grades_assessment_id_max_score_assessments"),
            onupdate="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"], ["students.id"], name=op.f("fk_grades_student_id_students")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["users.id"], name=op.f("fk_grades_updated_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grades")),
        sa.UniqueConstraint(
            "assessment_id",
            "student_id",
            name=op.f("uq_grades_assessment_id_student_id"),
        ),
    )
    op.create_index(
        op.f("ix_grades_student_id"), "grades", ["student_id"], unique=False
    )
    op.create_table(
        "jury_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("old_grade", sa.Integer(), nullable=True),
        sa.Column("new_grade", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("adjusted_by_id", sa.Integer(), nullable=False),
        sa.Column("adjusted_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "new_grade >= 0 AND new_grade <= 2000",
            name=op.f("ck_jury_adjustments_new_grade_out_of_twenty"),
        ),
        sa.CheckConstraint(
            "old_grade >= 0 AND old_grade <= 2000",
            name=op.f("ck_jury_adjustments_old_grade_out_of_twenty"),
        ),
        sa.ForeignKeyConstraint(
            ["adjusted_by_id"],
            ["users.id"],
            name=op.f("fk_jury_adjustments_adjusted_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_jury_adjustments_registration_id_registrations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury_adjustments")),
    )
    op.create_index(
        op.f("ix_jury_adjustments_registration_id"),
        "jury_adjustments",
        ["registration_id"],
        unique=False,
    )
    op.create_table(
        "kept_benefits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=8), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column(
            "origin",
            sa.Enum(
                "session",
                "benefit",
                "previous_school",
                "vae",
                name="bloc_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("origin_session_year", sa.Integer(), nullable=True),
        sa.Column("obtained_on", sa.Date(), nullable=False),
        sa.CheckConstraint(
            "grade >= 0 AND grade <= 2000",
            name=op.f("ck_kept_benefits_grade_out_of_twenty"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_kept_benefits_registration_id_registrations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_benefits")),
        sa.UniqueConstraint(
            "registration_id",
            "unit",
            name=op.f("uq_kept_benefits_registration_id_unit"),
        ),
    )
    op.create_table(
        "registration_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.Column(
            "decision",
            sa.Enum(
                "admis",
                "autorise_controle",
                "admis_apres_controle",
                "refuse",
                "refuse_absent",
                "incomplet",
                name="decision",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_registration_results_decided_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["registrations.id"],
            name=op.f("fk_registration_results_registration_id_registrations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_results")),
        sa.UniqueConstraint(
            "registration_id", name=op.f("uq_registration_results_registration_id")
        ),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("registration_results")
    op.drop_table("kept_benefits")
    op.drop_index(
        op.f("ix_jury_adjustments_registration_id"), table_name="jury_adjustments"
    )
    op.drop_table("jury_adjustments")
    op.drop_index(op.f("ix_grades_student_id"), table_name="grades")
    op.drop_table("grades")
    op.drop_index(
        op.f("ix_exam_unit_grades_registration_id"), table_name="exam_unit_grades"
    )
    op.drop_table("exam_unit_grades")
    op.drop_table("dispenses")
    op.drop_index(op.f("ix_ccf_evaluators_situation_id"), table_name="ccf_evaluators")
    op.drop_table("ccf_evaluators")
    op.drop_index(op.f("ix_bloc_ledger_student_id"), table_name="bloc_ledger")
    op.drop_table("bloc_ledger")
    op.drop_index(op.f("ix_registrations_student_id"), table_name="registrations")
    op.drop_table("registrations")
    op.drop_table("livret_avis")
    op.drop_index("ix_grade_history_entity", table_name="grade_history")
    op.drop_table("grade_history")
    op.drop_index(op.f("ix_ccf_situations_student_id"), table_name="ccf_situations")
    op.drop_table("ccf_situations")
    op.drop_index(op.f("ix_assessments_cohort_id"), table_name="assessments")
    op.drop_table("assessments")
    op.drop_index(op.f("ix_appreciations_student_id"), table_name="appreciations")
    op.drop_table("appreciations")
    op.drop_table("teaching_assignments")
    op.drop_index(op.f("ix_students_cohort_id"), table_name="students")
    op.drop_table("students")
    op.drop_table("periods")
    op.drop_table("import_batches")
    op.drop_table("api_tokens")
    op.drop_table("users")
    op.drop_table("subjects")
    op.drop_table("exam_sessions")
    op.drop_table("cohorts")
