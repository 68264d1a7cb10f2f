"""The training loop. It names its moments once and listeners hook in (events.Callback).

Loss and accuracy are accumulated on the device and read only at log points; a NaN or
Inf is caught there too, with the step it first appeared. Stop, pause and resume are
checked between steps, and a stop still reaches ``on_fit_end`` with a checkpoint.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor

from resviz.arch.builder import build
from resviz.arch.presets import with_input
from resviz.arch.spec import NetworkSpec, to_dict
from resviz.data import DataBundle, DeviceLoader, load_dataset
from resviz.errors import ResvizError, TrainingError
from resviz.i18n import _
from resviz.runs.files import initial_weights_beside
from resviz.runs.final import tail_mean
from resviz.train.checkpoint import save_checkpoint
from resviz.train.config import TrainConfig
from resviz.train.device import describe, resolve_device
from resviz.train.events import Callback, EpochLog, FitEnd, FitInfo, StepLog, TrainControl
from resviz.train.gradcam_runner import GradCamRunner
from resviz.train.memory import check_fits
from resviz.train.optim import make_optimizer, make_scheduler
from resviz.train.precision import resolve_precision
from resviz.train.probes import Probes


class Diverged(TrainingError):
    """The loss or a gradient became NaN or Inf at ``step``."""

    def __init__(self, message: str, hint: str, step: int) -> None:
        super().__init__(message, hint)
        self.step = step


# A tenth of the learning rate that diverged, but never above what each optimizer trains with
# here (the paper's SGD 0.1 → 0.01; Adam's usual 1e-3): after lr 1e6, "try 1e5" helps nobody.
_LR_HINT_CAP = {"sgd": 0.01, "adam": 1e-3, "adamw": 1e-3}


def lower_lr_hint(lr: float, optimizer: str) -> float:
    """A learning rate worth trying after ``lr`` diverged."""
    return float(f"{min(lr / 10, _LR_HINT_CAP.get(optimizer, 1e-3)):.1g}")


class Trainer:
    def __init__(
        self,
        spec: NetworkSpec,
        config: TrainConfig,
        *,
        callbacks: Sequence[Callback] = (),
        control: TrainControl | None = None,
        data: DataBundle | None = None,
        checkpoint_path: str | Path | None = None,
        resume_state: dict | None = None,
        run_id: int | None = None,
        name: str = "",
    ) -> None:
        self.spec = spec
        self.config = config
        self.callbacks = list(callbacks)
        self.control = control or TrainControl()
        self.data = data
        self.checkpoint_file = Path(checkpoint_path) if checkpoint_path else None
        self.resume_state = resume_state
        self.run_id = run_id
        self.name = name or spec.name
        self.step = 0
        self.epoch = 0
        self.checkpoint_path: str | None = None
        self._last_train_loss: float | None = None
        self._logged_losses: list[float] = []  # every log point's loss: the final loss is their tail
        self._best_val_acc: float | None = None

    # --- the moments -------------------------------------------------------------

    def _emit(self, moment: str, *args: object) -> None:
        for cb in self.callbacks:
            getattr(cb, moment)(*args)

    def fit(self) -> FitEnd:
        """Train to the end, a stop, divergence or an error. Never raises a ResvizError."""
        t0 = time.perf_counter()
        status, message = "finished", ""
        try:
            self._setup()
            self._loop()
            if self.control.stop_requested:
                status, message = "stopped", _("stopped at step {step}").format(step=self.step)
        except Diverged as exc:
            status, message = "diverged", str(exc)
            self.step = exc.step  # the run ends where it diverged, not at the log point that saw it
            self._emit("on_exception", exc, status, message)
        except torch.OutOfMemoryError as exc:
            bs = self.config.batch_size
            err = TrainingError(
                _("out of memory at batch size {bs} on {device_name}").format(bs=bs, device_name=self.device_name),
                _("try batch size {size}, a smaller network, or --precision bf16").format(size=max(1, bs // 2)),
            )
            status, message = "failed", str(err)
            self._emit("on_exception", exc, status, message)
        except ResvizError as exc:
            status, message = "failed", str(exc)
            self._emit("on_exception", exc, status, message)
        except Exception as exc:  # a bug or a torch error: keep the run, say what happened
            status, message = "failed", f"{type(exc).__name__}: {exc}"
            self._emit("on_exception", exc, status, message)
        if status in ("finished", "stopped") and hasattr(self, "model"):
            with contextlib.suppress(ResvizError):
                self._save_checkpoint()
        final = tail_mean(self._logged_losses) if self._logged_losses else None
        end = FitEnd(status, message, self.step, self.epoch, time.perf_counter() - t0,
                     final, self._best_val_acc, self.checkpoint_path)
        self._emit("on_fit_end", end)
        return end

    # --- setup ---------------------------------------------------------------------

    def _setup(self) -> None:
        cfg = self.config
        cfg.validate()
        self.device = resolve_device(cfg.device)
        self.device_name = describe(self.device)
        if self.data is None:
            self.data = load_dataset(cfg.dataset, data_dir=cfg.data_dir, download=cfg.download,
                                     val_fraction=cfg.val_fraction, seed=cfg.seed,
                                     image_size=cfg.image_size, train_size=cfg.train_size)
        d = self.data
        # The spec adapts to the data: a CIFAR preset on MNIST gets one input channel.
        self.spec = with_input(self.spec, d.channels, d.height, d.width, d.num_classes)
        check_fits(self.spec, cfg, self.device)  # before anything is allocated
        torch.manual_seed(cfg.seed)
        model = build(self.spec)
        self.precision = resolve_precision(cfg.precision, self.device.type)
        self.channels_last = self.precision.channels_last
        self.model = model.to(self.device, memory_format=torch.channels_last if self.channels_last else torch.preserve_format)
        self.optimizer = make_optimizer(self.model, cfg)
        self.train_loader = DeviceLoader(d.train_images, d.train_labels, batch_size=cfg.batch_size,
                                         device=self.device, mean=d.mean, std=d.std, augment=cfg.augment,
                                         seed=cfg.seed, drop_last=len(d.train_labels) >= cfg.batch_size,
                                         channels_last=self.channels_last, flip=d.hflip)
        self.steps_per_epoch = max(1, len(self.train_loader))
        self.total_steps = cfg.steps if cfg.steps is not None else cfg.epochs * self.steps_per_epoch
        self.scheduler = make_scheduler(self.optimizer, cfg, self.total_steps)
        n_val = len(d.val_labels) if cfg.max_val_images is None else min(len(d.val_labels), cfg.max_val_images)
        self.val_loader = DeviceLoader.for_eval(d.val_images[:n_val], d.val_labels[:n_val], batch_size=500,
                                                device=self.device, mean=d.mean, std=d.std,
                                                channels_last=self.channels_last) if n_val else None
        self.amp_dtype = self.precision.autocast_dtype
        self.scaler = torch.amp.GradScaler("cuda") if self.precision.needs_scaler else None
        self.probes = Probes(self.model, self.device)
        self.gradcam = GradCamRunner(self.model, d, cfg, self.device)
        if self.resume_state is not None:
            self._restore(self.resume_state)
        else:
            self._save_initial_weights()
        info = FitInfo(
            run_id=self.run_id, name=self.name, spec=to_dict(self.spec), config=cfg.to_dict(),
            device=self.device_name, precision=self.precision.name, dataset=cfg.dataset, classes=list(d.classes),
            total_steps=self.total_steps, steps_per_epoch=self.steps_per_epoch, start_step=self.step,
            params=sum(p.numel() for p in self.model.parameters()),
            layer_names=self.probes.layer_names, block_names=self.probes.block_names, residual=self.probes.residual,
        )
        self._emit("on_fit_start", info)

    def _restore(self, state: dict) -> None:
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.scheduler.load_state_dict(state["scheduler"])
        self.step, self.epoch = int(state["step"]), int(state["epoch"])
        self._best_val_acc = state.get("best_val_acc")
        logged = state.get("logged_losses")  # absent in checkpoints written before it was kept
        self._logged_losses = [float(v) for v in logged] if isinstance(logged, list) else []

    # --- the loop --------------------------------------------------------------------

    def _batches(self) -> Iterator[tuple[Tensor, Tensor]]:
        """Batches from the current step on, epoch after epoch (resuming mid-epoch skips ahead)."""
        skip = self.step % self.steps_per_epoch
        epoch = self.step // self.steps_per_epoch
        while True:
            self.train_loader.set_epoch(epoch)
            for i, batch in enumerate(self.train_loader):
                if i >= skip:
                    yield batch
            skip, epoch = 0, epoch + 1

    def _loop(self) -> None:
        cfg, dev = self.config, self.device
        model, opt = self.model, self.optimizer
        model.train()
        # Each step's loss goes into a device buffer (one small copy, no sync); a log point reads
        # the buffer once and finds the first NaN/Inf step there. At most log_every steps lie
        # between two log points, since every multiple of log_every is one.
        losses = torch.zeros(cfg.log_every, device=dev)
        correct = torch.zeros((), device=dev, dtype=torch.long)
        seen = 0
        t_last, step_last = time.perf_counter(), self.step
        rate = 0.0
        t_start = time.perf_counter()
        batches = self._batches()
        while self.step < self.total_steps:
            self.control.wait_while_paused(lambda: self._emit("on_idle"))
            if self.control.stop_requested:
                break
            for layer, target in self.control.take_gradcam_requests():
                self._emit("on_gradcam", self.gradcam.run(self.step, self.epoch, layer, target))
            x, y = next(batches)
            probe = self.step % cfg.probe_every == 0
            if probe:
                self.probes.attach()
            with torch.autocast(dev.type, dtype=self.amp_dtype) if self.amp_dtype else contextlib.nullcontext():
                out = model(x)
                loss = F.cross_entropy(out, y)
            opt.zero_grad(set_to_none=True)
            if self.scaler is not None:
                self.scaler.scale(loss).backward()
                self.scaler.unscale_(opt)
            else:
                loss.backward()
            if probe:
                self.probes.measure(self.step + 1)
            if self.scaler is not None:
                self.scaler.step(opt)
                self.scaler.update()
            else:
                opt.step()
            self.scheduler.step()
            self.step += 1
            losses[self.step - step_last - 1] = loss.detach()
            correct += (out.detach().argmax(1) == y).sum()
            seen += y.shape[0]
            end_of_epoch = self.step % self.steps_per_epoch == 0
            last = self.step == self.total_steps
            # Log points fall on fixed steps (never on a timer), so the same seed gives the same curve.
            if self.step % cfg.log_every == 0 or end_of_epoch or last:
                n_steps = self.step - step_last
                window = losses[:n_steps].tolist()  # the log point: one sync for the losses
                bad = next((i for i, v in enumerate(window) if not math.isfinite(v)), None)
                if bad is not None:
                    raise Diverged(
                        _("training diverged at step {step}: the loss became NaN or infinite").format(
                            step=step_last + bad + 1),
                        _("lower the learning rate (try {lr}), add warm-up steps, or keep batch norm on").format(
                            lr=f"{lower_lr_hint(cfg.lr, cfg.optimizer):g}"),
                        step_last + bad + 1,
                    )
                now = time.perf_counter()
                rate = seen / max(now - t_last, 1e-9)
                steps_per_s = n_steps / max(now - t_last, 1e-9)
                self._last_train_loss = math.fsum(window) / n_steps
                self._logged_losses.append(self._last_train_loss)
                log = StepLog(
                    step=self.step, epoch=self.step / self.steps_per_epoch,
                    train_loss=self._last_train_loss, train_acc=correct.item() / max(seen, 1),
                    lr=opt.param_groups[0]["lr"], images_per_s=rate, elapsed_s=now - t_start,
                    eta_s=(self.total_steps - self.step) / max(steps_per_s, 1e-9),
                )
                self._emit("on_step", log)
                self._emit_probes()
                correct.zero_()
                seen, t_last, step_last = 0, time.perf_counter(), self.step
            if end_of_epoch or last:
                self._end_epoch(end_of_epoch)
                t_last = time.perf_counter()  # images/s counts training, not validation

    def _emit_probes(self) -> None:
        for log in self.probes.collect():
            if self.scaler is None and not math.isfinite(float(log.layer_grad.sum())):
                cfg = self.config
                raise Diverged(
                    _("training diverged at step {step}: a gradient became NaN or infinite").format(step=log.step),
                    _("lower the learning rate (try {lr}) or add warm-up steps").format(
                        lr=f"{lower_lr_hint(cfg.lr, cfg.optimizer):g}"),
                    log.step,
                )
            self._emit("on_probe", log)

    def _end_epoch(self, complete: bool) -> None:
        if complete:
            self.epoch = self.step // self.steps_per_epoch
        val_loss, val_acc = self.evaluate()
        if not math.isnan(val_acc):
            self._best_val_acc = max(self._best_val_acc or 0.0, val_acc)
        self._emit("on_epoch_end", EpochLog(self.epoch, self.step, self._last_train_loss or math.nan,
                                            math.nan, val_loss, val_acc))
        if self.config.gradcam_each_epoch:
            self._emit("on_gradcam", self.gradcam.run(self.step, self.epoch, self.config.gradcam_layer, "predicted"))
        if self.config.checkpoint_each_epoch and complete:
            self._save_checkpoint()

    @torch.no_grad()
    def evaluate(self) -> tuple[float, float]:
        if self.val_loader is None:
            return math.nan, math.nan
        self.model.eval()
        loss = torch.zeros((), device=self.device)
        correct = torch.zeros((), device=self.device, dtype=torch.long)
        n = 0
        self.val_loader.set_epoch(0)
        for x, y in self.val_loader:
            with torch.autocast(self.device.type, dtype=self.amp_dtype) if self.amp_dtype else contextlib.nullcontext():
                out = self.model(x)
            loss += F.cross_entropy(out.float(), y, reduction="sum")
            correct += (out.argmax(1) == y).sum()
            n += y.shape[0]
        self.model.train()
        return loss.item() / max(n, 1), correct.item() / max(n, 1)

    def _save_initial_weights(self) -> None:
        """The weights at step 0, kept with the run: the loss along the line from them to the
        trained weights (`resviz landscape --line`) starts there. Weights only, a few MB."""
        if self.checkpoint_file is None:
            return
        weights = {k: v.detach().cpu().contiguous() for k, v in self.model.state_dict().items()}
        save_checkpoint(initial_weights_beside(self.checkpoint_file),
                        {"model": weights, "step": 0, "spec_json": json.dumps(to_dict(self.spec))})

    def _save_checkpoint(self) -> None:
        if self.checkpoint_file is None:
            return
        path = self.checkpoint_file
        save_checkpoint(path, {
            "model": self.model.state_dict(),
            "optimizer": self.optimizer.state_dict(),
            "scheduler": self.scheduler.state_dict(),
            "step": self.step,
            "epoch": self.epoch,
            "best_val_acc": self._best_val_acc,
            "logged_losses": list(self._logged_losses),
            "spec_json": json.dumps(to_dict(self.spec)),
            "config_json": json.dumps(self.config.to_dict()),
        })
        self.checkpoint_path = str(path)
        self._emit("on_checkpoint", str(path), self.step, self.epoch)
