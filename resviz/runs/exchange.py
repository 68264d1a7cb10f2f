"""Runs in and out of a store: CSV for spreadsheets, one JSON file to share a run whole.

The JSON is strict (no NaN tokens, which many readers refuse): a non-finite number is
written as the string "NaN", "Infinity" or "-Infinity" and read back as that float.
Diverged runs are the point of this app, so their NaN losses must survive the trip.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import json
import math
import os
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from resviz.errors import StoreError, os_reason
from resviz.i18n import N_, _
from resviz.runs.exchange_files import (
    checkpoint_to_dict,
    files_to_dict,
    write_files,
)
from resviz.runs.exchange_parse import EXPORT_FORMAT, EXPORT_VERSION, Invalid, parse_export
from resviz.runs.final import tail_mean
from resviz.runs.series_tables import encode_npz, encode_vector
from resviz.runs.store import RunStore
from resviz.runs.types import RunInfo, status_label

_IMPORT_HINT = N_("export the run again (resviz runs export --json), and check the file was copied whole")


# ---- writing ------------------------------------------------------------------------


def _strict(value: Any) -> Any:
    """`value` with every non-finite float replaced by its string name, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {key: _strict(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_strict(item) for item in value]
    return value


def _float_list(array: np.ndarray) -> list[Any]:
    """A float array (any shape) as nested lists, non-finite values as strings."""
    array = np.asarray(array, dtype=np.float64)
    if np.isfinite(array).all():
        return array.tolist()  # type: ignore[no-any-return]
    return _strict(array.tolist())  # type: ignore[no-any-return]


def _run_fields(info: RunInfo) -> dict[str, Any]:
    fields: dict[str, Any] = _strict({
        "name": info.name,
        "status": info.status,
        "status_message": info.status_message,
        "created_at": info.created_at,
        "started_at": info.started_at,
        "ended_at": info.ended_at,
        "spec": info.spec,
        "config": info.config,
        "dataset": info.dataset,
        "device": info.device,
        "summary": info.summary,
        "tags": list(info.tags),
        "notes": info.notes,
    })
    return fields


def write_text(path: Path, text: str) -> None:
    """Write via a temporary file and rename, so a failed export leaves no half file."""
    temporary = path.with_name(f".{path.name}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # where the folder is a file, so is the cleanup's path
            temporary.unlink(missing_ok=True)
        raise StoreError(_("Cannot write {path} ({reason})").format(path=path, reason=os_reason(exc)),
                         _("pick a folder you can write to, with enough free space")) from exc


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    temporary = path.with_name(f".{path.name}.part")
    try:
        with temporary.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(header)
            out.writerows(rows)
        os.replace(temporary, path)
    except OSError as exc:
        with contextlib.suppress(OSError):  # where the folder is a file, so is the cleanup's path
            temporary.unlink(missing_ok=True)
        raise StoreError(_("Cannot write {path} ({reason})").format(path=path, reason=os_reason(exc)),
                         _("pick a folder you can write to, with enough free space")) from exc


def export_csv(store: RunStore, run_id: int, out_dir: str | Path) -> list[Path]:
    """Write metrics.csv (wide: step, wall_time, one column per key), grad_norms.csv (step,
    one column per layer), vectors_<kind>.csv for other vector kinds, and run.json."""
    out = Path(out_dir)
    info = store.get_run(run_id)
    write_text(out / "run.json", json.dumps(_run_fields(info), indent=2, allow_nan=False))
    written = [out / "run.json"]

    table = store.metric_table(run_id)
    steps, row_of = np.unique(table.steps, return_inverse=True)
    cells = np.full((len(steps), len(table.keys)), None, dtype=object)  # None: not logged
    cells[row_of, table.key_index] = table.values.tolist()
    first_wall = np.full(len(steps), np.inf)
    np.minimum.at(first_wall, row_of, table.wall_times)  # a step's time: its first row's
    _write_csv(
        out / "metrics.csv",
        ["step", "wall_time", *table.keys],
        ([step, wall, *("" if c is None else c for c in row)]
         for step, wall, row in zip(steps.tolist(), first_wall.tolist(), cells.tolist(),
                                    strict=True)),
    )
    written.append(out / "metrics.csv")

    for kind in sorted({"grad_norm", *store.vector_kinds(run_id)}):
        vector_steps, matrix = store.vector_series(run_id, kind)
        names = store.layer_names(run_id, kind)
        if len(names) != matrix.shape[1]:
            names = [f"{kind}_{i}" for i in range(matrix.shape[1])]
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in kind)
        path = out / ("grad_norms.csv" if kind == "grad_norm" else f"vectors_{safe}.csv")
        rows = ([step, *row] for step, row in
                zip(vector_steps.tolist(), matrix.astype(np.float64).tolist(), strict=True))
        _write_csv(path, ["step", *names], rows)
        written.append(path)
    return written


def run_to_dict(store: RunStore, run_id: int, *, weights: bool = False) -> dict[str, Any]:
    """Everything about a run as strict-JSON-ready data: its analyses and initial weights
    included, and with ``weights`` its last checkpoint (the trained weights)."""
    info = store.get_run(run_id)
    table = store.metric_table(run_id)
    metrics: dict[str, Any] = {}
    for number, key in enumerate(table.keys):
        mask = table.key_index == number
        metrics[key] = {
            "steps": table.steps[mask].tolist(),
            "values": _float_list(table.values[mask]),
            "wall_times": table.wall_times[mask].tolist(),
        }
    kinds = store.vector_kinds(run_id)
    vectors: dict[str, Any] = {}
    for kind in kinds:
        steps, matrix = store.vector_series(run_id, kind)
        vectors[kind] = {"steps": steps.tolist(), "values": _float_list(matrix)}
    names = {kind: store.layer_names(run_id, kind) for kind in ["", *kinds]}
    gradcam = [
        {"step": snap.step, "epoch": snap.epoch, "layer": snap.layer,
         "class_mode": snap.class_mode, "created_at": snap.created_at,
         "npz_base64": base64.b64encode(encode_npz(store.load_gradcam(snap.id))).decode("ascii")}
        for snap in store.gradcam_snapshots(run_id)
    ]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "run": _run_fields(info),
        "metrics": metrics,
        "layer_names": {kind: value for kind, value in names.items() if value},
        "vectors": vectors,
        "gradcam": gradcam,
        **_strict(files_to_dict(store, run_id)),
        **(checkpoint_to_dict(store, info) if weights else {}),
    }


