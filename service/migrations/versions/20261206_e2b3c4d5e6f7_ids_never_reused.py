"""Row ids that are never reused (grades and their history).

The sealed history points at grades, CCF situations and exam grades by id (without
a foreign key), and at users and import batches. SQLite gives a deleted row's id
to the next row unless the table is AUTOINCREMENT; the history of the deleted row
would then attach to the new one (issue 10). Each table is rebuilt as
AUTOINCREMENT, SQLite's own way: new table, copy, drop, rename, indexes and
triggers again (env.py turns foreign keys off around every migration and runs
``foreign_key_check``). Its CREATE statement is kept as stored, only its
primary key changes. The sequence starts after the highest id
the table or the history has ever held. PostgreSQL sequences never go back:
nothing to do there.

Revision ID: e2b3c4d5e6f7
Revises: e1a2b3c4d5e6
Create Date: 2026-12-06 21:00:00
"""

import re

from alembic import op

revision = "e2b3c4d5e6f7"
down_revision = "e1a2b3c4d5e6"
branch_labels = None
depends_on = None

#: Each table, and the history's references to its ids (SQL expressions).
TABLES = {
    "grades": ["SELECT entity_id FROM grade_history WHERE entity = 'grade'"],
    "ccf_situations": [
        "SELECT entity_id FROM grade_history WHERE entity = 'ccf_situation'"
    ],
    "exam_unit_grades": [
        "SELECT entity_id FROM grade_history WHERE entity = 'exam_unit_grade'"
    ],
    "import_batches": ["SELECT import_batch_id FROM grade_history"],
    "users": [
        "SELECT actor_id FROM grade_history",
        "SELECT actor_id FROM audit_events",
    ],
}
KEY_COLUMN = re.compile(r"^(\s*)id INTEGER NOT NULL,", re.MULTILINE)
KEY_CONSTRAINT = re.compile(
    r"^\s*CONSTRAINT (\w+) PRIMARY KEY \(id\), *\n", re.MULTILINE
)
AUTO_COLUMN = re.compile(
    r"^(\s*)id INTEGER NOT NULL CONSTRAINT (\w+) PRIMARY KEY AUTOINCREMENT,",
    re.MULTILINE,
)


def upgrade() -> None:
    """Rebuild each table with AUTOINCREMENT (SQLite)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, references in TABLES.items():
        sql = _table_sql(table)
        if "AUTOINCREMENT" not in sql:
            _rebuild(table, _autoincrement(sql))
        _start_sequence_after(table, references)


def downgrade() -> None:
    """Rebuild each table without AUTOINCREMENT (SQLite)."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in TABLES:
        sql = _table_sql(table)
        if "AUTOINCREMENT" in sql:
            _rebuild(table, _plain_key(sql))


def _autoincrement(sql: str) -> str:
    """The same CREATE TABLE with its named primary key on the id column."""
    constraint = KEY_CONSTRAINT.search(sql)
    if constraint is None or len(KEY_COLUMN.findall(sql)) != 1:
        raise RuntimeError(f"unexpected table definition: {sql}")
    sql = KEY_CONSTRAINT.sub("", sql, count=1)
    name = constraint.group(1)
    return KEY_COLUMN.sub(
        rf"\1id INTEGER NOT NULL CONSTRAINT {name} PRIMARY KEY AUTOINCREMENT,", sql
    )


def _plain_key(sql: str) -> str:
    """The reverse of ``_autoincrement``."""
    column = AUTO_COLUMN.search(sql)
    if column is None:
        raise RuntimeError(f"unexpected table definition: {sql}")
    indent, name = column.groups()
    sql = AUTO_COLUMN.sub(r"\1id INTEGER NOT NULL,", sql, count=1)
    first_constraint = sql.rfind("\n", 0, sql.find("\tCONSTRAINT ")) + 1
    key = f"{indent}CONSTRAINT {name} PRIMARY KEY (id), \n"
    return sql[:first_constraint] + key + sql[first_constraint:]


def _rebuild(table: str, new_sql: str) -> None:
    """Replace ``table`` by one created with ``new_sql``, keeping rows, indexes, triggers."""
    bind = op.get_bind()
    extras = [
        row[0]
        for row in bind.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE tbl_name = ? "
            "AND type IN ('index', 'trigger') AND sql IS NOT NULL",
            (table,),
        )
    ]
    draft = f"_ids_{table}"
    header = re.compile(rf'^CREATE TABLE "?{table}"? \(')
    bind.exec_driver_sql(header.sub(f'CREATE TABLE "{draft}" (', new_sql, count=1))
    bind.exec_driver_sql(f'INSERT INTO "{draft}" SELECT * FROM "{table}"')
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "{draft}" RENAME TO "{table}"')
    for statement in extras:
        bind.exec_driver_sql(statement)


def _start_sequence_after(table: str, references: list[str]) -> None:
    """Set the table's sequence past every id it or the history has held."""
    ids = " UNION ALL ".join([f'SELECT id FROM "{table}"', *references])
    bind = op.get_bind()
    bind.exec_driver_sql("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
    bind.exec_driver_sql(
        f"INSERT INTO sqlite_sequence (name, seq) "
        f"SELECT ?, coalesce(max(id), 0) FROM ({ids})",
        (table,),
    )


def _table_sql(table: str) -> str:
    row = op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    )
    return str(row.scalar_one())
