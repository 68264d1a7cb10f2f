"""The summary table of a selection of runs, as rows and as TSV, CSV or Markdown. Qt-free."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence

from resviz.runs import RunInfo
from resviz.ui.explorer.columns import (
    block_kind,
    duration,
    precision_text,
    shortcut_text,
    type_text,
)

HEADERS = (
    "Run", "Name", "Architecture", "Depth", "Type", "Block", "Shortcut", "Params", "Dataset",
    "Status", "Steps", "Final train loss", "Final train error (%)", "Best val acc (%)", "Time (s)",
    "Precision",
)
NUMERIC = frozenset({"Run", "Depth", "Params", "Steps", "Final train loss",
                     "Final train error (%)", "Best val acc (%)", "Time (s)"})


def _fmt(value: object, digits: int) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return ""
    if not math.isfinite(value):
        return "nan"
    return f"{value:.{digits}f}"


def summary_row(info: RunInfo, final_train_acc: float | None = None) -> list[str]:
    """One row of plain text cells (numbers unformatted beyond rounding, for spreadsheets)."""
    s = info.summary
    steps = s.get("final_step", s.get("total_steps"))
    acc = info.best_val_acc
    return [
        str(info.id), info.name, info.arch or "", "" if info.depth is None else str(info.depth),
        type_text(info), block_kind(info), shortcut_text(info),
        "" if info.params is None else str(info.params), info.dataset, info.status,
        "" if steps is None else str(steps), _fmt(info.final_train_loss, 4),
        "" if final_train_acc is None else _fmt(100.0 * (1.0 - final_train_acc), 2),
        "" if acc is None else _fmt(100.0 * acc, 2), _fmt(duration(info), 1), precision_text(info),
    ]


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
