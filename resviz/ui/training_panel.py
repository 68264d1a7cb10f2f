"""The training settings form: dataset, optimizer, schedule, length, device. Edits a TrainConfig."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from resviz import i18n
from resviz.data import list_datasets
from resviz.train.config import (
    OPTIMIZERS,
    SCHEDULES,
    TrainConfig,
    describe_quick,
    first_run_config,
    quick_config,
)

_SCHEDULE_LABELS = {"step": QT_TRANSLATE_NOOP("TrainingPanel", "step (÷10 at 50% and 75%, the paper)"),
                    "cosine": QT_TRANSLATE_NOOP("TrainingPanel", "cosine"),
                    "constant": QT_TRANSLATE_NOOP("TrainingPanel", "constant")}
_OPTIMIZER_LABELS = {"sgd": QT_TRANSLATE_NOOP("TrainingPanel", "SGD with momentum"), "adam": "Adam", "adamw": "AdamW"}
_PRECISION_LABELS = {"auto": QT_TRANSLATE_NOOP("TrainingPanel", "auto (bf16 on a GPU or a CPU with AMX)"),
                     "fp32": "fp32", "bf16": "bf16",
                     "fp16": QT_TRANSLATE_NOOP("TrainingPanel", "fp16 (CUDA only)")}
_UNIT_LABELS = {"epochs": QT_TRANSLATE_NOOP("TrainingPanel", "epochs"),
                "steps": QT_TRANSLATE_NOOP("TrainingPanel", "steps")}
_SIZE_LABELS = ((QT_TRANSLATE_NOOP("TrainingPanel", "as in the dataset"), None),
                ("16×16", 16), (QT_TRANSLATE_NOOP("TrainingPanel", "24×24 (quick)"), 24), ("32×32", 32), ("64×64", 64))


def _combo(items: dict[str, str]) -> QComboBox:
    box = QComboBox()
    for key, label in items.items():
        box.addItem(label, key)
    return box


def _relabel(box: QComboBox, labels: dict[object, str]) -> None:
    """Item texts in the language in force; the data (the config's keys) stay."""
    for i in range(box.count()):
        label = labels.get(box.itemData(i))
        if label is not None:
            box.setItemText(i, QCoreApplication.translate("TrainingPanel", label))


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
        self._form = form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.dataset = _combo({d.name: d.title for d in self._datasets.values()})
        form.addRow(QLabel(), self.dataset)
        self.data_dir = QLineEdit()
        self._browse_button = browse = QPushButton()
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.data_dir, 1)
        row.addWidget(browse)
        self._data_row = QWidget()
        self._data_row.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        form.addRow(QLabel(), self._data_row)
        self.download = QCheckBox()
        form.addRow("", self.download)
        self.image_size = QComboBox()
        for label, value in _SIZE_LABELS:
            self.image_size.addItem(label, value)
        form.addRow(QLabel(), self.image_size)
        self.train_size = QSpinBox()
        self.train_size.setRange(0, 10_000_000)
        self.train_size.setSingleStep(1000)
        form.addRow(QLabel(), self.train_size)
        self.augment = QCheckBox()
        form.addRow("", self.augment)

        self.optimizer = _combo({k: _OPTIMIZER_LABELS[k] for k in OPTIMIZERS})
        form.addRow(QLabel(), self.optimizer)
        self.lr = QDoubleSpinBox()
        self.lr.setDecimals(5)
        self.lr.setRange(1e-5, 10.0)
        self.lr.setSingleStep(0.01)
        form.addRow(QLabel(), self.lr)
        self.schedule = _combo({k: _SCHEDULE_LABELS[k] for k in SCHEDULES})
        form.addRow(QLabel(), self.schedule)
        self.warmup = QSpinBox()
        self.warmup.setRange(0, 1_000_000)
        form.addRow(QLabel(), self.warmup)
        self.weight_decay = QDoubleSpinBox()
        self.weight_decay.setDecimals(6)
        self.weight_decay.setRange(0.0, 1.0)
        self.weight_decay.setSingleStep(1e-4)
        form.addRow(QLabel(), self.weight_decay)
        self.nesterov = QCheckBox()
        form.addRow("", self.nesterov)
        self.batch_size = QSpinBox()
        self.batch_size.setRange(1, 65536)
        form.addRow(QLabel(), self.batch_size)

        self.length_unit = _combo(_UNIT_LABELS)
        self.length = QSpinBox()
        self.length.setRange(1, 10_000_000)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.length, 1)
        row.addWidget(self.length_unit)
        self._length_row = length_row = QWidget()
        length_row.setLayout(row)
        form.addRow(QLabel(), length_row)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        form.addRow(QLabel(), self.seed)
        self.device = QComboBox()
        self.device.addItem("auto", "auto")
        self.device.addItem("cpu", "cpu")
        form.addRow(QLabel(), self.device)
        self.precision = _combo(_PRECISION_LABELS)
        # Its long 'auto (…)' label would widen the narrow dock; the list shows it in full.
        self.precision.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.precision.setMinimumContentsLength(12)
        form.addRow(QLabel(), self.precision)
        self.probe_every = QSpinBox()
        self.probe_every.setRange(1, 100_000)
        form.addRow(QLabel(), self.probe_every)

        self._quick = quick = QPushButton()
        quick.clicked.connect(lambda: self.set_config(quick_config()))
        self._paper = paper = QPushButton()
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

        self.retranslate()
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
        for w in (self.download, self.nesterov, self.augment):
            w.toggled.connect(self.changed)
        self.data_dir.textChanged.connect(self.changed)
        self.dataset.currentIndexChanged.connect(self._dataset_changed)
        self._dataset_changed()

    def retranslate(self) -> None:
        for i, d in enumerate(self._datasets.values()):
            self.dataset.setItemText(i, i18n._(d.title))
            self.dataset.setItemData(i, i18n._(d.description), role=3)  # Qt.ToolTipRole
        self.data_dir.setPlaceholderText(self.tr("folder with the dataset's files"))
        self._browse_button.setText(self.tr("Browse…"))
        self.download.setText(self.tr("Download if missing (needs internet)"))
        _relabel(self.image_size, {None: _SIZE_LABELS[0][0], 24: _SIZE_LABELS[2][0]})
        self.augment.setText(self.tr("Augment: random crops and flips"))
        self.train_size.setSpecialValueText(self.tr("all"))
        _relabel(self.optimizer, _OPTIMIZER_LABELS)
        self.lr.setToolTip(self.tr("Learning rate. The paper uses 0.1 with SGD."))
        _relabel(self.schedule, _SCHEDULE_LABELS)
        self.warmup.setToolTip(self.tr("Train at lr/10 for this many steps first (the paper does 400 for ResNet-110)"))
        self.nesterov.setText(self.tr("Nesterov momentum"))
        _relabel(self.length_unit, _UNIT_LABELS)
        self.device.setItemText(max(self.device.findData("auto"), 0), self.tr("auto (GPU if there is one)"))
        _relabel(self.precision, _PRECISION_LABELS)
        self.precision.setToolTip(self.tr(
            "bf16 runs convolutions in 16-bit numbers, which GPUs and CPUs with AMX do much faster; "
            "auto picks it there and fp32 elsewhere. Weights and the gradient measurements stay 32-bit."))
        self.probe_every.setToolTip(self.tr("Measure per-layer gradients every this many steps"))
        self._quick.setText(self.tr("Quick classroom setting"))
        self._quick.setToolTip(self.tr("The quick classroom setting: {setting}. The degradation demo and --quick on the "
                                       "command line use the same; the network in the editor keeps its width.")
                               .format(setting=describe_quick()))
        self._paper.setText(self.tr("Paper setting"))
        self._paper.setToolTip(self.tr(
            "He et al. 2015: SGD 0.1, momentum 0.9, wd 1e-4, batch 128, ÷10 at 50% and 75%"))
        for field, label in ((self.dataset, self.tr("Dataset")), (self._data_row, self.tr("Data folder")),
                             (self.image_size, self.tr("Image size")), (self.train_size, self.tr("Training images")),
                             (self.optimizer, self.tr("Optimizer")), (self.lr, self.tr("Learning rate")),
                             (self.schedule, self.tr("Schedule")), (self.warmup, self.tr("Warm-up steps")),
                             (self.weight_decay, self.tr("Weight decay")), (self.batch_size, self.tr("Batch size")),
                             (self._length_row, self.tr("Train for")), (self.seed, self.tr("Seed")),
                             (self.device, self.tr("Device")), (self.precision, self.tr("Precision")),
                             (self.probe_every, self.tr("Probe every"))):
            self._form.labelForField(field).setText(label)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_devices(self, devices: list[str]) -> None:
        """Called once torch has loaded and knows what hardware there is."""
        if self._untouched and "cuda" in devices:
            self.set_config(first_run_config("cuda"))  # a GPU trains the paper's recipe in minutes
        current = self.device.currentData()
        self.device.clear()
        for d in devices:
            self.device.addItem(self.tr("auto (GPU if there is one)") if d == "auto" else d, d)
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
        path = QFileDialog.getExistingDirectory(self, self.tr("Dataset folder"), self.data_dir.text())
        if path:
            self.data_dir.setText(path)

    def config(self) -> TrainConfig:
        steps_mode = self.length_unit.currentData() == "steps"
        return TrainConfig(
            dataset=self.dataset.currentData(), data_dir=self.data_dir.text().strip() or None,
            download=self.download.isChecked(), image_size=self.image_size.currentData(),
            train_size=self.train_size.value() or None, augment=self.augment.isChecked(), optimizer=self.optimizer.currentData(),
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
        self.augment.setChecked(cfg.augment)
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
