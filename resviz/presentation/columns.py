"""What the run table shows for a run: column definitions, cell text and sort keys. Qt-free."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from resviz.arch.spec import SHORTCUT_LABELS, from_dict
from resviz.data.registry import dataset_title
from resviz.errors import SpecError
from resviz.i18n import _
from resviz.runs import RunInfo
from resviz.runs.types import status_label
from resviz.train.run_kind import is_residual

translate: Callable[[str, str], str] = lambda context, text: text  # noqa: E731
"""(context, source text) → shown text. The run table sets QCoreApplication.translate; headless
users (``resviz compare``) keep English, and this module keeps free of Qt."""


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks a text for the window's catalogue; ``translate`` shows it."""
    return text


def _tr(text: str) -> str:
    return translate("RunTable", text)

SHORTCUT_SHORT = {
    "none": "—",
    "identity": QT_TRANSLATE_NOOP("RunTable", "identity"),
    "A": QT_TRANSLATE_NOOP("RunTable", "A · pad"),
    "B": QT_TRANSLATE_NOOP("RunTable", "B · proj."),
    "C": QT_TRANSLATE_NOOP("RunTable", "C · proj. all"),
    "scaling": QT_TRANSLATE_NOOP("RunTable", "scaling"),
    "exclusive_gating": QT_TRANSLATE_NOOP("RunTable", "excl. gating"),
    "shortcut_gating": QT_TRANSLATE_NOOP("RunTable", "sc. gating"),
    "conv1x1": QT_TRANSLATE_NOOP("RunTable", "1×1 conv"),
    "dropout": QT_TRANSLATE_NOOP("RunTable", "dropout"),
}


RESIDUAL, PLAIN, DIVERGED = (QT_TRANSLATE_NOOP("RunTable", "residual"), QT_TRANSLATE_NOOP("RunTable", "plain"),
                             QT_TRANSLATE_NOOP("RunTable", "diverged"))
KIND_WORDS = {"plain": QT_TRANSLATE_NOOP("RunTable", "plain"), "basic": QT_TRANSLATE_NOOP("RunTable", "basic"),
              "bottleneck": QT_TRANSLATE_NOOP("RunTable", "bottleneck")}


def block_text(info: RunInfo) -> str:
    """The block kind in the language in force ('basic', '基本')."""
    return "/".join(_tr(KIND_WORDS[k]) if k in KIND_WORDS else k for k in block_kind(info).split("/") if k)


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


def activation_kind(info: RunInfo) -> str:
    """Where BN and ReLU sit ('original', 'full_preact', or 'full_preact/original' for a mix),
    from the summary or the spec (He et al. 2016, Fig. 4)."""
    kind = info.summary.get("activation")
    if isinstance(kind, str) and kind:
        return kind
    return "/".join(sorted({str(b.get("activation", "original")) for b in _spec_blocks(info)} - {""}))


def stage_widths(info: RunInfo) -> list[int]:
    """Each stage's width (its last block's channels; a bottleneck's inner width, as the editor
    has it; a custom branch's last conv), from the stored spec; [] if the spec does not say."""
    try:
        spec = from_dict(info.spec)
    except SpecError:
        return []
    return [(s.blocks[-1].out_channels if s.blocks[-1].is_custom else s.blocks[-1].channels)
            for s in spec.stages if s.blocks]


def shortcut_kinds(info: RunInfo) -> list[str]:
    text = info.summary.get("shortcut")
    if isinstance(text, str) and text:
        return text.split("/")
    return sorted({str(b.get("shortcut", "")) for b in _spec_blocks(info)} - {""})


def shortcut_text(info: RunInfo) -> str:
    kinds = [k for k in shortcut_kinds(info) if k != "none"] or shortcut_kinds(info)
    return " + ".join(_tr(SHORTCUT_SHORT[k]) if k in SHORTCUT_SHORT else k for k in kinds)


def shortcut_tooltip(info: RunInfo) -> str:
    # The editor marks the same option labels in context "FieldForm".
    return "; ".join(translate("FieldForm", SHORTCUT_LABELS[k]) if k in SHORTCUT_LABELS else k
                     for k in shortcut_kinds(info))


def type_text(info: RunInfo) -> str:
    flag = is_residual(info)
    return "" if flag is None else (_tr(RESIDUAL) if flag else _tr(PLAIN))


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
    return f"{value:.4f}" if math.isfinite(value) else _tr(DIVERGED)