def export_json(store: RunStore, run_id: int, path: str | Path, *, weights: bool = False) -> Path:
    """Write one JSON file holding the run whole: settings, metrics, vectors, Grad-CAM, and with
    ``weights`` its trained weights (its last checkpoint, a few MB for a CIFAR ResNet)."""
    path = Path(path)
    write_text(path, json.dumps(run_to_dict(store, run_id, weights=weights), allow_nan=False))
    return path


def import_json(store: RunStore, path: str | Path) -> int:
    """Read a run exported by export_json into `store` as a new run; returns its id.

    All or nothing: a malformed file raises StoreError and adds nothing. A run exported
    while it was still running or queued comes in as interrupted.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else _("not UTF-8 text")
        raise StoreError(_("Cannot read {path} ({exc})").format(path=path, exc=reason), _("check the path and the file")) from exc
    try:
        parsed = parse_export(json.loads(text))
    except ValueError as exc:  # json.JSONDecodeError is a ValueError
        raise StoreError(_("{path} is not a valid resviz run export: not JSON ({exc})").format(path=path, exc=exc),
                         _(_IMPORT_HINT)) from None
    except Invalid as exc:
        raise StoreError(_("{path} is not a valid resviz run export: {exc}").format(path=path, exc=exc), _(_IMPORT_HINT)) from None
    run = parsed["run"]
    if run["status"] in ("queued", "running"):
        run["status_message"] = _("Exported while {status}; imported from {file}.").format(
            status=status_label(run["status"]), file=path.name)
        run["status"] = "interrupted"
    losses = parsed["metrics"].get("train/loss")
    if losses is not None and len(losses[1]) and run["summary"].get("final_train_loss") is not None:
        # The one final loss (runs.final), whatever version wrote the file; a run that ended
        # without one (interrupted) keeps showing its last logged loss, marked as such.
        run["summary"]["final_train_loss"] = tail_mean(losses[1])
    run_id: int | None = None
    done = False
    try:
        with store.transaction():
            run_id = store.create_run(
                run["name"], spec=run["spec"], config=run["config"], dataset=run["dataset"],
                device=run["device"], tags=run["tags"], notes=run["notes"],
                summary=run["summary"],
            )
            store.import_run_fields(
                run_id, status=run["status"], status_message=run["status_message"],
                created_at=run["created_at"], started_at=run["started_at"],
                ended_at=run["ended_at"],
            )
            for key, (steps, values, walls) in parsed["metrics"].items():
                store.insert_metric_rows(run_id, zip([key] * len(steps), steps.tolist(),
                                                     values.tolist(), walls.tolist(), strict=True))
            for kind, names in parsed["layer_names"].items():
                store.set_layer_names(run_id, names, kind)
            for kind, (steps, matrix) in parsed["vectors"].items():
                store.insert_vector_rows(run_id, [(kind, step, encode_vector(row))
                                                  for step, row in zip(steps.tolist(), matrix,
                                                                       strict=True)])
            for snap in parsed["gradcam"]:
                store.add_gradcam(run_id, **snap)
            write_files(store, run_id, parsed["analyses"], parsed["initial_weights"])
            if parsed["checkpoint"] is not None:  # exported with its trained weights
                raw, step, epoch = parsed["checkpoint"]
                ckpt = store.checkpoint_path(run_id, "last")
                ckpt.write_bytes(raw)
                store.set_checkpoint(run_id, ckpt, step, epoch)
        done = True
    except OSError as exc:
        raise StoreError(_("Cannot write the imported run's files ({exc})").format(exc=os_reason(exc)),
                         _("check that you may write to the store folder")) from exc
    except (TypeError, ValueError) as exc:  # e.g. a summary field of the wrong type
        raise StoreError(_("{path} is not a valid resviz run export: {exc}").format(path=path, exc=exc), _(_IMPORT_HINT)) from exc
    finally:
        if not done and run_id is not None:  # the row was rolled back, whatever stopped it: its files go too,
            shutil.rmtree(store.run_dir(run_id), ignore_errors=True)  # or the next run (same id) would own them
    assert run_id is not None
    return run_id
