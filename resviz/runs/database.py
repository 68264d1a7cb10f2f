"""Opening the SQLite file safely, transactions, and turning SQLite failures into StoreErrors."""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn, TypeVar

from resviz.errors import StoreError, os_reason
from resviz.i18n import N_, _
from resviz.runs.schema import SCHEMA_VERSION, NewerSchemaError, migrate, user_tables

DB_NAME = "runs.sqlite"
RUNS_DIR = "runs"
BUSY_TIMEOUT_MS = 10_000  # a writer's batch takes milliseconds; waiting 10 s means something is stuck
_SQLITE_HEADER = b"SQLite format 3\x00"
_D = TypeVar("_D", bound="Database")

NEWER_HINT = N_("upgrade resviz, or use --store to pick another folder")
CORRUPT_HINT = N_("move the file aside to start a new store there, or use --store to pick another folder")


def raise_store_error(exc: sqlite3.Error, db_path: Path) -> NoReturn:
    """Re-raise an SQLite failure as the StoreError a user can act on.

    Misuse (a connection used from the wrong thread, a closed store) is a bug, not a user
    problem, so ProgrammingError and InterfaceError go through unchanged.
    """
    if isinstance(exc, (sqlite3.ProgrammingError, sqlite3.InterfaceError)):
        raise exc
    text = str(exc)
    low = text.lower()
    if "full" in low:
        raise StoreError(
            _("The disk holding the run store is full ({parent})").format(parent=db_path.parent),
            _("free some disk space (delete old runs or checkpoints), or use --store to pick a folder on another disk"),
        ) from exc
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        raise StoreError(_("{db_path} is damaged or is not a resviz run store").format(db_path=db_path), _(CORRUPT_HINT)) from exc
    if "locked" in low or "busy" in low:
        raise StoreError(
            _("The run store {parent} is busy: another process has held it for {value} s").format(parent=db_path.parent, value=BUSY_TIMEOUT_MS // 1000),
            _("close other resviz windows or commands using this store, then try again"),
        ) from exc
    if "readonly" in low or "read-only" in low or "unable to open" in low:
        raise StoreError(
            _("Cannot write the run store {db_path} ({text})").format(db_path=db_path, text=text),
            _("check that you may write to that folder, or use --store to pick another one"),
        ) from exc
    if isinstance(exc, sqlite3.IntegrityError):
        raise StoreError(
            _("The run store refused a write ({text})").format(text=text),
            _("the run may have been deleted meanwhile; reload the run list"),
        ) from exc
    raise StoreError(
        _("The run store {parent} failed: {text}").format(parent=db_path.parent, text=text),
        _("if this keeps happening, report it with this message"),
    ) from exc


def _make_dirs(store_dir: Path) -> None:
    try:
        (store_dir / RUNS_DIR).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            _("Cannot create the run store folder {store_dir} ({reason})").format(store_dir=store_dir, reason=os_reason(exc)),
            _("pick a folder you can write to with --store DIR or the RESVIZ_STORE variable"),
        ) from exc


def _check_header(db_path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite gets a chance to touch it."""
    try:
        with db_path.open("rb") as f:
            head = f.read(len(_SQLITE_HEADER))
    except FileNotFoundError:
        return
    except OSError as exc:
        raise StoreError(_("Cannot read the run store {db_path} ({reason})").format(db_path=db_path, reason=os_reason(exc)),
                         _("check the file's permissions, or use --store to pick another folder")) from exc
    if head and head != _SQLITE_HEADER:
        raise StoreError(_("{db_path} is damaged or is not a resviz run store").format(db_path=db_path), _(CORRUPT_HINT))


class Database:
    """One SQLite connection to a store, opened, checked and migrated.

    A connection belongs to the thread that opened it (sqlite3's check_same_thread), so a
    Database, and the RunStore built on it, is used from one thread; open one per thread.
    """

    def __init__(self, store_dir: Path) -> None:
        self.dir = store_dir
        self.db_path = store_dir / DB_NAME
        self._depth = 0  # nesting of transaction(); only the outermost commits
        _make_dirs(store_dir)
        _check_header(self.db_path)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so batches are explicit.
            self._conn = sqlite3.connect(
                self.db_path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise_store_error(exc, self.db_path)
        try:
            self._prepare()
        except BaseException:
            self._conn.close()
            raise

    def _prepare(self) -> None:
        # While another connection opens a WAL store for the first time, or is the last one
        # closing it, SQLite answers BUSY at once instead of waiting (sqlite.org/wal.html,
        # "Sometimes Queries Return SQLITE_BUSY"): retry for as long as busy_timeout would.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        delay = 0.002
        while True:
            try:
                self._prepare_once()
                return
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if not ("locked" in text or "busy" in text) or time.monotonic() > deadline:
                    raise_store_error(exc, self.db_path)
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def _prepare_once(self) -> None:
        conn = self._conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # Check the version before anything writes: WAL mode and migrations change the
            # file, and a store from a newer resviz must be left exactly as it is.
            # One read snapshot: another process creating this store may commit in between.
            conn.execute("BEGIN")
            try:
                (version,) = conn.execute("PRAGMA user_version").fetchone()
                foreign = version == 0 and bool(user_tables(conn))
            finally:
                conn.execute("COMMIT")
            if version > SCHEMA_VERSION:
                raise NewerSchemaError(version)
            if foreign:
                raise StoreError(
                    _("{db_path} is an SQLite database, but not a resviz run store").format(db_path=self.db_path),
                    _("use --store to pick another folder"),
                )
            # WAL: readers (the GUI) never block the writer (a training run) or each other.
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL is durable against a killed process in WAL mode; only a power cut can
            # lose the last transactions, which for metrics is the right trade for speed.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        except NewerSchemaError as exc:
            raise StoreError(
                _("This store was written by a newer resviz (schema {version}; this version reads up to {SCHEMA_VERSION})").format(version=exc.version, SCHEMA_VERSION=SCHEMA_VERSION),
                _(NEWER_HINT),
            ) from None
        except sqlite3.OperationalError:
            raise  # _prepare retries a busy store and reports the rest
        except sqlite3.Error as exc:
            raise_store_error(exc, self.db_path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one atomic commit; nested uses join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            # IMMEDIATE takes the write lock now, so a busy store waits here (busy_timeout)
            # instead of failing half-way through the batch.
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise_store_error(exc, self.db_path)
        self._depth = 1
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException as exc:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise_store_error(exc, self.db_path)
            raise
        finally:
            self._depth = 0

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Make several reads see one state of the store (a read transaction in WAL mode)."""
        if self._depth or self._conn.in_transaction:
            yield  # already inside a transaction, which is a snapshot itself
            return
        try:
            self._conn.execute("BEGIN")
        except sqlite3.Error as exc:
            raise_store_error(exc, self.db_path)
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                self._conn.execute("COMMIT")

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        """Run one write statement inside the current (or a new) transaction."""
        with self.transaction():
            return self._conn.execute(sql, params)

    def _rows(
        self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise_store_error(exc, self.db_path)

    def close(self) -> None:
        """Close the connection; the store object cannot be used afterwards."""
        self._conn.close()

    def __enter__(self: _D) -> _D:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
