"""The summary table of a selection of runs, as rows and as TSV, CSV or Markdown. Qt-free."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

import numpy as np

from resviz.presentation.columns import (
    QT_TRANSLATE_NOOP,
    activation_kind,
    block_kind,
    duration,
    precision_text,
    shortcut_text,
    stage_widths,
    type_text,
)
from resviz.runs import RunInfo, RunStore
from resviz.runs.final import TAIL, tail_mean

# The name, then the results a class compares, then what describes the run. Marked for the
# window's table (context "Explorer"); files keep them in English. New columns go at the end,
# so scripts that read the files by position keep working.
HEADERS = (
    QT_TRANSLATE_NOOP("Explorer", "Name"),
    QT_TRANSLATE_NOOP("Explorer", "Final train loss"),
    QT_TRANSLATE_NOOP("Explorer", "Final train error (%)"),
    QT_TRANSLATE_NOOP("Explorer", "Best val acc (%)"),
    QT_TRANSLATE_NOOP("Explorer", "Run"),
    QT_TRANSLATE_NOOP("Explorer", "Architecture"),
    QT_TRANSLATE_NOOP("Explorer", "Depth"),
    QT_TRANSLATE_NOOP("Explorer", "Type"),
    QT_TRANSLATE_NOOP("Explorer", "Block"),
    QT_TRANSLATE_NOOP("Explorer", "Shortcut"),
    QT_TRANSLATE_NOOP("Explorer", "Params"),
    QT_TRANSLATE_NOOP("Explorer", "Dataset"),
    QT_TRANSLATE_NOOP("Explorer", "Status"),
    QT_TRANSLATE_NOOP("Explorer", "Steps"),
    QT_TRANSLATE_NOOP("Explorer", "Time (s)"),
    QT_TRANSLATE_NOOP("Explorer", "Precision"),
    QT_TRANSLATE_NOOP("Explorer", "Activation"),
    QT_TRANSLATE_NOOP("Explorer", "Width"),
    QT_TRANSLATE_NOOP("Explorer", "Stage widths"),
    QT_TRANSLATE_NOOP("Explorer", "Seed"),
)
THOUSANDS = frozenset({"Params", "Steps"})  # shown as 214,546 on screen, plain in the files
NUMERIC = frozenset({"Run", "Depth", "Params", "Steps", "Final train loss",
                     "Final train error (%)", "Best val acc (%)", "Time (s)", "Width", "Seed"})


def _fmt(value: object, digits: int) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    if not math.isfinite(value):
        return "nan"
    return f"{value:.{digits}f}"


def final_accuracy(acc: np.ndarray, tail: float = TAIL) -> float | None:
    """Mean training accuracy over the last tenth of the logged steps: one batch is too noisy."""
    acc = np.asarray(acc, dtype=np.float64)
    acc = acc[np.isfinite(acc)]
    return tail_mean(acc, tail) if len(acc) else None


def summary_row(info: RunInfo, final_train_acc: float | None = None,
                final_train_loss: float | None = None) -> list[str]:
    """One row of plain text cells (numbers unformatted beyond rounding, for spreadsheets). The
    final numbers are read from the run's series where the caller has them (runs.final), so
    that a run stored before the final loss was a tail mean agrees with the sentences above."""
    s = info.summary
    loss = final_train_loss if final_train_loss is not None and math.isfinite(final_train_loss) else info.final_train_loss
    steps = s.get("final_step", s.get("total_steps"))
    acc = info.best_val_acc
    widths = stage_widths(info)
    seed = info.config.get("seed")
    return [
        info.name, _fmt(loss, 4),
        "" if final_train_acc is None else _fmt(100.0 * (1.0 - final_train_acc), 2),
        "" if acc is None else _fmt(100.0 * acc, 2),
        str(info.id), info.arch or "", "" if info.depth is None else str(info.depth),
        type_text(info), block_kind(info), shortcut_text(info),
        "" if info.params is None else str(info.params), info.dataset, info.status,
        "" if steps is None else str(steps), _fmt(duration(info), 1), precision_text(info),
        # Widths joined by spaces: "8-16-32" or "8/16/32" would turn into a date in a spreadsheet.
        activation_kind(info), str(widths[0]) if widths else "", " ".join(map(str, widths)),
        str(seed) if isinstance(seed, int) and not isinstance(seed, bool) else "",
    ]


def summary_rows(store: RunStore, run_ids: Sequence[int]) -> list[list[str]]:
    """The rows of these runs read from a store (headless: ``resviz runs export`` with several runs)."""
    return [summary_row(store.get_run(run_id), final_accuracy(store.metric_series(run_id, "train/acc")[1]),
                        tail_mean(store.metric_series(run_id, "train/loss")[1])) for run_id in run_ids]


def display_cell(header: str, text: str) -> str:
    """A cell as the table shows it: thousands separated where that helps reading."""
    return f"{int(text):,}" if header in THOUSANDS and text.isdigit() else text


def to_tsv(rows: Sequence[Sequence[str]], headers: Sequence[str] = HEADERS) -> str:
    """Tab-separated, for pasting into a spreadsheet (tabs and newlines in cells become spaces)."""
    def clean(cell: str) -> str:
        return cell.replace("\t", " ").replace("\r", " ").replace("\n", " ")

    return "\n".join("\t".join(clean(c) for c in row) for row in [list(headers), *rows]) + "\n"


def to_csv(rows: Sequence[Sequence[str]], headers: Sequence[str] = HEADERS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue()


def to_markdown(rows: Sequence[Sequence[str]], headers: Sequence[str] = HEADERS) -> str:
    """A GitHub-flavoured Markdown table; numeric columns right-aligned."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|" + "|".join("---:" if h in NUMERIC else "---" for h in headers) + "|"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
