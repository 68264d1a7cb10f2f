"""A one-line progress bar for the terminal: step, epoch, loss, images/s, ETA."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from resviz.i18n import _
from resviz.train.events import Callback, EpochLog, FitEnd, FitInfo, StepLog


def _clock(seconds: float) -> str:
    s = int(max(seconds, 0))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class ProgressBar(Callback):
    """Redraws at most 10 times a second; a line per epoch stays on screen."""

    def __init__(self, stream: TextIO | None = None, width: int = 24) -> None:
        self.stream = stream or sys.stderr
        self.width = width
        self.total = 1
        self._last_draw = 0.0
        self._tty = self.stream.isatty()

    def on_fit_start(self, info: FitInfo) -> None:
        self.total = max(info.total_steps, 1)
        run = _("run {id}").format(id=info.run_id) + " · " if info.run_id is not None else ""
        print(run + _("{name} · {params} parameters · {dataset} · {device} · {steps} steps ({per_epoch} per epoch)").format(
            name=info.name, params=f"{info.params:,}", dataset=info.dataset, device=info.device,
            steps=info.total_steps, per_epoch=info.steps_per_epoch), file=self.stream)

    def on_step(self, log: StepLog) -> None:
        now = time.monotonic()
        if now - self._last_draw < 0.1 and log.step < self.total:
            return
        self._last_draw = now
        filled = int(self.width * log.step / self.total)
        bar = "█" * filled + "·" * (self.width - filled)
        line = bar + " " + _("step {step}/{total} · epoch {epoch} · loss {loss} · acc {acc} · {speed} img/s · "
                             "ETA {eta}").format(step=log.step, total=self.total, epoch=f"{log.epoch:.2f}",
                                                 loss=f"{log.train_loss:.4f}", acc=f"{log.train_acc:.1%}",
                                                 speed=f"{log.images_per_s:,.0f}", eta=_clock(log.eta_s))
        if self._tty:
            self.stream.write("\r\033[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def on_epoch_end(self, log: EpochLog) -> None:
        if self._tty:
            self.stream.write("\n")
        print(_("epoch {epoch} · step {step} · train loss {train_loss} · val loss {val_loss} · val acc {val_acc}").format(
            epoch=log.epoch, step=log.step, train_loss=f"{log.train_loss:.4f}", val_loss=f"{log.val_loss:.4f}",
            val_acc=f"{log.val_acc:.1%}"), file=self.stream)

    def on_fit_end(self, end: FitEnd) -> None:
        if self._tty:
            self.stream.write("\n")
        self.stream.flush()
