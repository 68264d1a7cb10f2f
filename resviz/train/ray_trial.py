"""One trial of a Ray sweep, as it runs on a Ray worker: train one run and send every moment of
the fit back to the driver (``resviz.train.ray_sweep``), which writes the store.

The worker never opens the run store: the store is a SQLite file on the user's machine. It
trains with the same ``Trainer`` as a local run and forwards the same event payloads, so the
driver records them with the same ``StoreRecorder`` and the numbers are those of a local run.
Its checkpoint is written to a temporary folder and its bytes are sent back.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from resviz.train.events import (
    Callback,
    EpochLog,
    FitEnd,
    FitInfo,
    GradCamLog,
    ProbeLog,
    StepLog,
    TrainControl,
)

Event = tuple[int, str, Any]
"""(run id, moment, payload) as it travels through the Ray queue."""


class Relay(Callback):
    """Puts each moment on the Ray queue; at each log point, asks the driver's flag whether to stop."""

    def __init__(self, run_id: int, queue: Any, flag: Any, control: TrainControl) -> None:  # noqa: ANN401 - Ray handles
        self.run_id = run_id
        self.queue = queue
        self.flag = flag
        self.control = control

    def send(self, moment: str, payload: Any) -> None:  # noqa: ANN401 - any event payload
        self.queue.put((self.run_id, moment, payload))  # waits for the queue's ack: nothing is lost on a crash after

    def _check_stop(self) -> None:
        import ray

        if not self.control.stop_requested and ray.get(self.flag.is_set.remote()):
            self.control.request_stop()

    def on_fit_start(self, info: FitInfo) -> None:
        self.send("start", (info, socket.gethostname(), os.getpid()))

    def on_step(self, log: StepLog) -> None:
        self.send("step", log)
        self._check_stop()  # a log point: every log_every steps, one small actor call

    def on_probe(self, log: ProbeLog) -> None:
        self.send("probe", log)

    def on_epoch_end(self, log: EpochLog) -> None:
        self.send("epoch", log)

    def on_gradcam(self, log: GradCamLog) -> None:
        self.send("gradcam", log)

    def on_checkpoint(self, path: str, step: int, epoch: int) -> None:
        self.send("checkpoint", (Path(path).read_bytes(), step, epoch))

    def on_idle(self) -> None:
        self._check_stop()

    def on_fit_end(self, end: FitEnd) -> None:
        self.send("end", end)


def run_trial(run_id: int, name: str, spec: dict[str, Any], config: dict[str, Any], queue: Any,  # noqa: ANN401
              flag: Any, driver_version: str, threads: int) -> str:  # noqa: ANN401 - Ray handles
    """Train one run on this worker; returns its final status. Raises what stops it before training."""
    import ray
    import torch

    import resviz
    from resviz.arch.spec import from_dict
    from resviz.errors import ResvizError
    from resviz.i18n import _
    from resviz.train.config import TrainConfig
    from resviz.train.session import load_data
    from resviz.train.trainer import Trainer

    if resviz.__version__ != driver_version:
        raise ResvizError(
            _("this Ray worker has resviz {worker}, the driver {driver}").format(
                worker=resviz.__version__, driver=driver_version),
            _("install the same resviz version on every node of the cluster"))
    if ray.get(flag.is_set.remote()):
        return "cancelled"  # the sweep was cancelled while this trial waited for a worker
    torch.set_num_threads(max(1, threads))  # the CPUs Ray gave this trial, not the whole node's
    cfg = TrainConfig.from_dict(config)
    data = load_data(cfg)
    control = TrainControl()
    folder = Path(tempfile.mkdtemp(prefix=f"resviz-trial-{run_id}-"))
    try:
        trainer = Trainer(from_dict(spec), cfg, callbacks=[Relay(run_id, queue, flag, control)], control=control,
                          data=data, checkpoint_path=folder / "checkpoint-last.pt", run_id=run_id, name=name)
        return trainer.fit().status
    finally:
        shutil.rmtree(folder, ignore_errors=True)