def format_acc(value: object) -> str:
    return f"{value:.2%}" if isinstance(value, (int, float)) and math.isfinite(value) else ""


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _train_loss(info: RunInfo) -> float | None:
    return info.final_train_loss if info.final_train_loss is not None else info.last_train_loss


def train_loss_text(info: RunInfo) -> str:
    """The final training loss, or an interrupted run's last logged one, marked as such."""
    if info.final_train_loss is not None or info.last_train_loss is None:
        return format_loss(info.final_train_loss)
    return _("{loss} (last)").format(loss=format_loss(info.last_train_loss))  # the header tooltip says more


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    text: Callable[[RunInfo], str]
    sort: Callable[[RunInfo], Any]
    numeric: bool = False
    tooltip: str = ""


COLUMNS: tuple[Column, ...] = (
    # Who, how it ended and its results first: at 1280×720 they are in view without scrolling.
    Column("id", "#", lambda r: str(r.id), lambda r: r.id, True, QT_TRANSLATE_NOOP("RunTable", "Run number in the store")),
    Column("name", QT_TRANSLATE_NOOP("RunTable", "Name"), lambda r: r.name, lambda r: r.name.lower()),
    Column("status", QT_TRANSLATE_NOOP("RunTable", "Status"), lambda r: status_label(r.status), lambda r: r.status),
    Column("final_train_loss", QT_TRANSLATE_NOOP("RunTable", "Train loss"), train_loss_text,
           lambda r: _number(_train_loss(r)), True,
           QT_TRANSLATE_NOOP("RunTable", "Final training loss: the mean over the last 10 % of the logged steps; "
                                         "for an interrupted run, the last one it logged")),
    Column("best_val_acc", QT_TRANSLATE_NOOP("RunTable", "Best val acc"), lambda r: format_acc(r.best_val_acc),
           lambda r: _number(r.best_val_acc), True, QT_TRANSLATE_NOOP("RunTable", "Best validation accuracy")),
    Column("arch", QT_TRANSLATE_NOOP("RunTable", "Architecture"), lambda r: r.arch or "", lambda r: (r.arch or "").lower()),
    Column("depth", QT_TRANSLATE_NOOP("RunTable", "Depth"), lambda r: "" if r.depth is None else str(r.depth),
           lambda r: _number(r.depth), True, QT_TRANSLATE_NOOP("RunTable", "Weight layers on the main path")),
    Column("type", QT_TRANSLATE_NOOP("RunTable", "Type"), type_text, type_text, False, QT_TRANSLATE_NOOP("RunTable", "Plain (no shortcuts) or residual")),
    Column("block", QT_TRANSLATE_NOOP("RunTable", "Block"), block_text, block_kind),
    Column("shortcut", QT_TRANSLATE_NOOP("RunTable", "Shortcut"), shortcut_text, shortcut_text, False,
           QT_TRANSLATE_NOOP("RunTable", "Shortcut kind: option A zero-pads, B projects where the shape changes, C everywhere")),
    Column("dataset", QT_TRANSLATE_NOOP("RunTable", "Dataset"), lambda r: dataset_title(r.dataset),
           lambda r: dataset_title(r.dataset).lower()),
    Column("time", QT_TRANSLATE_NOOP("RunTable", "Time"), lambda r: format_duration(duration(r)), duration, True,
           QT_TRANSLATE_NOOP("RunTable", "Training wall time")),
    Column("device", QT_TRANSLATE_NOOP("RunTable", "Device"), lambda r: r.device, lambda r: r.device.lower()),
    Column("precision", QT_TRANSLATE_NOOP("RunTable", "Precision"), precision_text, precision_text, False,
           QT_TRANSLATE_NOOP("RunTable", "Number format of the training: fp32, or bf16/fp16 for convolutions under autocast")),
    Column("tags", QT_TRANSLATE_NOOP("RunTable", "Tags"), lambda r: ", ".join(r.tags), lambda r: ", ".join(r.tags).lower()),
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}


def sort_value(info: RunInfo, column: int) -> tuple[int, Any]:
    """A key that sorts missing values (None, NaN) after every real one."""
    value = COLUMNS[column].sort(info)
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return (1, 0)
    return (0, value)
