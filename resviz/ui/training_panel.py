"""The training settings form: dataset, optimizer, schedule, length, device. Edits a TrainConfig."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from resviz.data import list_datasets
from resviz.train.config import OPTIMIZERS, SCHEDULES, TrainConfig, first_run_config, quick_config

_SCHEDULE_LABELS = {"step": "step (÷10 at 50% and 75%, the paper)", "cosine": "cosine", "constant": "constant"}
_OPTIMIZER_LABELS = {"sgd": "SGD with momentum", "adam": "Adam", "adamw": "AdamW"}


def _combo(items: dict[str, str]) -> QComboBox:
    box = QComboBox()
    for key, label in items.items():
        box.addItem(label, key)
    return box


def _select(box: QComboBox, key: object) -> None:
    i = box.findData(key)
    if i >= 0:
        box.setCurrentIndex(i)


class TrainingPanel(QWidget):
    """``config()`` reads the form; ``set_config()`` fills it. ``changed`` on any edit."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._datasets = {d.name: d for d in list_datasets()}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.dataset = _combo({d.name: d.title for d in self._datasets.values()})
        for i, d in enumerate(self._datasets.values()):
            self.dataset.setItemData(i, d.description, role=3)  # Qt.ToolTipRole
        form.addRow("Dataset", self.dataset)
        self.data_dir = QLineEdit()
        self.data_dir.setPlaceholderText("folder with the dataset's files")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.data_dir, 1)
        row.addWidget(browse)
        self._data_row = QWidget()
        self._data_row.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow("Data folder", self._data_row)
        self.download = QCheckBox("Download if missing (needs internet)")
        form.addRow("", self.download)
        self.image_size = QComboBox()
        for label, value in (("as in the dataset", None), ("16×16 (quick)", 16), ("32×32", 32), ("64×64", 64)):
            self.image_size.addItem(label, value)
        form.addRow("Image size", self.image_size)
        self.train_size = QSpinBox()
        self.train_size.setRange(0, 10_000_000)
        self.train_size.setSingleStep(1000)
        self.train_size.setSpecialValueText("all")
        form.addRow("Training images", self.train_size)

        self.optimizer = _combo({k: _OPTIMIZER_LABELS[k] for k in OPTIMIZERS})
        form.addRow("Optimizer", self.optimizer)
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(5)
        self.lr.setRange(1e-5, 10.0)
        self.lr.setSingleStep(0.01)
        self.lr.setToolTip("Learning rate. The paper uses 0.1 with SGD. 学习率")
        form.addRow("Learning rate", self.lr)
        self.schedule = _combo({k: _SCHEDULE_LABELS[k] for k in SCHEDULES})
        form.addRow("Schedule", self.schedule)
        self.warmup = QSpinBox()
        self.warmup.setRange(0, 1_000_000)
        self.warmup.setToolTip("Train at lr/10 for this many steps first (the paper does 400 for ResNet-110)")
        form.addRow("Warm-up steps", self.warmup)
        self.weight_decay = QDoubleSpinBox()
        self.weight_decay.setDecimals(6)
        self.weight_decay.setRange(0.0, 1.0)
        self.weight_decay.setSingleStep(1e-4)
        form.addRow("Weight decay", self.weight_decay)
        self.nesterov = QCheckBox("Nesterov momentum")
        form.addRow("", self.nesterov)
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 65536)
        form.addRow("Batch size", self.batch_size)

        self.length_unit = _combo({"epochs": "epochs", "steps": "steps"})
        self.length = QSpinBox()
        self.length.setRange(1, 10_000_000)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.length, 1)
        row.addWidget(self.length_unit)
        length_row = QWidget()
        length_row.setLayout(row)
        form.addRow("Train for", length_row)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        form.addRow("Seed", self.seed)
        self.device = QComboBox()
        self.device.addItem("auto (GPU if there is one)", "auto")
        self.device.addItem("cpu", "cpu")
        form.addRow("Device", self.device)
        self.precision = QComboBox()
        for label, key in ((self.tr("auto (bf16 on a GPU or a CPU with AMX)"), "auto"),
                           (self.tr("fp32"), "fp32"), (self.tr("bf16"), "bf16"), (self.tr("fp16 (CUDA only)"), "fp16")):
            self.precision.addItem(label, key)
        self.precision.setToolTip(self.tr(
            "bf16 runs convolutions in 16-bit numbers, which GPUs and CPUs with AMX do much faster; "
            "auto picks it there and fp32 elsewhere. Weights and the gradient measurements stay 32-bit."))
        form.addRow(self.tr("Precision"), self.precision)
        self.probe_every = QSpinBox()
        self.probe_every.setRange(1, 100_000)
        self.probe_every.setToolTip("Measure per-layer gradients every this many steps")
        form.addRow("Probe every", self.probe_every)

        quick = QPushButton("Quick classroom setting")
        quick.setToolTip("16×16 images, 10,000 training images, 600 Adam steps: a result in under a minute on a laptop CPU")
        quick.clicked.connect(lambda: self.set_config(quick_config()))
        paper = QPushButton("Paper setting")
        paper.setToolTip("He et al. 2015: SGD 0.1, momentum 0.9, wd 1e-4, batch 128, ÷10 at 50% and 75%")
        paper.clicked.connect(lambda: self.set_config(TrainConfig(epochs=182)))
        buttons = QHBoxLayout()
        buttons.addWidget(quick)
        buttons.addWidget(paper)

        inner = QWidget()
        lay = QVBoxLayout(inner)
        lay.addLayout(buttons)
        lay.addLayout(form)
        lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(inner)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        # The CPU's one-minute setting until torch says there is a GPU (the window does not wait for it).
        self.set_config(first_run_config("cpu"))
        self._untouched = True
        self.changed.connect(self._touched)
        for w in (self.dataset, self.image_size, self.optimizer, self.schedule, self.length_unit, self.device,
                  self.precision):
            w.currentIndexChanged.connect(self.changed)
        for w in (self.train_size, self.warmup, self.batch_size, self.length, self.seed, self.probe_every):
            w.valueChanged.connect(self.changed)
        for w in (self.lr, self.weight_decay):
            w.valueChanged.connect(self.changed)
        for w in (self.download, self.nesterov):
            w.toggled.connect(self.changed)
        self.data_dir.textChanged.connect(self.changed)
        self.dataset.currentIndexChanged.connect(self._dataset_changed)
        self._dataset_changed()

    def set_devices(self, devices: list[str]) -> None:
        """Called once torch has loaded and knows what hardware there is."""
        if self._untouched and "cuda" in devices:
            self.set_config(first_run_config("cuda"))  # a GPU trains the paper's recipe in minutes
        current = self.device.currentData()
        self.device.clear()
        for d in devices:
            self.device.addItem("auto (GPU if there is one)" if d == "auto" else d, d)
        _select(self.device, current)

    def _touched(self) -> None:
        self._untouched = False

    def _dataset_changed(self) -> None:
        info = self._datasets[self.dataset.currentData()]
        self._data_row.setEnabled(info.name != "builtin")
        self.download.setEnabled(info.downloadable)
        if not info.downloadable:
            self.download.setChecked(False)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Dataset folder", self.data_dir.text())
        if path:
            self.data_dir.setText(path)

    def config(self) -> TrainConfig:
        steps_mode = self.length_unit.currentData() == "steps"
        return TrainConfig(
            dataset=self.dataset.currentData(), data_dir=self.data_dir.text().strip() or None,
            download=self.download.isChecked(), image_size=self.image_size.currentData(),
            train_size=self.train_size.value() or None, optimizer=self.optimizer.currentData(),
            lr=self.lr.value(), schedule=self.schedule.currentData(), warmup_steps=self.warmup.value(),
            weight_decay=self.weight_decay.value(), nesterov=self.nesterov.isChecked(),
            batch_size=self.batch_size.value(), epochs=1 if steps_mode else self.length.value(),
            steps=self.length.value() if steps_mode else None, seed=self.seed.value(),
            device=self.device.currentData() or "auto", precision=self.precision.currentData() or "auto",
            probe_every=self.probe_every.value(),
        )

    def set_config(self, cfg: TrainConfig) -> None:
        _select(self.dataset, cfg.dataset)
        self.data_dir.setText(cfg.data_dir or "")
        self.download.setChecked(cfg.download)
        _select(self.image_size, cfg.image_size)
        self.train_size.setValue(cfg.train_size or 0)
        _select(self.optimizer, cfg.optimizer)
        self.lr.setValue(cfg.lr)
        _select(self.schedule, cfg.schedule)
        self.warmup.setValue(cfg.warmup_steps)
        self.weight_decay.setValue(cfg.weight_decay)
        self.nesterov.setChecked(cfg.nesterov)
        self.batch_size.setValue(cfg.batch_size)
        _select(self.length_unit, "steps" if cfg.steps is not None else "epochs")
        self.length.setValue(cfg.steps if cfg.steps is not None else cfg.epochs)
        self.seed.setValue(cfg.seed)
        _select(self.device, cfg.device)
        _select(self.precision, cfg.precision)
        self.probe_every.setValue(cfg.probe_every)
