"""The degradation demo's one button: queue the four runs first in line and run the queue.

The main window then overlays ``ids`` in the explorer and, on each ``runner.runFinished``,
asks ``demo_verdict``; once it returns text, every demo run has ended and it can be shown.
"""

from __future__ import annotations

from pathlib import Path

from resviz.presentation.demo_verdict import measure, verdict
from resviz.runs import open_store
from resviz.train.demo import DEMO_TAG, demo_runs
from resviz.ui.controller import TrainingController
from resviz.ui.queue.runner import QueueRunner


def start_degradation_demo(controller: TrainingController, runner: QueueRunner,
                           store_dir: str | Path | None = None, device_type: str = "cpu",
                           seed: int = 0, steps: int | None = None) -> list[int]:
    """Queue plain-20, plain-56, ResNet-20, ResNet-56 ahead of the rest and start the queue.

    ``device_type`` is ``resolve_device('auto').type`` (the quick setting on a CPU, the
    paper-like one on a GPU) or "classroom" (the longer CPU setting). If a run is training now,
    the demo starts when it ends.
    """
    if runner.controller is not controller:
        raise ValueError("the runner must drive this controller: the app has one of each")
    if store_dir is not None and runner.store_dir is not None and Path(store_dir) != Path(runner.store_dir):
        raise ValueError("the runner and the demo must use the same store")
    runs = demo_runs(device_type, seed=seed, steps=steps)
    ids = runner.enqueue(runs, tags=[DEMO_TAG], front=True)
    runner.start()
    return ids


def demo_verdict(store_dir: str | Path | None, ids: list[int]) -> str | None:
    """What the demo runs show, once all of them have ended; None while any is queued or running.

    A demo run cancelled from the queue (deleted) is left out; the verdict says what is missing.
    """
    with open_store(store_dir) as store:
        kept = {run.id: run for run in store.list_runs(tag=DEMO_TAG)}
        infos = [kept[run_id] for run_id in ids if run_id in kept]
        if any(info.is_active for info in infos):
            return None
        return verdict(measure(store, [info.id for info in infos]))
