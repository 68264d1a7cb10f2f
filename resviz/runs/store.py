"""The run store: every training run, its settings, results and files, in one folder.

    <store>/runs.sqlite        the database (WAL mode: a GUI reads while a run writes)
    <store>/runs/<run_id>/     checkpoints and other big files of a run

A RunStore holds one SQLite connection and is used from the thread that opened it. The GUI
opens its own; a training thread writes through a MetricWriter, which opens its own.
"""

from __future__ import annotations

import json
import operator
import os
import re
import shutil
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import platformdirs

from resviz.errors import StoreError, os_reason
from resviz.i18n import _
from resviz.runs.database import RUNS_DIR
from resviz.runs.liveness import pid_alive
from resviz.runs.schema import indexed_columns
from resviz.runs.series_tables import SeriesTables
from resviz.runs.types import ENDED_STATUSES, INDEXED_SUMMARY, STATUSES, RunInfo

if TYPE_CHECKING:
    from resviz.runs.writer import MetricWriter

STORE_ENV = "RESVIZ_STORE"
STALE_AFTER_S = 60.0
"""A running run whose owner has not written a heartbeat for this long is taken as dead."""

_TAG_SEP = "\x1f"  # joins tags in one query column; refused inside a tag
_CHECKPOINT_TAG = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_COLUMNS = (
    "id, name, status, status_message, created_at, started_at, ended_at, spec, config,"
    " dataset, device, summary, notes, pid, heartbeat, checkpoint_path, checkpoint_step,"
    " checkpoint_epoch"
)
_SELECT_RUNS = (
    f"SELECT {_COLUMNS}, (SELECT group_concat(tag, char(31)) FROM run_tags"
    " WHERE run_tags.run_id = runs.id) FROM runs"
)


def default_store_dir() -> Path:
    """$RESVIZ_STORE if set, else the user's data folder: ~/.local/share/resviz/store on Linux."""
    override = os.environ.get(STORE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("resviz")) / "store"


def open_store(path: str | Path | None = None) -> RunStore:
    """Open (creating if needed) the store in `path`, or in `default_store_dir()`."""
    return RunStore(default_store_dir() if path is None else Path(path).expanduser())


def _json_default(value: object) -> Any:
    # numpy scalars and arrays turn up in summaries and configs; store them as plain JSON.
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _dumps(value: object) -> str:
    return json.dumps(value, default=_json_default)


def _loads(text: str | None) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise StoreError(_("A run needs a name"), _("type a name for the run"))
    return name


def _clean_tags(tags: Iterable[str]) -> list[str]:
    if isinstance(tags, str):
        raise TypeError("tags must be a list of strings, not one string")
    cleaned = sorted({tag.strip() for tag in tags if tag.strip()})
    for tag in cleaned:
        if _TAG_SEP in tag or "\n" in tag:
            raise StoreError(_("Tag {tag!r} contains a control character").format(tag=tag), _("use plain text for tags"))
    return cleaned


def _coerce_summary(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check the known indexed fields' types, turning numpy scalars into Python ones."""
    out: dict[str, Any] = {}
    for key, value in fields.items():
        kind = INDEXED_SUMMARY.get(key)
        if value is None or kind is None:
            out[key] = value
        elif kind is bool:
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"summary field {key!r} must be a bool, not {value!r}")
            out[key] = bool(value)
        elif kind is int:
            out[key] = operator.index(value)
        elif kind is float:
            out[key] = float(value)
        else:
            out[key] = str(value)
    return out


