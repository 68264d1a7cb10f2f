"""What the run table shows for a run: column definitions, cell text and sort keys. Qt-free."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from resviz.arch.spec import SHORTCUT_LABELS
from resviz.i18n import N_
from resviz.runs import RunInfo

SHORTCUT_SHORT = {
    "none": "—",
    "identity": "identity",
    "A": "A · pad",
    "B": "B · proj.",
    "C": "C · proj. all",
    "scaling": "scaling",
    "exclusive_gating": "excl. gating",
    "shortcut_gating": "sc. gating",
    "conv1x1": "1×1 conv",
    "dropout": "dropout",
}


def _spec_blocks(info: RunInfo) -> list[dict[str, Any]]:
    stages = info.spec.get("stages", [])
    if not isinstance(stages, list):
        return []
    return [b for s in stages if isinstance(s, dict) for b in s.get("blocks", []) if isinstance(b, dict)]


def precision_text(info: RunInfo) -> str:
    """The precision the run trained in (runs from before it was recorded show nothing)."""
    value = info.summary.get("precision")
    return value if isinstance(value, str) else ""


def block_kind(info: RunInfo) -> str:
    """'basic', 'plain', 'bottleneck' (or 'basic/plain' for a mix), from the summary or the spec."""
    kind = info.summary.get("block")
    if isinstance(kind, str) and kind:
        return kind
    return "/".join(sorted({str(b.get("kind", "")) for b in _spec_blocks(info)} - {""}))


def shortcut_kinds(info: RunInfo) -> list[str]:
    text = info.summary.get("shortcut")
    if isinstance(text, str) and text:
        return text.split("/")
    return sorted({str(b.get("shortcut", "")) for b in _spec_blocks(info)} - {""})


def shortcut_text(info: RunInfo) -> str:
    kinds = [k for k in shortcut_kinds(info) if k != "none"] or shortcut_kinds(info)
    return " + ".join(SHORTCUT_SHORT.get(k, k) for k in kinds)


def shortcut_tooltip(info: RunInfo) -> str:
    return "; ".join(SHORTCUT_LABELS.get(k, k) for k in shortcut_kinds(info))


def is_residual(info: RunInfo) -> bool | None:
    """The summary's flag, else whether any block of the spec has a shortcut; None if unknown."""
    if isinstance(info.residual, bool):
        return info.residual
    blocks = _spec_blocks(info)
    if not blocks:
        return None
    return any(b.get("kind") != "plain" and b.get("shortcut", "none") != "none" for b in blocks)


def type_text(info: RunInfo) -> str:
    flag = is_residual(info)
    return "" if flag is None else ("residual" if flag else "plain")


def duration(info: RunInfo, now: float | None = None) -> float | None:
    """Training time in seconds: the summary's wall time, else the run's start to end (or now)."""
    if isinstance(info.wall_time, (int, float)) and math.isfinite(info.wall_time):
        return float(info.wall_time)
    if info.started_at is None:
        return None
    end = info.ended_at if info.ended_at is not None else (time.time() if now is None else now)
    return max(0.0, end - info.started_at)


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m {secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def format_loss(value: object) -> str:
    if not isinstance(value, (int, float)):
        return ""
    return f"{value:.4f}" if math.isfinite(value) else "diverged"


def format_acc(value: object) -> str:
    return f"{value:.2%}" if isinstance(value, (int, float)) and math.isfinite(value) else ""


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    text: Callable[[RunInfo], str]
    sort: Callable[[RunInfo], Any]
    numeric: bool = False
    tooltip: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("id", "#", lambda r: str(r.id), lambda r: r.id, True, "Run number in the store"),
    Column("name", "Name", lambda r: r.name, lambda r: r.name.lower()),
    Column("arch", "Architecture", lambda r: r.arch or "", lambda r: (r.arch or "").lower()),
    Column("depth", "Depth", lambda r: "" if r.depth is None else str(r.depth),
           lambda r: _number(r.depth), True, "Weight layers on the main path"),
    Column("type", "Type", type_text, type_text, False, "Plain (no shortcuts) or residual"),
    Column("block", "Block", block_kind, block_kind),
    Column("shortcut", "Shortcut", shortcut_text, shortcut_text, False,
           "Shortcut kind: option A zero-pads, B projects where the shape changes, C everywhere"),
    Column("dataset", "Dataset", lambda r: r.dataset, lambda r: r.dataset.lower()),
    Column("status", "Status", lambda r: r.status, lambda r: r.status),
    Column("final_train_loss", "Train loss", lambda r: format_loss(r.final_train_loss),
           lambda r: _number(r.final_train_loss), True, "Final training loss"),
    Column("best_val_acc", "Best val acc", lambda r: format_acc(r.best_val_acc),
           lambda r: _number(r.best_val_acc), True, "Best validation accuracy"),
    Column("time", "Time", lambda r: format_duration(duration(r)), duration, True,
           "Training wall time"),
    Column("device", "Device", lambda r: r.device, lambda r: r.device.lower()),
    Column("precision", N_("Precision"), precision_text, precision_text, False,
           N_("Number format of the training: fp32, or bf16/fp16 for convolutions under autocast")),
    Column("tags", "Tags", lambda r: ", ".join(r.tags), lambda r: ", ".join(r.tags).lower()),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}


def sort_value(info: RunInfo, column: int) -> tuple[int, Any]:
    """A key that sorts missing values (None, NaN) after every real one."""
    value = COLUMNS[column].sort(info)
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return (1, 0)
    return (0, value)
