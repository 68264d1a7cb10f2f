"""The training settings form as one table: each row says how a TrainConfig field is shown
(label, widget, range or choices, tooltip) and how the widget's value maps to the config.
The texts are source texts of the "TrainingPanel" catalogue; the panel translates them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QWidget

from resviz.data import list_datasets
from resviz.train.config import OPTIMIZERS, SCHEDULES, TrainConfig
from resviz.ui.editor.form import ElidingComboBox, SpinBox

Kind = Literal["choice", "int", "float", "check", "folder", "length"]
Choices = tuple[tuple[Any, str], ...]
"""(the config's value, the label's source text) for each item of a combo box."""


@dataclass(frozen=True)
class Field:
    """One row of the form. ``name`` is the TrainConfig field unless ``load``/``store`` say more."""

    name: str
    label: str
    """The row's label; a check box has none and says ``text`` beside its box."""
    kind: Kind
    tip: str = ""
    text: str = ""
    """A check box's text, a spin box's text for 0 (its special value), a folder's placeholder."""
    low: float = 0
    high: float = 0
    step: float = 1
    decimals: int = 0
    choices: Choices = ()
    """A combo box's items; the length's are its units."""
    item_tips: tuple[str, ...] = ()
    """A tooltip for each item of ``choices``."""
    engine_texts: bool = False
    """The texts are the engine's (translated with ``resviz.i18n._``), not the panel's."""
    min_chars: int = 0
    """A combo box this many characters wide at least, whatever its longest label (0: as wide as that)."""
    load: Callable[[TrainConfig], Any] | None = None
    """The widget's value for a config; None: the config's field ``name``."""
    store: Callable[[Any], dict[str, Any]] | None = None
    """The config fields for the widget's value; None: ``{name: value}``."""

    def value_of(self, cfg: TrainConfig) -> Any:
        return self.load(cfg) if self.load is not None else getattr(cfg, self.name)

    def config_fields(self, value: Any) -> dict[str, Any]:
        return self.store(value) if self.store is not None else {self.name: value}


def _length_of(cfg: TrainConfig) -> tuple[int, str]:
    return (cfg.steps, "steps") if cfg.steps is not None else (cfg.epochs, "epochs")


def _length_fields(value: tuple[int, str]) -> dict[str, Any]:
    n, unit = value
    return {"epochs": 1, "steps": n} if unit == "steps" else {"epochs": n, "steps": None}


DEVICE_AUTO = QT_TRANSLATE_NOOP("TrainingPanel", "auto (GPU if there is one)")
UNITS: Choices = (("epochs", QT_TRANSLATE_NOOP("TrainingPanel", "epochs")),
                  ("steps", QT_TRANSLATE_NOOP("TrainingPanel", "steps")))
_OPTIMIZER_LABELS = {"sgd": QT_TRANSLATE_NOOP("TrainingPanel", "SGD with momentum"), "adam": "Adam", "adamw": "AdamW"}
_SCHEDULE_LABELS = {"step": QT_TRANSLATE_NOOP("TrainingPanel", "step (÷10 at 50% and 75%, the paper)"),
                    "cosine": QT_TRANSLATE_NOOP("TrainingPanel", "cosine"),
                    "constant": QT_TRANSLATE_NOOP("TrainingPanel", "constant")}

