"""The training settings form: defaults by device, every field of its table, ranges, the wheel."""

from __future__ import annotations

import dataclasses
import re

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from resviz.errors import TrainingError
from resviz.train.config import TrainConfig, first_run_config
from resviz.ui.training_fields import FIELDS, NOT_IN_THE_FORM
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
    panel.widgets["batch_size"].setValue(48)
    panel.set_devices(["auto", "cuda", "cpu"])
    assert panel.config().batch_size == 48 and panel.config().image_size == 24


def test_precision_round_trips_through_the_form(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    assert panel.config().precision == "auto"
    for choice in ("fp32", "bf16", "fp16", "auto"):
        panel.set_config(TrainConfig(precision=choice))
        assert panel.config().precision == choice


def test_every_field_of_the_table_round_trips_through_the_form(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    chosen = TrainConfig(dataset="cifar10", data_dir="/data/cifar", download=True, image_size=32, train_size=5000,
                         optimizer="adamw", lr=0.0123, schedule="cosine", warmup_steps=7, weight_decay=0.0005,
                         nesterov=True, batch_size=96, epochs=1, steps=321, seed=42, device="cpu",
                         precision="bf16", probe_every=13)
    by_epochs = TrainConfig(dataset="builtin", image_size=None, train_size=None, epochs=7, steps=None,
                            optimizer="sgd", schedule="constant", precision="fp16")
    for cfg in (chosen, by_epochs, TrainConfig()):
        panel.set_config(cfg)
        assert panel.config() == cfg
    # Each TrainConfig field is in the table or left to its default on purpose, never forgotten.
    in_form: set[str] = set()
    for field in FIELDS:
        in_form |= set(field.config_fields(field.value_of(chosen)))
    assert not in_form & NOT_IN_THE_FORM
    assert in_form | NOT_IN_THE_FORM == {f.name for f in dataclasses.fields(TrainConfig)}


@pytest.mark.parametrize(("name", "bad", "message"), [
    ("batch_size", {"batch_size": 0}, "batch size must be at least 1, not 0"),
    ("lr", {"lr": 0.0}, "learning rate must be a positive number, not 0.0"),
    ("warmup_steps", {"warmup_steps": -5}, "warm-up steps cannot be negative, not -5"),
    ("probe_every", {"probe_every": 0}, "log and probe intervals must be at least 1 step"),
    ("length", {"steps": 0}, "steps must be at least 1, not 0"),
])
def test_an_out_of_range_value_is_refused(qtbot, name: str, bad: dict, message: str) -> None:
    with pytest.raises(TrainingError, match=re.escape(message)):
        TrainConfig(**bad).validate()  # the message the window shows when a config cannot train
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.set_config(TrainConfig(**bad))  # the form keeps to its range: the nearest value that trains
    panel.config().validate()
    widget = panel.widgets[name]
    spin = widget.number if name == "length" else widget
    value = next(iter(bad.values()))
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), str(value))  # typed: refused too
    spin.interpretText()
    assert spin.value() != value
    panel.config().validate()


def test_the_wheel_scrolls_the_form_not_the_value_under_it(qtbot) -> None:
    panel = TrainingPanel()
    qtbot.addWidget(panel)
    box = panel.widgets["batch_size"]
    before = box.value()
    wheel = QWheelEvent(QPointF(5, 5), QPointF(5, 5), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(box, wheel)
    assert box.value() == before and not wheel.isAccepted()


def test_the_quick_button_gives_the_quick_setting_whole(qtbot) -> None:
    """The form has no field for the validation images or Grad-CAM each epoch: the button's config
    had TrainConfig's defaults there (5,000 images, Grad-CAM on), not the quick setting's."""
    from resviz.train.config import quick_config

    panel = TrainingPanel()
    qtbot.addWidget(panel)
    panel.set_devices(["auto", "cuda", "cpu"])  # the paper's setting first
    panel._quick.click()
    got, quick = panel.config(), quick_config()
    assert got.steps == quick.steps  # its length is in steps (the form keeps no epochs beside them)
    assert dataclasses.replace(got, epochs=quick.epochs) == quick
