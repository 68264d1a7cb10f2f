"""Sweeps on Ray: each queued run of a sweep is one Ray task; the driver (the CLI or the app)
receives every moment of every trial and writes it into the run store, as a local run would.

Why Ray tasks and a ``ray.util.queue.Queue`` rather than Ray Tune's ``grid_search``:

- The store needs each trial's moments as they happen and whole: per-layer gradient vectors,
  Grad-CAM arrays, checkpoint files. Tune's ``report`` carries flat dicts of scalars through
  its own result pipeline (and writes its own result files); the queue carries the trainer's
  own event payloads, which the driver records with the same ``StoreRecorder`` as a local
  run, so a Ray run's numbers are a local run's numbers.
- Tune persists checkpoints to a storage path, which on a cluster must be shared or cloud
  storage; here each checkpoint's bytes come back through the queue into the store's folder.
- Ray core is the whole dependency (``ray[tune]`` adds pandas, pyarrow, fsspec…), and the
  grid is already expanded by ``resviz.train.sweep``: one task per run is the grid.
- Stopping is cooperative, as locally: a flag actor the trials read at each log point, so a
  cancelled trial ends ``stopped`` with its checkpoint; trials still waiting are cancelled.

Ray is imported only inside the functions that need it: the app and the CLI start without it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from resviz.arch.spec import from_dict
from resviz.errors import ResvizError
from resviz.i18n import _
from resviz.runs import open_store
from resviz.train.config import TrainConfig
from resviz.train.events import FitEnd
from resviz.train.queue import RAY_HOLD_KEY
from resviz.train.recorder import StoreRecorder
from resviz.train.session import run_summary


def hold_summary() -> dict[str, int]:
    """Summary of the runs this process queues for its Ray sweep: the local queue leaves them
    alone while this process lives (``queue.held_by_ray``)."""
    return {RAY_HOLD_KEY: os.getpid()}


INSTALL_HINT = 'pip install "resviz[ray]"'


class RayMissing(ResvizError):
    """``--ray`` without Ray installed."""


def import_ray() -> Any:  # noqa: ANN401 - the ray module
    try:
        import ray
    except ImportError:
        raise RayMissing(_("Ray is not installed, so the sweep cannot run on Ray"),
                         _("install it with: {command}").format(command=INSTALL_HINT)) from None
    return ray


@dataclass(frozen=True)
class RayOptions:
    address: str | None = None
    """A Ray cluster's address ("ray://host:10001", "host:6379", "auto"); None: $RAY_ADDRESS, else a
    local Ray with this machine's cores."""
    cpus_per_trial: float = 1.0
    gpus_per_trial: float | None = None
    """None: one GPU per trial where the cluster has GPUs and the run may use one, else none.
    Fractions let several small runs share a card."""


@dataclass
class Trial:
    run_id: int
    name: str
    ref: Any = None
    recorder: StoreRecorder | None = None
    node: str = ""
    pid: int = 0
    """The Ray worker process training it (on ``node``)."""
    step: int = 0
    total_steps: int = 0
    loss: float | None = None
    status: str = "waiting"
    """waiting, running, or the run's final status once it ended (cancelled: deleted unstarted)."""
    message: str = ""


def _flag_class() -> Any:  # noqa: ANN401 - a Ray actor class
    ray = import_ray()

    @ray.remote(num_cpus=0)
    class StopFlag:
        def __init__(self) -> None:
            self.value = False

        def set(self) -> None:
            self.value = True

        def is_set(self) -> bool:
            return self.value

    return StopFlag


def _check_reachable(address: str | None) -> None:
    """Refuse a HOST:PORT nobody listens on at once: Ray itself retries for minutes."""
    if address is None or "://" in address or address == "auto" or ":" not in address:
        return
    host, _sep, port = address.rpartition(":")
    if not port.isdigit():
        return
    with socket.create_connection((host, int(port)), timeout=5):
        pass


