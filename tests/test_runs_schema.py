"""Opening stores: migrations from old schemas, refusal of newer or broken files, bad folders."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from pathlib import Path

import pytest

from resviz.errors import StoreError
from resviz.runs import SCHEMA_VERSION, open_store
from resviz.runs.schema import MIGRATIONS, migrate


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _user_version(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_a_new_store_has_the_current_schema_in_wal_mode(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.create_run("r")
        assert store._conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert store._conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
    assert _user_version(tmp_path / "runs.sqlite") == SCHEMA_VERSION == len(MIGRATIONS)


def test_a_store_from_a_newer_resviz_is_refused_and_left_unchanged(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.create_run("from the future")
    db = tmp_path / "runs.sqlite"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 7}")
    conn.close()  # the last connection checkpoints the WAL into the file
    before = _digest(db)
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path)
    assert caught.value.message == (
        f"This store was written by a newer resviz (schema {SCHEMA_VERSION + 7}; "
        f"this version reads up to {SCHEMA_VERSION})"
    )
    assert caught.value.hint == "upgrade resviz, or use --store to pick another folder"
    assert _digest(db) == before
    assert _user_version(db) == SCHEMA_VERSION + 7


def test_an_empty_file_becomes_a_store(tmp_path: Path) -> None:
    (tmp_path / "runs.sqlite").write_bytes(b"")  # version 0: nothing yet
    with open_store(tmp_path) as store:
        assert store.list_runs() == []
        store.create_run("r")
    assert _user_version(tmp_path / "runs.sqlite") == SCHEMA_VERSION


def test_a_version_1_store_is_migrated_keeping_its_data(tmp_path: Path) -> None:
    db = tmp_path / "runs.sqlite"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])  # what resviz with schema 1 wrote
    assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    summaries = [
        {"arch": "resnet", "depth": 56, "residual": True, "params": 855770, "best_val_acc": 0.93},
        {"arch": "plain", "depth": 56, "residual": False},
        "not json {",
    ]
    for number, summary in enumerate(summaries):
        text = summary if isinstance(summary, str) else json.dumps(summary)
        conn.execute("INSERT INTO runs (name, created_at, status, summary) VALUES (?, ?, ?, ?)",
                     (f"run{number}", 1000.0 + number, "finished", text))
    conn.execute("INSERT INTO metrics VALUES (1, 'train/loss', 0, 2.5, 1000.0)")
    conn.execute("INSERT INTO run_tags VALUES (2, 'old')")
    conn.close()

    with open_store(tmp_path) as store:
        assert [run.name for run in store.list_runs()] == ["run2", "run1", "run0"]
        assert [run.id for run in store.list_runs(residual=True)] == [1]
        assert [run.id for run in store.list_runs(residual=False, depth=56)] == [2]
        assert [run.id for run in store.list_runs(arch="resnet")] == [1]
        assert store.get_run(1).summary["best_val_acc"] == 0.93
        assert store.get_run(3).summary == {}  # unreadable summary: kept, shown as empty
        assert store.get_run(2).tags == ("old",)
        assert store.metric_series(1, "train/loss")[1].tolist() == [2.5]
        store.update_summary(3, residual=True)  # new columns work for old runs too
        assert {run.id for run in store.list_runs(residual=True)} == {1, 3}
    assert _user_version(db) == SCHEMA_VERSION


def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.sqlite", isolation_level=None)

    def boom(_: sqlite3.Connection) -> None:
        raise RuntimeError("migration bug")

    with pytest.raises(RuntimeError, match="migration bug"):
        migrate(conn, [MIGRATIONS[0], boom])
    assert conn.execute("PRAGMA user_version").fetchone() == (0,)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone() == (0,)
    conn.close()


@pytest.mark.parametrize(
    "content",
    [b"this is a text file, not a database\n" * 20, b"\x00" * 4096, b"PK\x03\x04" + b"\x01" * 500],
    ids=["text", "zeros", "zip"],
)
def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "runs.sqlite"
    db.write_bytes(content)
    with pytest.raises(StoreError, match="damaged or is not a resviz run store") as caught:
        open_store(tmp_path)
    assert "move the file aside" in caught.value.hint
    assert db.read_bytes() == content


def test_a_damaged_database_is_a_store_error(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        for number in range(50):
            store.create_run(f"r{number}", notes="x" * 500)
    db = tmp_path / "runs.sqlite"
    data = bytearray(db.read_bytes())
    data[100:] = b"\xff" * (len(data) - 100)  # keep the header, wreck every page
    db.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged") as caught, open_store(tmp_path) as store:
        store.list_runs()
    assert caught.value.hint


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "runs.sqlite"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.commit()
    conn.close()
    before = _digest(db)
    with pytest.raises(StoreError, match="not a resviz run store"):
        open_store(tmp_path)
    assert _digest(db) == before


def test_a_folder_that_cannot_be_made_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="Cannot create the run store folder") as caught:
        open_store(blocker / "store")
    assert "--store" in caught.value.hint


@pytest.mark.parametrize("attempt", range(5))
def test_threads_opening_a_new_store_at_once_all_succeed(tmp_path: Path, attempt: int) -> None:
    failures: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_one() -> None:
        try:
            barrier.wait()
            with open_store(tmp_path / "fresh") as store:
                store.create_run("r")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with open_store(tmp_path / "fresh") as store:
        assert len(store.list_runs()) == 4
