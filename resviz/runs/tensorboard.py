"""Export runs to TensorBoard event files, for users who live there.

    export_tensorboard(store, run_id, "logs")   # → logs/run-3-resnet56/events.out.tfevents.…
    $ tensorboard --logdir logs

Each run gets its own subfolder, so several runs exported to one folder overlay in TensorBoard.
Written: every scalar metric by step with its wall time (train/loss, train/acc, val/loss,
val/acc, lr, epoch, …), every per-layer vector as one scalar per layer (``grad_norm/conv1``,
``shortcut_grad/layer1.0``, …; NaN entries, the shortcut of a plain block, are left out),
and the spec, config and summary as text.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from resviz.errors import StoreError, os_reason
from resviz.i18n import _
from resviz.runs.store import RunStore

EVENT_GLOB = "events.out.tfevents.*"


def _writer_class() -> Any:
    try:
        from tensorboardX import SummaryWriter
    except ImportError as exc:  # an optional extra in spirit: say how to get it
        raise StoreError(_("TensorBoard export needs the tensorboardX package"),
                         _("pip install tensorboardX")) from exc
    return SummaryWriter


def run_folder_name(run_id: int, name: str) -> str:
    """'run-3-resnet56-seed-1': safe on every file system, and sorts by id."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-._")[:60]
    return f"run-{run_id}-{slug}" if slug else f"run-{run_id}"


def _code_block(value: Any) -> str:
    # TensorBoard renders text as Markdown; an indented block keeps the JSON as it is.
    text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return "\n".join("    " + line for line in text.splitlines())


def export_tensorboard(store: RunStore, run_id: int, out_dir: str | Path) -> Path:
    """Write one run's event file under ``out_dir``; returns the run's folder there."""
    info = store.get_run(run_id)
    folder = Path(out_dir).expanduser() / run_folder_name(run_id, info.name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob(EVENT_GLOB):  # exporting again replaces, never doubles, the curves
            old.unlink()
    except OSError as exc:
        raise StoreError(_("Cannot write to {folder} ({reason})").format(folder=folder, reason=os_reason(exc)),
                         _("choose a folder you may write to")) from exc
    table = store.metric_table(run_id)
    vectors = {kind: (store.vector_series(run_id, kind), store.layer_names(run_id, kind))
               for kind in store.vector_kinds(run_id)}
    writer = _writer_class()(logdir=str(folder), flush_secs=3600)
    try:
        for i, key in enumerate(table.keys):
            mask = table.key_index == i
            for step, value, wall in zip(table.steps[mask], table.values[mask], table.wall_times[mask], strict=True):
                writer.add_scalar(key, float(value), int(step), walltime=float(wall))
        for kind, ((steps, matrix), names) in vectors.items():
            labels = names if len(names) == matrix.shape[1] else [str(j) for j in range(matrix.shape[1])]
            for j, label in enumerate(labels):
                for step, value in zip(steps, matrix[:, j], strict=True):
                    if not math.isnan(float(value)):
                        writer.add_scalar(f"{kind}/{label}", float(value), int(step))
        writer.add_text("run/spec", _code_block(info.spec), 0)
        writer.add_text("run/config", _code_block(info.config), 0)
        writer.add_text("run/summary", _code_block({"name": info.name, "status": info.status, "dataset": info.dataset,
                                                    "device": info.device, "tags": list(info.tags), **info.summary}), 0)
    finally:
        writer.close()
    return folder