# The form, top to bottom.
FIELDS: tuple[Field, ...] = (
    Field("dataset", QT_TRANSLATE_NOOP("TrainingPanel", "Dataset"), "choice",
          choices=tuple((d.name, d.title) for d in list_datasets()),
          item_tips=tuple(d.description for d in list_datasets()), engine_texts=True),
    Field("data_dir", QT_TRANSLATE_NOOP("TrainingPanel", "Data folder"), "folder",
          text=QT_TRANSLATE_NOOP("TrainingPanel", "folder with the dataset's files")),
    Field("download", "", "check", text=QT_TRANSLATE_NOOP("TrainingPanel", "Download if missing (needs internet)")),
    Field("image_size", QT_TRANSLATE_NOOP("TrainingPanel", "Image size"), "choice",
          choices=((None, QT_TRANSLATE_NOOP("TrainingPanel", "as in the dataset")),
                   (16, "16×16"), (24, QT_TRANSLATE_NOOP("TrainingPanel", "24×24 (quick)")), (32, "32×32"),
                   (64, "64×64"))),
    Field("train_size", QT_TRANSLATE_NOOP("TrainingPanel", "Training images"), "int",
          text=QT_TRANSLATE_NOOP("TrainingPanel", "all"), low=0, high=10_000_000, step=1000,
          load=lambda c: c.train_size or 0, store=lambda v: {"train_size": v or None}),
    Field("augment", "", "check", text=QT_TRANSLATE_NOOP("TrainingPanel", "Augment: random crops and flips")),
    Field("optimizer", QT_TRANSLATE_NOOP("TrainingPanel", "Optimizer"), "choice",
          choices=tuple((k, _OPTIMIZER_LABELS[k]) for k in OPTIMIZERS)),
    Field("lr", QT_TRANSLATE_NOOP("TrainingPanel", "Learning rate"), "float",
          tip=QT_TRANSLATE_NOOP("TrainingPanel", "Learning rate. The paper uses 0.1 with SGD."),
          low=1e-5, high=10.0, step=0.01, decimals=5),
    Field("schedule", QT_TRANSLATE_NOOP("TrainingPanel", "Schedule"), "choice",
          choices=tuple((k, _SCHEDULE_LABELS[k]) for k in SCHEDULES)),
    Field("warmup_steps", QT_TRANSLATE_NOOP("TrainingPanel", "Warm-up steps"), "int",
          tip=QT_TRANSLATE_NOOP("TrainingPanel",
                                "Train at lr/10 for this many steps first (the paper does 400 for ResNet-110)"),
          low=0, high=1_000_000),
    Field("weight_decay", QT_TRANSLATE_NOOP("TrainingPanel", "Weight decay"), "float",
          low=0.0, high=1.0, step=1e-4, decimals=6),
    Field("nesterov", "", "check", text=QT_TRANSLATE_NOOP("TrainingPanel", "Nesterov momentum")),
    Field("batch_size", QT_TRANSLATE_NOOP("TrainingPanel", "Batch size"), "int", low=1, high=65536),
    Field("length", QT_TRANSLATE_NOOP("TrainingPanel", "Train for"), "length", low=1, high=10_000_000,
          choices=UNITS, load=_length_of, store=_length_fields),
    Field("seed", QT_TRANSLATE_NOOP("TrainingPanel", "Seed"), "int", low=0, high=2**31 - 1),
    # torch says which devices there are once it has loaded (TrainingPanel.set_devices).
    Field("device", QT_TRANSLATE_NOOP("TrainingPanel", "Device"), "choice",
          choices=(("auto", DEVICE_AUTO), ("cpu", "cpu")), store=lambda v: {"device": v or "auto"}),
    # Its long 'auto (…)' label would widen the narrow dock; the list shows it in full.
    Field("precision", QT_TRANSLATE_NOOP("TrainingPanel", "Precision"), "choice",
          tip=QT_TRANSLATE_NOOP("TrainingPanel",
              "bf16 runs convolutions in 16-bit numbers, which GPUs and CPUs with AMX do much faster; "
              "auto picks it there and fp32 elsewhere. Weights and the gradient measurements stay 32-bit."),
          choices=(("auto", QT_TRANSLATE_NOOP("TrainingPanel", "auto (bf16 on a GPU or a CPU with AMX)")),
                   ("fp32", "fp32"), ("bf16", "bf16"), ("fp16", QT_TRANSLATE_NOOP("TrainingPanel", "fp16 (CUDA only)"))),
          min_chars=12, store=lambda v: {"precision": v or "auto"}),
    Field("probe_every", QT_TRANSLATE_NOOP("TrainingPanel", "Probe every"), "int",
          tip=QT_TRANSLATE_NOOP("TrainingPanel", "Measure per-layer gradients every this many steps"),
          low=1, high=100_000),
)

NOT_IN_THE_FORM = frozenset({"val_fraction", "momentum", "log_every", "gradcam_images", "gradcam_layer",
                             "gradcam_each_epoch", "checkpoint_each_epoch", "max_val_images"})
"""TrainConfig fields the form leaves at their defaults (the command line sets them)."""


class FolderField(QWidget):
    """A folder: typed, or picked with the Browse… button (``browse`` is emitted; the panel asks)."""

    changed = Signal()
    browse = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.button = QPushButton()
        self.button.clicked.connect(self.browse)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.button)
        self.edit.textChanged.connect(self.changed)

    def value(self) -> str | None:
        return self.edit.text().strip() or None

    def set_value(self, path: str | None) -> None:
        self.edit.setText(path or "")


class LengthField(QWidget):
    """How long to train: a number and its unit (epochs or steps)."""

    changed = Signal()

    def __init__(self, low: int, high: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = SpinBox()
        self.number.setRange(low, high)
        self.unit = ElidingComboBox()
        self.unit.setSizeAdjustPolicy(ElidingComboBox.SizeAdjustPolicy.AdjustToContents)  # follows a language switch
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.number, 1)
        row.addWidget(self.unit)
        self.number.valueChanged.connect(self.changed)
        self.unit.currentIndexChanged.connect(self.changed)

    def value(self) -> tuple[int, str]:
        return self.number.value(), self.unit.currentData()

    def set_value(self, value: tuple[int, str]) -> None:
        n, unit = value
        self.unit.setCurrentIndex(max(self.unit.findData(unit), 0))
        self.number.setValue(n)
