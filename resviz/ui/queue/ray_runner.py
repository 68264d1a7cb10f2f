"""A sweep on Ray in the app: the engine's RaySweep polled in a Python thread (every store write
happens there), its trials shown in a box of the queue panel.

The thread never touches a widget or emits a signal: it leaves a snapshot of the trials under a
lock, and a timer in the GUI thread reads it. The runs themselves appear in the explorer as the
driver writes them, like local runs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from resviz.errors import ResvizError
from resviz.runs.types import status_label

if TYPE_CHECKING:
    from resviz.train.ray_sweep import RayOptions, Trial

TrialRow = tuple[int, str, str, int, int, float | None]
"""(run id, name, status, step, total steps, last training loss) of one trial."""


class RaySweepRunner(QObject):
    """Trains queued runs on Ray from a thread; ``trialsChanged`` and ``finished`` arrive in the GUI thread."""

    trialsChanged = Signal(list)  # of TrialRow: the latest state, at most every 250 ms
    trialStarted = Signal(int)  # a run's trial began training on a Ray worker (each one, once)
    finished = Signal(str)  # the error that ended the sweep early, or ""

    def __init__(self, run_ids: Sequence[int], store_dir: str | Path | None, options: RayOptions,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.run_ids = list(run_ids)
        self.store_dir = store_dir
        self.options = options
        self.rows: list[TrialRow] = []
        self.error = ""
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._snapshot: list[TrialRow] | None = None
        self._started: list[int] = []
        self._thread = threading.Thread(target=self._work, name="resviz-ray-sweep", daemon=True)
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._look)

    def start(self) -> None:
        self._thread.start()
        self._timer.start()

    def cancel(self) -> None:
        """Stop the trials after their step; those not started are cancelled (and their runs deleted)."""
        self._stop.set()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        """Closing the window: cancel the sweep and wait for its trials to stop."""
        self.cancel()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _work(self) -> None:
        from resviz.train.ray_sweep import RaySweep

        self._sweep = sweep = RaySweep(self.run_ids, self.store_dir, self.options, listener=self._heard)
        try:
            sweep.start()
            self._heard(None, "")
            sweep.run(self._stop.is_set)
        except ResvizError as exc:
            self.error = str(exc)
        except Exception as exc:  # shown to the user, never swallowed
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            try:
                sweep.close()
            except Exception as exc:  # a failed clean-up must not hide the first error
                self.error = self.error or f"{type(exc).__name__}: {exc}"
            self._heard(None, "")

    def _heard(self, trial: Trial | None, moment: str) -> None:
        """In the sweep's thread: copy the trials for the GUI thread (at most ~30 events a second
        arrive from all trials together at log points, and a copy of a few rows is cheap)."""
        rows = [(t.run_id, t.name, t.status, t.step, t.total_steps, t.loss) for t in self._sweep.trials.values()]
        with self._lock:
            self._snapshot = rows
            if trial is not None and moment == "start":
                self._started.append(trial.run_id)  # kept apart: a snapshot may already show it ended

    def _look(self) -> None:
        # Whether the sweep has ended is read before its last moments: read after, a trial's start
        # that arrived in between would be lost behind ``finished``.
        ended = not self._thread.is_alive()
        with self._lock:
            rows, self._snapshot = self._snapshot, None
            started, self._started = self._started, []
        for run_id in started:
            self.trialStarted.emit(run_id)
        if rows is not None:
            self.rows = rows
            self.trialsChanged.emit(rows)
        if ended:
            self._timer.stop()
            self.finished.emit(self.error)


class RaySweepBox(QGroupBox):
    """The queue panel's view of a Ray sweep: its trials' progress and a Cancel button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner: RaySweepRunner | None = None
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.cancel_button = QPushButton()
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self._cancel)
        self.hide()
        self.retranslate()

    def follow(self, runner: RaySweepRunner) -> None:
        self.runner = runner
        runner.trialsChanged.connect(self._show)
        runner.finished.connect(self._finished)
        self.cancel_button.setEnabled(True)
        self.show()
        self._show(runner.rows)

    def retranslate(self) -> None:
        self.setTitle(self.tr("On Ray"))
        self.cancel_button.setText(self.tr("Cancel Ray sweep"))
        self.cancel_button.setToolTip(self.tr("Stop the trials after their step (they keep their checkpoint); "
                                              "runs not started yet are taken out"))
        if self.runner is not None:
            self._show(self.runner.rows)
            if not self.runner.running:
                self._finished(self.runner.error)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _cancel(self) -> None:
        if self.runner is not None:
            self.runner.cancel()
            self.cancel_button.setEnabled(False)
            self.text.setText(self.tr("Stopping the Ray trials…"))

    def _show(self, rows: list[TrialRow]) -> None:
        if self.runner is None or not self.cancel_button.isEnabled():
            return  # stopping: keep saying so
        if not rows:
            self.text.setText(self.tr("Connecting to Ray…"))
            return
        running = [r for r in rows if r[2] == "running"]
        waiting = sum(r[2] == "waiting" for r in rows)
        lines = [self.tr("{running} training, {waiting} waiting for a worker, {ended} ended").format(
            running=len(running), waiting=waiting, ended=len(rows) - len(running) - waiting)]
        for run_id, name, _status, step, total, loss in running:
            line = self.tr("#{id} {name}: step {step}/{total}").format(id=run_id, name=name, step=f"{step:,}",
                                                                          total=f"{total:,}")
            if loss is not None:
                line += " · " + self.tr("loss {loss}").format(loss=f"{loss:.3f}")
            lines.append(line)
        self.text.setText("\n".join(lines))

    def _finished(self, error: str) -> None:
        self.cancel_button.setEnabled(False)
        rows = self.runner.rows if self.runner is not None else []
        counts: dict[str, int] = {}
        for row in rows:
            if row[2] != "cancelled":
                counts[row[2]] = counts.get(row[2], 0) + 1
        ended = ", ".join(f"{status_label(status)}: {n}" for status, n in counts.items())
        text = self.tr("The Ray sweep ended: {runs}").format(runs=ended or "—")
        self.text.setText(text + ("\n" + error if error else ""))
