"""What the analysis commands (lesion, landscape) share: their output folder and a counter of
evaluations on the terminal."""

from __future__ import annotations

import sys
from pathlib import Path

from resviz.errors import ResvizError, os_reason
from resviz.i18n import _


def make_out_dir(path: str | Path) -> Path:
    """The --out folder, made if needed; a clear refusal if it cannot be."""
    out = Path(path)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ResvizError(_("cannot create {path}: {reason}").format(path=out, reason=os_reason(exc)),
                          _("choose another --out folder")) from None
    return out


def show_evaluations(done: int, total: int) -> None:
    """'evaluation 12/40' redrawn in place, on a terminal only."""
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K" + _("evaluation {done}/{total}").format(done=done, total=total))
        sys.stderr.flush()


def end_evaluations() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\n")