@dataclass
class RaySweep:
    """Trains queued runs on Ray. Call ``start``, then ``poll`` until it returns False, then ``close``;
    every store write happens in the thread that polls. ``listener(trial, moment)`` hears each change."""

    run_ids: Sequence[int]
    store_dir: str | Path | None = None
    options: RayOptions = field(default_factory=RayOptions)
    listener: Callable[[Trial, str], None] | None = None
    trials: dict[int, Trial] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _ray: Any = field(default=None, init=False, repr=False)
    _own_ray: bool = field(default=False, init=False, repr=False)
    _queue: Any = field(default=None, init=False, repr=False)
    _flag: Any = field(default=None, init=False, repr=False)
    _unsubmitted: list[tuple[Any, float, float]] = field(default_factory=list, init=False, repr=False)
    store_path: Path | None = field(default=None, init=False)
    """The store's folder, once started."""

    def start(self) -> None:
        """Connect to Ray (or start it) and submit the trials the cluster has room for (``poll`` submits
        the rest as they end)."""

        ray = import_ray()
        from ray.util.queue import Queue

        self._ray = ray
        if not ray.is_initialized():
            address = self.options.address or os.environ.get("RAY_ADDRESS") or None
            try:
                _check_reachable(address)
                self._own_ray = True
                ray.init(address=address, include_dashboard=False, logging_level="WARNING",
                         log_to_driver=False)
            except (OSError, RuntimeError, ValueError) as exc:
                raise ResvizError(_("cannot connect to the Ray cluster at {address}: {error}").format(
                    address=address, error=exc), _("start it with 'ray start --head' and pass the address it prints "
                                                    "to --ray, or leave the address out for a local Ray")) from None
        self._queue = Queue(actor_options={"num_cpus": 0})
        self._flag = _flag_class().remote()
        cluster = ray.cluster_resources()
        store = open_store(self.store_dir)
        try:
            self.store_path = store.dir
            infos = [store.get_run(run_id) for run_id in self.run_ids]
        finally:
            store.close()
        for info in infos:
            cpus, gpus = self._resources(TrainConfig.from_dict(info.config), cluster)
            self.trials[info.id] = Trial(info.id, info.name)
            self._unsubmitted.append((info, cpus, gpus))
        self._submit()

    def _submit(self) -> None:
        """Hand Ray as many trials as the cluster has resources for now, the rest later. Ray lends a
        task's CPU to another while it waits on the queue or the stop flag, so a sweep that submitted
        every trial at once trained three at a time on two CPUs."""
        import resviz
        from resviz.train.ray_trial import run_trial

        if not self._unsubmitted:
            return
        cluster = self._ray.cluster_resources()
        while self._unsubmitted:
            info, cpus, gpus = self._unsubmitted[0]
            room = [cluster.get(name, 0.0) / want for name, want in (("CPU", cpus), ("GPU", gpus)) if want > 0]
            if len(self.pending) >= max(1, int(min(room, default=len(self.trials)) + 1e-9)):
                return
            self._unsubmitted.pop(0)
            # max_calls=1: each trial in a fresh worker process. A reused worker can carry the wreck
            # of a trial cancelled while it imported torch (its next trial then failed with "partially
            # initialized module 'torch'"), and it would keep the last trial's memory.
            task = self._ray.remote(max_calls=1)(run_trial).options(num_cpus=cpus, num_gpus=gpus, max_retries=0,
                                                               name=f"resviz run {info.id}")
            self.trials[info.id].ref = task.remote(info.id, info.name, info.spec, info.config, self._queue,
                                                   self._flag, resviz.__version__, max(1, int(cpus)))

    def _resources(self, config: TrainConfig, cluster: dict[str, float]) -> tuple[float, float]:
        cpus, gpus = self.options.cpus_per_trial, self.options.gpus_per_trial
        have_gpus = cluster.get("GPU", 0.0)
        if gpus is None:
            gpus = 1.0 if have_gpus >= 1 and config.device in ("auto", "cuda") else 0.0
        if config.device == "cuda" and gpus == 0:
            raise ResvizError(_("the runs are set to train on CUDA, but the Ray cluster has no GPU"),
                              _("use --device auto or cpu, or add GPU nodes to the cluster"))
        asks = ((cpus, cluster.get("CPU", 0.0), _("each trial asks for {want:g} CPUs, the Ray cluster has {have:g} now: "
                                                  "the trials wait until it has them")),
                (gpus, have_gpus, _("each trial asks for {want:g} GPUs, the Ray cluster has {have:g} now: "
                                    "the trials wait until it has them")))
        for want, have, text in asks:
            message = text.format(want=want, have=have)
            if want > have and message not in self.warnings:  # an autoscaling cluster may grow: warn, not refuse
                self.warnings.append(message)
        return cpus, gpus

    @property
    def pending(self) -> list[Trial]:
        return [t for t in self.trials.values() if t.ref is not None]

    def poll(self, timeout: float = 0.2) -> bool:
        """Record what arrived (waiting up to ``timeout`` for something); False once every trial ended."""
        self._submit()
        if not self.pending:
            return False
        for event in self._drain(timeout):
            self._apply(*event)
        ready, _waiting = self._ray.wait([t.ref for t in self.pending], num_returns=len(self.pending), timeout=0)
        if ready:
            for event in self._drain(0):  # a trial's last events were queued before its task returned
                self._apply(*event)
            by_ref = {t.ref: t for t in self.pending}
            for ref in ready:
                self._settle(by_ref[ref])
        for trial in self.pending:
            if trial.recorder is not None:
                trial.recorder.on_idle()  # a heartbeat now and then: the run is alive while its worker is
        return bool(self.pending)

    def stop(self, force: bool = False) -> None:
        """Stop the sweep: running trials stop after their step (``force``: at once, left interrupted);
        trials that have not started are cancelled."""
        self._flag.set.remote()
        for info, _cpus, _gpus in self._unsubmitted:  # never handed to Ray: as a local queue's cancel
            self._end(self.trials[info.id], "cancelled", "")
        self._unsubmitted.clear()
        for trial in self.pending:
            if force or trial.recorder is None:
                self._ray.cancel(trial.ref, force=force)

    def run(self, should_stop: Callable[[], bool] = lambda: False) -> None:
        """Poll to the end; ``should_stop`` is asked between polls, a second Ctrl-C forces the stop."""
        stopping = False
        while True:
            try:
                if not stopping and should_stop():
                    stopping = True
                    self.stop()
                if not self.poll():
                    return
            except KeyboardInterrupt:
                stopping = True
                self.stop(force=True)

    def close(self) -> None:
        """Give back the queue and the flag, and Ray itself if this sweep started it. Trials still
        going are cancelled: those that had started are left interrupted; the sweep's runs that
        never started are deleted, as a local queue's cancel does. Safe after a failed ``start``."""
        ray = self._ray
        for trial in list(self.pending):
            with contextlib.suppress(Exception):
                ray.cancel(trial.ref, force=True)
            if trial.status != "waiting":
                self._end(trial, "interrupted", _("the sweep's driver stopped before this run ended"))
        store = open_store(self.store_dir)
        try:
            for run_id in self.run_ids:
                with contextlib.suppress(ResvizError):
                    if store.get_run(run_id).status == "queued":
                        store.delete_run(run_id)
        finally:
            store.close()
        with contextlib.suppress(Exception):
            if self._queue is not None:
                self._queue.shutdown(force=True)
            if self._flag is not None:
                ray.kill(self._flag)
        if self._own_ray and ray is not None:
            ray.shutdown()

    # ---- events -----------------------------------------------------------------------

    def _drain(self, timeout: float) -> list[tuple[int, str, Any]]:
        from ray.util.queue import Empty

        n = self._queue.qsize()
        if n:
            return self._queue.get_nowait_batch(n)
        if timeout <= 0:
            return []
        try:
            return [self._queue.get(timeout=timeout)]
        except Empty:
            return []

    def _apply(self, run_id: int, moment: str, payload: Any) -> None:  # noqa: ANN401 - an event payload
        trial = self.trials[run_id]
        rec = trial.recorder
        if moment == "start":
            info, node, trial.pid = payload
            rec = trial.recorder = StoreRecorder(self.store_path, run_id)
            rec.on_fit_start(info)
            rec.store.update_summary(run_id, **run_summary(from_dict(info.spec)), ray_node=node)
            trial.status, trial.node, trial.total_steps, trial.step = "running", node, info.total_steps, info.start_step
        elif rec is None:
            return  # a trial's moments all follow its start
        elif moment == "step":
            rec.on_step(payload)
            trial.step, trial.loss = payload.step, payload.train_loss
        elif moment == "probe":
            rec.on_probe(payload)
        elif moment == "epoch":
            rec.on_epoch_end(payload)
        elif moment == "gradcam":
            rec.on_gradcam(payload)
        elif moment == "checkpoint":
            data, step, epoch = payload
            path = rec.store.checkpoint_path(run_id, "last")
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)  # never half a checkpoint in the store
            rec.on_checkpoint(str(path), step, epoch)
        elif moment == "end":
            end: FitEnd = payload
            stored = rec.store.get_run(run_id).checkpoint_path
            rec.on_fit_end(dataclasses.replace(end, checkpoint=None if stored is None else str(stored)))
            trial.recorder, trial.status, trial.message = None, end.status, end.message
        if self.listener is not None:
            self.listener(trial, moment)

    def _settle(self, trial: Trial) -> None:
        """The trial's task returned or raised: make sure its run ends with the right status."""
        ray = self._ray
        started = trial.status != "waiting"
        try:
            ray.get(trial.ref)
        except ray.exceptions.TaskCancelledError:
            if started:
                self._end(trial, "interrupted", _("the sweep was cancelled while this run trained"))
            else:
                self._end(trial, "cancelled", "")
            return
        except ray.exceptions.RayTaskError as exc:  # the trial raised: the run failed, with why
            cause = exc.cause if getattr(exc, "cause", None) is not None else exc
            message = str(cause) if isinstance(cause, ResvizError) else f"{type(cause).__name__}: {cause}"
            self._end(trial, "failed", message)
            return
        except ray.exceptions.RayError as exc:  # the worker or its node was lost
            self._end(trial, "interrupted", _("the Ray worker training this run was lost ({error}); what it "
                                              "sent before is kept").format(error=type(exc).__name__))
            return
        if not started:
            self._end(trial, "cancelled", "")  # it saw the stop flag before it began
        elif trial.recorder is not None:
            self._end(trial, "interrupted", _("the Ray trial ended without reporting its end"))
        trial.ref = None

    def _end(self, trial: Trial, status: str, message: str) -> None:
        """End a run whose trial did not report its own end (cancelled: never started, so deleted)."""
        trial.ref = None
        rec, trial.recorder = trial.recorder, None
        if rec is not None:
            with contextlib.suppress(ResvizError):
                rec.writer.close()  # first: its last flush writes a heartbeat, which would undo `interrupted`
        store = open_store(self.store_path)
        try:
            if status == "cancelled":  # as a local queue's cancel: a run that never started leaves nothing
                with contextlib.suppress(ResvizError):
                    store.delete_run(trial.run_id)
            else:
                store.set_status(trial.run_id, status, message)
                last = store.last_metric(trial.run_id, "train/loss")
                if status == "interrupted" and last is not None:
                    store.update_summary(trial.run_id, last_train_loss=last)
        finally:
            store.close()
        trial.status, trial.message = status, message
        if self.listener is not None:
            self.listener(trial, "end")
