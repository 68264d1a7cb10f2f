"""The store's tables and the migrations between schema versions.

`PRAGMA user_version` holds the version of the file. `MIGRATIONS[k]` turns version k into
k + 1; `migrate` applies the missing ones in one transaction on open. Never edit a migration
that has shipped: add a new one, so every old store takes the same path forward.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from resviz.runs.types import INDEXED_SUMMARY

Migration = Callable[[sqlite3.Connection], None]

_V1_TABLES = (
    # AUTOINCREMENT: an id is never reused, so runs/<id>/ can never hold a deleted run's files.
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        created_at REAL NOT NULL,
        started_at REAL,
        ended_at REAL,
        status TEXT NOT NULL DEFAULT 'queued',
        status_message TEXT NOT NULL DEFAULT '',
        spec TEXT NOT NULL DEFAULT '{}',
        config TEXT NOT NULL DEFAULT '{}',
        dataset TEXT NOT NULL DEFAULT '',
        device TEXT NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '{}',
        notes TEXT NOT NULL DEFAULT '',
        pid INTEGER,
        heartbeat REAL,
        checkpoint_path TEXT,
        checkpoint_step INTEGER,
        checkpoint_epoch INTEGER
    )""",
    "CREATE INDEX runs_status ON runs(status)",
    "CREATE INDEX runs_created ON runs(created_at)",
    """CREATE TABLE run_tags (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (run_id, tag)
    ) WITHOUT ROWID""",
    "CREATE INDEX run_tags_tag ON run_tags(tag)",
    # Clustered on (run, key, step): one key's series is a single range scan.
    # value is nullable because SQLite stores NaN as NULL; readers turn NULL back into NaN.
    """CREATE TABLE metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        step INTEGER NOT NULL,
        value REAL,
        wall_time REAL NOT NULL,
        PRIMARY KEY (run_id, key, step)
    ) WITHOUT ROWID""",
    # Names of the entries of a vector kind; kind '' is the run's default (its layers).
    """CREATE TABLE vector_names (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        names TEXT NOT NULL,
        PRIMARY KEY (run_id, kind)
    ) WITHOUT ROWID""",
    # One little-endian float32 vector per (run, kind, step).
    """CREATE TABLE vectors (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        step INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (run_id, kind, step)
    ) WITHOUT ROWID""",
    # Arrays as an .npz (np.savez_compressed) blob, read back with allow_pickle=False.
    """CREATE TABLE gradcam (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        layer TEXT NOT NULL,
        class_mode TEXT NOT NULL,
        created_at REAL NOT NULL,
        data BLOB NOT NULL
    )""",
    "CREATE INDEX gradcam_run ON gradcam(run_id, step)",
)


def _v0_to_v1(conn: sqlite3.Connection) -> None:
    """Create the tables of a new store."""
    for statement in _V1_TABLES:
        conn.execute(statement)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Copy the summary fields the run list filters on into indexed columns."""
    for column, kind in INDEXED_SUMMARY.items():
        sql_type = {str: "TEXT", float: "REAL"}.get(kind, "INTEGER")
        conn.execute(f"ALTER TABLE runs ADD COLUMN {column} {sql_type}")
    conn.execute("CREATE INDEX runs_residual_depth ON runs(residual, depth)")
    rows = conn.execute("SELECT id, summary FROM runs").fetchall()
    for run_id, text in rows:
        try:
            summary = json.loads(text)
        except ValueError:
            continue  # an unreadable summary stays as it is; the columns stay empty
        if not isinstance(summary, dict):
            continue
        columns = indexed_columns(summary)
        if columns:
            sets = ", ".join(f"{name} = ?" for name in columns)
            conn.execute(f"UPDATE runs SET {sets} WHERE id = ?", (*columns.values(), run_id))


MIGRATIONS: list[Migration] = [_v0_to_v1, _v1_to_v2]
SCHEMA_VERSION = len(MIGRATIONS)
"""The newest schema this resviz reads and writes."""

class NewerSchemaError(Exception):
    """The file was written by a newer resviz; nothing has been changed."""

    def __init__(self, version: int) -> None:
        super().__init__(f"schema {version}")
        self.version = version


OUR_TABLES = frozenset({"runs", "run_tags", "metrics", "vector_names", "vectors", "gradcam"})


def indexed_columns(summary: dict[str, object]) -> dict[str, object]:
    """The indexed-column values for the known summary keys present (and well typed) in summary."""
    columns: dict[str, object] = {}
    for name, kind in INDEXED_SUMMARY.items():
        value = summary.get(name)
        if value is None:
            continue
        if kind is bool and isinstance(value, bool):
            columns[name] = int(value)
        elif kind is int and isinstance(value, int) and not isinstance(value, bool):
            columns[name] = value
        elif kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            columns[name] = float(value)
        elif kind is str and isinstance(value, str):
            columns[name] = value
    return columns


def user_tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {name for (name,) in rows}


def migrate(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> int:
    """Bring the file up to the newest version in one transaction; returns the version it had.

    Raises NewerSchemaError, changing nothing, when the file is newer than `migrations`.
    The connection must be in autocommit mode (isolation_level=None). The version is read
    again under the write lock, so two processes opening a new store at once migrate it once.
    """
    steps = MIGRATIONS if migrations is None else migrations
    conn.execute("BEGIN IMMEDIATE")
    try:
        (found,) = conn.execute("PRAGMA user_version").fetchone()
        if found > len(steps):
            raise NewerSchemaError(found)
        for version in range(found, len(steps)):
            steps[version](conn)
        if found < len(steps):
            conn.execute(f"PRAGMA user_version = {len(steps)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return int(found)