class RunStore(SeriesTables):
    """Runs and everything recorded about them. Use from one thread; see the module doc."""

    def __init__(self, store_dir: str | Path) -> None:
        super().__init__(Path(store_dir))
        self.runs_root = self.dir / RUNS_DIR
        self.mark_interrupted_runs()

    # ---- runs ---------------------------------------------------------------------

    def create_run(
        self,
        name: str,
        *,
        spec: Mapping[str, Any] | None = None,
        config: Mapping[str, Any] | None = None,
        dataset: str = "",
        device: str = "",
        tags: Iterable[str] = (),
        notes: str = "",
        summary: Mapping[str, Any] | None = None,
    ) -> int:
        """Add a run with status `queued`; returns its id."""
        with self.transaction():
            cursor = self._conn.execute(
                "INSERT INTO runs (name, created_at, spec, config, dataset, device, notes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (_clean_name(name), time.time(), _dumps(dict(spec or {})),
                 _dumps(dict(config or {})), dataset, device, notes),
            )
            run_id = int(cursor.lastrowid or 0)
            self._write_tags(run_id, tags)
            if summary:
                self.update_summary(run_id, **summary)
        return run_id

    def get_run(self, run_id: int) -> RunInfo:
        rows = self._rows(f"{_SELECT_RUNS} WHERE id = ?", (run_id,))
        if not rows:
            raise StoreError(_("No run #{run_id} in this store ({dir})").format(run_id=run_id, dir=self.dir),
                             _("`resviz runs list` shows the runs there"))
        return self._info(rows[0])

    def list_runs(
        self,
        *,
        status: str | Iterable[str] | None = None,
        tag: str | None = None,
        residual: bool | None = None,
        arch: str | None = None,
        depth: int | None = None,
        dataset: str | None = None,
        name_contains: str | None = None,
        newest_first: bool = True,
        limit: int | None = None,
    ) -> list[RunInfo]:
        """Runs matching every filter given, newest first; crashed runs show as interrupted."""
        self.mark_interrupted_runs()
        where: list[str] = []
        params: list[Any] = []
        if status is not None:
            wanted = [status] if isinstance(status, str) else list(status)
            where.append(f"status IN ({', '.join('?' * len(wanted))})")
            params += wanted
        for column, value in (("arch", arch), ("depth", depth), ("dataset", dataset)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if residual is not None:
            where.append("residual = ?")
            params.append(int(residual))
        if tag is not None:
            where.append("id IN (SELECT run_id FROM run_tags WHERE tag = ?)")
            params.append(tag)
        if name_contains:
            where.append("instr(lower(name), lower(?)) > 0")
            params.append(name_contains)
        sql = _SELECT_RUNS + (f" WHERE {' AND '.join(where)}" if where else "")
        order = "DESC" if newest_first else "ASC"
        sql += f" ORDER BY created_at {order}, id {order}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [self._info(row) for row in self._rows(sql, params)]

    def rename_run(self, run_id: int, name: str) -> None:
        self._update(run_id, "name = ?", (_clean_name(name),))

    def set_notes(self, run_id: int, notes: str) -> None:
        self._update(run_id, "notes = ?", (notes,))

    def set_tags(self, run_id: int, tags: Iterable[str]) -> None:
        """Replace the run's tags (kept sorted, without duplicates or blanks)."""
        with self.transaction():
            self.get_run(run_id)
            self._conn.execute("DELETE FROM run_tags WHERE run_id = ?", (run_id,))
            self._write_tags(run_id, tags)

    def set_trained_with(self, run_id: int, spec: Mapping[str, Any], device: str) -> None:
        """The network and the device a run trains with, once it starts: a queued run's spec is
        fitted to its data's images then, and a run queued by a sweep learns its device then."""
        self._update(run_id, "spec = ?, device = ?", (_dumps(dict(spec)), device))

    def set_status(self, run_id: int, status: str, message: str = "") -> None:
        """Set the status; `running` also records this process as the owner, an end its time."""
        if status not in STATUSES:
            raise ValueError(f"unknown run status {status!r}; one of {', '.join(STATUSES)}")
        now = time.time()
        if status == "running":
            sets = "started_at = COALESCE(started_at, ?), ended_at = NULL, pid = ?, heartbeat = ?"
            extra: tuple[Any, ...] = (now, os.getpid(), now)
        elif status in ENDED_STATUSES:
            sets, extra = "ended_at = ?", (now,)
        else:
            sets, extra = "started_at = NULL, ended_at = NULL", ()
        self._update(run_id, f"status = ?, status_message = ?, {sets}", (status, message, *extra))

    def update_summary(self, run_id: int, **fields: Any) -> None:
        """Merge fields into the run's summary (see SUMMARY_FIELDS); None removes a field."""
        with self.transaction():
            summary = self.get_run(run_id).summary
            summary.update(_coerce_summary(fields))
            summary = {key: value for key, value in summary.items() if value is not None}
            columns = {name: None for name in INDEXED_SUMMARY} | indexed_columns(summary)
            sets = ", ".join(f"{name} = ?" for name in columns)
            self._update(run_id, f"summary = ?, {sets}", (_dumps(summary), *columns.values()))

    def set_checkpoint(self, run_id: int, path: str | Path, step: int, epoch: int) -> None:
        """Record the run's latest checkpoint (kept relative when inside the store folder)."""
        path = Path(path)
        try:
            stored = path.resolve().relative_to(self.dir.resolve()).as_posix()
        except ValueError:
            stored = str(path)  # outside the store: keep it as given
        self._update(
            run_id,
            "checkpoint_path = ?, checkpoint_step = ?, checkpoint_epoch = ?",
            (stored, step, epoch),
        )

    def heartbeat(self, run_id: int) -> None:
        """Say this run's owner is alive. Undoes an `interrupted` set while it was only slow."""
        self._execute(
            "UPDATE runs SET heartbeat = ?,"
            " status_message = CASE WHEN status = 'interrupted' AND pid = ?"
            "   THEN '' ELSE status_message END,"
            " ended_at = CASE WHEN status = 'interrupted' AND pid = ? THEN NULL ELSE ended_at END,"
            " status = CASE WHEN status = 'interrupted' AND pid = ? THEN 'running' ELSE status END"
            " WHERE id = ?",
            (time.time(), os.getpid(), os.getpid(), os.getpid(), run_id),
        )

    def mark_interrupted_runs(self) -> list[int]:
        """Mark runs whose owning process died (or went silent) as interrupted; returns their ids.

        Dead: the pid is gone, or no heartbeat for STALE_AFTER_S (which also covers a pid
        reused by an unrelated process). Runs owned by this process are never touched.
        """
        rows = self._rows("SELECT id, pid, heartbeat FROM runs WHERE status = 'running'")
        now, me = time.time(), os.getpid()
        dead = [
            (run_id, pid, beat)
            for run_id, pid, beat in rows
            if pid != me
            and (beat is None or now - beat > STALE_AFTER_S or pid is None or not pid_alive(pid))
        ]
        if not dead:
            return []  # the common case takes no write lock, so a reader never waits here
        with self.transaction():
            for run_id, pid, beat in dead:
                # Kept as text in the store: in the language in force when it was found.
                message = _("The process running this (pid {pid}) stopped without finishing: it was killed or "
                            "crashed. Metrics up to its last save are kept.").format(pid=pid)
                # `heartbeat IS ?`: skip the run if its owner wrote a heartbeat meanwhile.
                marked = self._conn.execute(
                    "UPDATE runs SET status = 'interrupted', status_message = ?,"
                    " ended_at = COALESCE(heartbeat, ?)"
                    " WHERE id = ? AND status = 'running' AND heartbeat IS ?",
                    (message, now, run_id, beat),
                ).rowcount
                last = self.last_metric(run_id, "train/loss") if marked else None
                if last is not None:  # it never reached its end: its last logged loss stands in
                    self.update_summary(run_id, last_train_loss=last)
        return [run_id for run_id, _, _ in dead]

    def delete_run(self, run_id: int) -> None:
        """Delete the run, everything recorded about it, and its folder of files."""
        self.mark_interrupted_runs()
        info = self.get_run(run_id)
        if info.status == "running":
            raise StoreError(_("Run #{run_id} ({name}) is still running").format(run_id=run_id, name=info.name),
                             _("stop it first, then delete it"))
        self._execute("DELETE FROM runs WHERE id = ?", (run_id,))  # cascades to its series
        folder = self.run_dir(run_id)
        try:
            shutil.rmtree(folder)
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise StoreError(_("Run #{run_id} was deleted, but not its files in {folder} ({exc})").format(run_id=run_id, folder=folder, exc=os_reason(exc)),
                             _("delete that folder by hand")) from exc

    def import_run_fields(
        self,
        run_id: int,
        *,
        status: str,
        status_message: str,
        created_at: float,
        started_at: float | None,
        ended_at: float | None,
    ) -> None:
        """Set status and times verbatim (for importers; trainers use set_status)."""
        if status not in STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        self._update(
            run_id,
            "status = ?, status_message = ?, created_at = ?, started_at = ?, ended_at = ?",
            (status, status_message, created_at, started_at, ended_at),
        )

    # ---- files ----------------------------------------------------------------------

    def run_dir(self, run_id: int) -> Path:
        """The folder for a run's files (it may not exist yet)."""
        return self.runs_root / str(int(run_id))

    def checkpoint_file(self, info: RunInfo) -> Path | None:
        """The run's last checkpoint on disk (stored paths are relative to the store), or None."""
        path = info.checkpoint_path
        return None if path is None else path if path.is_absolute() else self.dir / path

    def checkpoint_path(self, run_id: int, tag: str) -> Path:
        """Where to torch.save the checkpoint named `tag` ("last", "epoch-3"); makes the folder."""
        if not _CHECKPOINT_TAG.fullmatch(tag):
            raise ValueError(f"checkpoint tag {tag!r} must be letters, digits, '.', '_' or '-'")
        folder = self.run_dir(run_id)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_("Cannot create {folder} ({reason})").format(folder=folder, reason=os_reason(exc)),
                             _("check that you may write to the store folder")) from exc
        return folder / f"checkpoint-{tag}.pt"

    def writer(self, run_id: int, **options: Any) -> MetricWriter:
        """A MetricWriter for the run; hand it to the training thread (see MetricWriter)."""
        from resviz.runs.writer import MetricWriter  # the writer module imports this one

        return MetricWriter(self.dir, run_id, **options)

    # ---- helpers --------------------------------------------------------------------

    def _update(self, run_id: int, sets: str, params: tuple[Any, ...]) -> None:
        cursor = self._execute(f"UPDATE runs SET {sets} WHERE id = ?", (*params, run_id))
        if cursor.rowcount == 0:
            raise StoreError(_("No run #{run_id} in this store ({dir})").format(run_id=run_id, dir=self.dir),
                             _("it may have been deleted; reload the run list"))

    def _write_tags(self, run_id: int, tags: Iterable[str]) -> None:
        self._conn.executemany(
            "INSERT INTO run_tags (run_id, tag) VALUES (?, ?)",
            [(run_id, tag) for tag in _clean_tags(tags)],
        )

    def _info(self, row: tuple[Any, ...]) -> RunInfo:
        (run_id, name, status, message, created, started, ended, spec, config, dataset, device,
         summary, notes, pid, beat, checkpoint, ckpt_step, ckpt_epoch, tags) = row
        return RunInfo(
            id=run_id, name=name, status=status, status_message=message, created_at=created,
            started_at=started, ended_at=ended, spec=_loads(spec), config=_loads(config),
            dataset=dataset, device=device, summary=_loads(summary),
            tags=tuple(sorted(tags.split(_TAG_SEP))) if tags else (), notes=notes, pid=pid,
            heartbeat=beat, checkpoint_path=None if checkpoint is None else self.dir / checkpoint,
            checkpoint_step=ckpt_step, checkpoint_epoch=ckpt_epoch,
        )
