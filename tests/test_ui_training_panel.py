"""The training settings form: defaults by device, and the precision setting."""

from __future__ import annotations

from resviz.train.config import TrainConfig, first_run_config
from resviz.ui.training_panel import TrainingPanel


def test_a_cpu_starts_with_the_one_minute_setting_and_a_gpu_with_the_papers(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    cpu = panel.config()
    assert cpu.steps == first_run_config("cpu").steps and cpu.image_size == 24 and not cpu.augment and cpu.optimizer == "adam"
    panel.set_devices(["auto", "cuda", "cpu"])
    gpu = panel.config()
    assert gpu.steps is None and gpu.epochs == 5 and gpu.optimizer == "sgd" and gpu.image_size is None


def test_a_setting_the_user_chose_is_kept_when_a_gpu_turns_up(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.batch_size.setValue(48)
    panel.set_devices(["auto", "cuda", "cpu"])
    assert panel.config().batch_size == 48 and panel.config().image_size == 24


def test_precision_round_trips_through_the_form(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    assert panel.config().precision == "auto"
    for choice in ("fp32", "bf16", "fp16", "auto"):
        panel.set_config(TrainConfig(precision=choice))
        assert panel.config().precision == choice
