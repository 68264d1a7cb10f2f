"""What a run records as it trains: scalar metrics, named vector series, Grad-CAM snapshots."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from resviz.errors import StoreError
from resviz.i18n import _
from resviz.runs.database import Database
from resviz.runs.types import GradCamInfo, MetricTable

_FIRST_STEP = -(2**63)  # `step > _FIRST_STEP` matches every step

# Distinct keys of one run without reading all its rows: jump from key to next key through
# the (run_id, key, step) primary key, one index seek per key instead of a full scan.
_DISTINCT_SQL = """
WITH RECURSIVE k(name) AS (
    SELECT MIN({col}) FROM {table} WHERE run_id = :run
    UNION ALL
    SELECT (SELECT MIN({col}) FROM {table} WHERE run_id = :run AND {col} > k.name)
    FROM k WHERE k.name IS NOT NULL
)
SELECT name FROM k WHERE name IS NOT NULL
"""


def encode_vector(values: object) -> bytes:
    """A 1-D float32 little-endian blob of `values` (a sequence or a CPU array)."""
    return np.ascontiguousarray(np.asarray(values, dtype="<f4").reshape(-1)).tobytes()


def encode_npz(arrays: Mapping[str, np.ndarray]) -> bytes:
    """An .npz of plain numeric arrays. Object arrays are refused: they would need pickle."""
    if not arrays:
        raise ValueError("a Grad-CAM snapshot needs at least one array")
    checked: dict[str, np.ndarray] = {}
    for name, value in arrays.items():
        array = np.asarray(value)
        if array.dtype.hasobject:
            raise ValueError(f"array {name!r} has dtype object; only numeric arrays are stored")
        checked[name] = array
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **checked)  # type: ignore[arg-type]
    return buffer.getvalue()


def decode_npz(blob: bytes) -> dict[str, np.ndarray]:
    """Arrays of an .npz blob; never unpickles (allow_pickle=False)."""
    with np.load(io.BytesIO(blob), allow_pickle=False) as npz:
        return {name: npz[name] for name in npz.files}


def _columns(rows: list[tuple[Any, ...]], width: int) -> tuple[np.ndarray, ...]:
    """(step, value[, wall_time]) rows as arrays: int64 steps, float64 others (NULL -> NaN)."""
    if not rows:
        return (np.empty(0, np.int64),) + tuple(np.empty(0, np.float64) for _ in range(width - 1))
    columns = list(zip(*rows, strict=True))
    steps = np.fromiter(columns[0], dtype=np.int64, count=len(rows))
    return (steps,) + tuple(np.array(column, dtype=np.float64) for column in columns[1:])


class SeriesTables(Database):
    """Metric, vector and Grad-CAM tables of a store (the base of RunStore)."""

    # ---- scalar metrics -------------------------------------------------------------

    def log_metrics(
        self,
        run_id: int,
        step: int,
        values: Mapping[str, float],
        wall_time: float | None = None,
    ) -> None:
        """Write scalars now, in one transaction. Training loops use a MetricWriter instead."""
        now = time.time() if wall_time is None else wall_time
        self.insert_metric_rows(run_id, [(key, step, float(v), now) for key, v in values.items()])

    def insert_metric_rows(
        self, run_id: int, rows: Iterable[tuple[str, int, float, float]]
    ) -> None:
        """Write (key, step, value, wall_time) rows; a repeated (key, step) replaces the old row."""
        with self.transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO metrics (run_id, key, step, value, wall_time)"
                " VALUES (?, ?, ?, ?, ?)",
                ((run_id, key, step, value, wall) for key, step, value, wall in rows),
            )

    def metric_keys(self, run_id: int) -> list[str]:
        """Metric keys the run has logged, sorted."""
        sql = _DISTINCT_SQL.format(col="key", table="metrics")
        return [name for (name,) in self._rows(sql, {"run": run_id})]

    def metric_series(
        self, run_id: int, key: str, *, after_step: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(steps int64, values float64) of one key, by step; `after_step` reads only newer rows."""
        rows = self._rows(
            "SELECT step, value FROM metrics WHERE run_id = ? AND key = ? AND step > ?"
            " ORDER BY step",
            (run_id, key, _FIRST_STEP if after_step is None else after_step),
        )
        return _columns(rows, 2)  # type: ignore[return-value]

    def last_metric(self, run_id: int, key: str) -> float | None:
        """The value of ``key`` at the run's latest logged step, or None."""
        rows = self._rows("SELECT value FROM metrics WHERE run_id = ? AND key = ? ORDER BY step DESC LIMIT 1",
                          (run_id, key))
        return float(rows[0][0]) if rows else None

    def metric_table(self, run_id: int) -> MetricTable:
        """Every scalar row of the run, column-wise, with wall times."""
        parts = []
        # A query per key (found by index skip-scan) beats one query over all rows: SQLite
        # then hands Python no key string per row. The read transaction keeps it one snapshot.
        with self.snapshot():
            for key in self.metric_keys(run_id):
                rows = self._rows(
                    "SELECT step, value, wall_time FROM metrics WHERE run_id = ? AND key = ?"
                    " ORDER BY step",
                    (run_id, key),
                )
                parts.append((key, _columns(rows, 3)))
        lengths = [len(columns[0]) for _, columns in parts]
        return MetricTable(
            keys=tuple(key for key, _ in parts),
            key_index=np.repeat(np.arange(len(parts), dtype=np.int64), lengths),
            steps=np.concatenate([c[0] for _, c in parts] or [np.empty(0, np.int64)]),
            values=np.concatenate([c[1] for _, c in parts] or [np.empty(0)]),
            wall_times=np.concatenate([c[2] for _, c in parts] or [np.empty(0)]),
        )

    def all_metrics(self, run_id: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """{key: (steps, values)} for every key, read as one consistent snapshot."""
        with self.snapshot():
            return {key: self.metric_series(run_id, key) for key in self.metric_keys(run_id)}

    # ---- named vector series (per-layer gradient norms, probes) ------------------------

    def set_layer_names(self, run_id: int, names: Sequence[str], kind: str = "") -> None:
        """Name the entries of a run's vectors: kind '' for all kinds, or one kind's own names."""
        names = list(names)
        if not all(isinstance(name, str) for name in names):
            raise TypeError("layer names must be strings")
        self._execute(
            "INSERT OR REPLACE INTO vector_names (run_id, kind, names) VALUES (?, ?, ?)",
            (run_id, kind, json.dumps(names)),
        )

    def layer_names(self, run_id: int, kind: str = "") -> list[str]:
        """Names for a kind's vectors: its own if set, else the run's default, else []."""
        rows = self._rows(
            "SELECT names FROM vector_names WHERE run_id = ? AND kind IN (?, '')"
            " ORDER BY kind = '' LIMIT 1",
            (run_id, kind),
        )
        return list(json.loads(rows[0][0])) if rows else []

    def log_vectors(self, run_id: int, step: int, kind: str, values: object) -> None:
        """Write one vector now. Training loops use a MetricWriter instead."""
        self.insert_vector_rows(run_id, [(kind, step, encode_vector(values))])

    def insert_vector_rows(self, run_id: int, rows: Iterable[tuple[str, int, bytes]]) -> None:
        """Write (kind, step, float32 blob) rows; a repeated (kind, step) replaces the old row."""
        with self.transaction():
            self._conn.executemany(
                "INSERT OR REPLACE INTO vectors (run_id, kind, step, data) VALUES (?, ?, ?, ?)",
                ((run_id, kind, step, blob) for kind, step, blob in rows),
            )

    def vector_kinds(self, run_id: int) -> list[str]:
        """Vector kinds the run has logged, sorted."""
        sql = _DISTINCT_SQL.format(col="kind", table="vectors")
        return [name for (name,) in self._rows(sql, {"run": run_id})]

    def vector_series(
        self, run_id: int, kind: str, *, after_step: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """(steps int64 [T], matrix float32 [T, L]) of one kind, by step."""
        rows = self._rows(
            "SELECT step, data FROM vectors WHERE run_id = ? AND kind = ? AND step > ?"
            " ORDER BY step",
            (run_id, kind, _FIRST_STEP if after_step is None else after_step),
        )
        if not rows:
            width = len(self.layer_names(run_id, kind))
            return np.empty(0, np.int64), np.empty((0, width), np.float32)
        sizes = {len(blob) for _, blob in rows}
        if len(sizes) != 1:
            raise StoreError(
                _("Run #{run_id}: the {kind!r} vectors do not all have the same length").format(run_id=run_id, kind=kind),
                _("the run was logged by a buggy trainer; export it to CSV to inspect it"),
            )
        steps = np.fromiter((step for step, _ in rows), dtype=np.int64, count=len(rows))
        flat = np.frombuffer(b"".join(blob for _, blob in rows), dtype="<f4")
        return steps, flat.reshape(len(rows), -1).astype(np.float32)  # a writable copy

    # ---- Grad-CAM snapshots -----------------------------------------------------------

    def add_gradcam(
        self,
        run_id: int,
        *,
        step: int,
        epoch: int,
        layer: str,
        class_mode: str,
        arrays: Mapping[str, np.ndarray],
        created_at: float | None = None,
    ) -> int:
        """Store a snapshot's arrays (heatmaps, images, labels) as an .npz blob; returns its id."""
        blob = encode_npz(arrays)
        cursor = self._execute(
            "INSERT INTO gradcam (run_id, step, epoch, layer, class_mode, created_at, data)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (run_id, step, epoch, layer, class_mode,
             time.time() if created_at is None else created_at, blob),
        )
        return int(cursor.lastrowid or 0)

    def gradcam_snapshots(self, run_id: int) -> list[GradCamInfo]:
        """The run's snapshots, oldest step first, without their arrays."""
        rows = self._rows(
            "SELECT id, run_id, step, epoch, layer, class_mode, created_at, length(data)"
            " FROM gradcam WHERE run_id = ? ORDER BY step, id",
            (run_id,),
        )
        return [GradCamInfo(*row) for row in rows]

    def load_gradcam(self, snapshot_id: int) -> dict[str, np.ndarray]:
        """The arrays of one snapshot."""
        rows = self._rows("SELECT data FROM gradcam WHERE id = ?", (snapshot_id,))
        if not rows:
            raise StoreError(
                _("No Grad-CAM snapshot #{snapshot_id} in this store").format(snapshot_id=snapshot_id),
                _("its run may have been deleted; reload the run"),
            )
        try:
            return decode_npz(rows[0][0])
        except (ValueError, OSError) as exc:
            raise StoreError(
                _("Grad-CAM snapshot #{snapshot_id} is damaged ({exc})").format(snapshot_id=snapshot_id, exc=exc),
                _("take a new snapshot; this one cannot be read"),
            ) from exc
