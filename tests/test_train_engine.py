"""The trainer: events in order, probes that measure what they claim, stop/resume, divergence."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from resviz.arch.presets import cifar_net
from resviz.data import DataBundle, load_dataset
from resviz.train.config import TrainConfig
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
from resviz.train.optim import lr_factor
from resviz.train.trainer import Trainer


@pytest.fixture(scope="module")
def tiny() -> DataBundle:
    return load_dataset("builtin", image_size=8, train_size=512, seed=0)


def tiny_config(**kw: object) -> TrainConfig:
    base = dict(batch_size=32, steps=20, lr=0.05, schedule="constant", log_every=5, probe_every=5,
                gradcam_images=4, max_val_images=200, device="cpu")
    base.update(kw)
    return TrainConfig(**base)  # type: ignore[arg-type]


class Recorder(Callback):
    def __init__(self) -> None:
        self.events: list[object] = []

    def on_fit_start(self, info: FitInfo) -> None:
        self.events.append(info)

    def on_step(self, log: StepLog) -> None:
        self.events.append(log)

    def on_probe(self, log: ProbeLog) -> None:
        self.events.append(log)

    def on_epoch_end(self, log: EpochLog) -> None:
        self.events.append(log)

    def on_gradcam(self, log: GradCamLog) -> None:
        self.events.append(log)

    def on_checkpoint(self, path: str, step: int, epoch: int) -> None:
        self.events.append(("checkpoint", step))

    def on_fit_end(self, end: FitEnd) -> None:
        self.events.append(end)

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]


def test_events_arrive_in_order_with_plain_payloads(tiny: DataBundle, tmp_path) -> None:
    rec = Recorder()
    end = Trainer(cifar_net(1, width=8, image_size=8), tiny_config(steps=16, epochs=1), callbacks=[rec], data=tiny,
                  checkpoint_path=tmp_path / "last.pt").fit()
    assert end.status == "finished" and end.step == 16
    assert isinstance(rec.events[0], FitInfo) and isinstance(rec.events[-1], FitEnd)
    steps = [e.step for e in rec.of(StepLog)]
    assert steps == sorted(steps) and steps[-1] == 16
    info = rec.events[0]
    assert info.steps_per_epoch == 16 and info.total_steps == 16  # 512 images / batch 32
    assert len(info.block_names) == 3 and all(info.residual)
    probes = rec.of(ProbeLog)
    assert [p.step for p in probes] == [1, 6, 11, 16]
    for p in probes:
        assert p.layer_grad.shape == (len(info.layer_names),) and np.all(p.layer_grad > 0)
        assert np.all(np.isfinite(p.shortcut_grad)) and np.all(p.residual_ratio > 0)
    assert len(rec.of(EpochLog)) == 1 and len(rec.of(GradCamLog)) == 1
    assert ("checkpoint", 16) in rec.events
    assert all(math.isfinite(e.train_loss) for e in rec.of(StepLog))


def test_block_gradient_is_the_norm_over_its_layers(tiny: DataBundle) -> None:
    rec = Recorder()
    Trainer(cifar_net(1, width=8, image_size=8), tiny_config(steps=1), callbacks=[rec], data=tiny).fit()
    info, probe = rec.events[0], rec.of(ProbeLog)[0]
    layers = [i for i, n in enumerate(info.layer_names) if n.startswith("layer2.0.")]
    assert probe.block_grad[1] == pytest.approx(np.sqrt(np.sum(probe.layer_grad[layers] ** 2)), rel=1e-5)


def test_plain_blocks_have_no_shortcut_gradient(tiny: DataBundle) -> None:
    rec = Recorder()
    Trainer(cifar_net(1, residual=False, width=8, image_size=8), tiny_config(steps=1), callbacks=[rec], data=tiny).fit()
    probe = rec.of(ProbeLog)[0]
    assert np.all(np.isnan(probe.shortcut_grad)) and np.all(np.isnan(probe.shortcut_share))


def test_same_seed_same_curve(tiny: DataBundle) -> None:
    def losses(seed: int) -> list[float]:
        rec = Recorder()
        Trainer(cifar_net(1, width=8, image_size=8), tiny_config(seed=seed, gradcam_each_epoch=False),
                callbacks=[rec], data=tiny).fit()
        return [e.train_loss for e in rec.of(StepLog)]

    assert losses(3) == losses(3)
    assert losses(3) != losses(4)


def test_divergence_stops_with_a_message_naming_the_step(tiny: DataBundle) -> None:
    rec = Recorder()
    end = Trainer(cifar_net(1, width=8, image_size=8), tiny_config(lr=1e8, steps=40, log_every=40),
                  callbacks=[rec], data=tiny).fit()
    assert end.status == "diverged"
    assert "diverged at step" in end.message and "learning rate" in end.message
    bad_step = int(end.message.split("step ")[1].split(":")[0])
    assert 1 <= bad_step <= 40


class StopAt(Callback):
    def __init__(self, control: TrainControl, step: int) -> None:
        self.control, self.step = control, step

    def on_step(self, log: StepLog) -> None:
        if log.step >= self.step:
            self.control.request_stop()


def test_stop_saves_a_checkpoint_and_resume_finishes_the_run(tiny: DataBundle, tmp_path) -> None:
    from resviz.train.checkpoint import load_checkpoint

    ckpt = tmp_path / "last.pt"
    control = TrainControl()
    spec = cifar_net(1, width=8, image_size=8)
    end = Trainer(spec, tiny_config(steps=30), callbacks=[StopAt(control, 10)], control=control, data=tiny,
                  checkpoint_path=ckpt).fit()
    assert end.status == "stopped" and end.step == 10 and end.checkpoint == str(ckpt)
    state = load_checkpoint(ckpt)
    assert state["step"] == 10
    rec = Recorder()
    end2 = Trainer(spec, tiny_config(steps=30), callbacks=[rec], data=tiny, checkpoint_path=ckpt, resume_state=state).fit()
    assert end2.status == "finished" and end2.step == 30
    assert rec.events[0].start_step == 10
    assert rec.of(StepLog)[0].step == 15



def test_a_resumed_runs_final_loss_spans_the_stop(tiny: DataBundle, tmp_path) -> None:
    """The final loss is the tail of every log point, those before the stop included (runs.final)."""
    from resviz.train.checkpoint import load_checkpoint

    ckpt, control, spec = tmp_path / "last.pt", TrainControl(), cifar_net(1, width=8, image_size=8)
    first = Recorder()
    Trainer(spec, tiny_config(steps=100), callbacks=[first, StopAt(control, 96)], control=control, data=tiny,
            checkpoint_path=ckpt).fit()
    state = load_checkpoint(ckpt)
    assert state["step"] == 96 and state["logged_losses"] == pytest.approx([log.train_loss for log in first.of(StepLog)])
    second = Recorder()
    end = Trainer(spec, tiny_config(steps=100), callbacks=[second], data=tiny, checkpoint_path=ckpt,
                  resume_state=state).fit()
    # 26 log points (every 5 steps and each 16-step epoch's end): the last tenth is 96's and 100's.
    assert [log.step for log in second.of(StepLog)] == [100]
    assert end.final_train_loss == pytest.approx((first.of(StepLog)[-1].train_loss + second.of(StepLog)[0].train_loss) / 2)


def test_the_final_loss_is_the_mean_of_the_last_tenth_of_the_log_points(tiny: DataBundle) -> None:
    rec = Recorder()
    end = Trainer(cifar_net(1, width=8, image_size=8), tiny_config(steps=100, log_every=5), callbacks=[rec],
                  data=tiny).fit()
    losses = [log.train_loss for log in rec.of(StepLog)]
    assert len(losses) == 25  # every 5 steps, and at the end of each 16-step epoch
    assert end.final_train_loss == pytest.approx(sum(losses[-2:]) / 2)  # not the last point alone
    assert end.final_train_loss != pytest.approx(losses[-1])


def test_pause_blocks_between_steps_until_resumed(tiny: DataBundle) -> None:
    import threading

    control = TrainControl()
    rec = Recorder()
    control.pause()
    thread = threading.Thread(target=lambda: Trainer(cifar_net(1, width=8, image_size=8), tiny_config(steps=5),
                                                     callbacks=[rec], control=control, data=tiny).fit())
    thread.start()
    thread.join(2.0)
    assert thread.is_alive() and not rec.of(StepLog)  # waiting, not training
    control.resume()
    thread.join(60)
    assert rec.of(FitEnd)[0].status == "finished"


def test_out_of_memory_names_the_batch_size(tiny: DataBundle, monkeypatch: pytest.MonkeyPatch) -> None:
    from resviz.arch import builder

    def boom(self: object, x: torch.Tensor) -> torch.Tensor:
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(builder.Network, "forward", boom)
    end = Trainer(cifar_net(1, width=8, image_size=8), tiny_config(batch_size=64), data=tiny).fit()
    assert end.status == "failed"
    assert "out of memory at batch size 64" in end.message and "batch size 32" in end.message


def test_bad_settings_fail_with_a_message(tiny: DataBundle) -> None:
    end = Trainer(cifar_net(1, width=8, image_size=8), tiny_config(optimizer="rmsprop"), data=tiny).fit()
    assert end.status == "failed" and "unknown optimizer" in end.message


def test_spec_adapts_to_the_data(tiny: DataBundle) -> None:
    rec = Recorder()
    Trainer(cifar_net(1, width=8, image_size=32, classes=7), tiny_config(steps=1), callbacks=[rec], data=tiny).fit()
    spec = rec.events[0].spec
    assert spec["input"] == {"channels": 3, "height": 8, "width": 8, "classes": 10}


def test_paper_step_schedule_and_warmup() -> None:
    assert lr_factor(0, 64_000, "step", 0) == 1.0
    assert lr_factor(32_000, 64_000, "step", 0) == pytest.approx(0.1)
    assert lr_factor(48_000, 64_000, "step", 0) == pytest.approx(0.01)
    assert lr_factor(100, 64_000, "step", 400) == pytest.approx(0.1)
    assert lr_factor(400, 64_000, "step", 400) == 1.0
    assert lr_factor(1000, 1000, "cosine", 0) == pytest.approx(0.0, abs=1e-9)


def test_optimizers_train(tiny: DataBundle) -> None:
    for opt, lr in (("adam", 1e-3), ("adamw", 1e-3)):
        end = Trainer(cifar_net(1, width=8, image_size=8), tiny_config(optimizer=opt, lr=lr, steps=5), data=tiny).fit()
        assert end.status == "finished", end.message
