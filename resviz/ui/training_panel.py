"""The training settings form: dataset, optimizer, schedule, length, device. Edits a TrainConfig.

The rows are the table ``training_fields.FIELDS``: each is made, labelled, read and written from
its row there, so a setting is described once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from resviz import i18n
from resviz.data import dataset_info
from resviz.train.config import TrainConfig, describe_quick, first_run_config, quick_config
from resviz.ui.editor.form import DoubleSpinBox, ElidingComboBox, SpinBox
from resviz.ui.training_fields import (
    DEVICE_AUTO,
    FIELDS,
    NOT_IN_THE_FORM,
    Choices,
    Field,
    FolderField,
    LengthField,
)

FIELD = {f.name: f for f in FIELDS}


def _translate(text: str) -> str:
    return QCoreApplication.translate("TrainingPanel", text) if text else ""


def _make(field: Field) -> QWidget:
    if field.kind == "choice":
        box = ElidingComboBox()
        if field.min_chars:
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(field.min_chars)
        return box
    if field.kind == "int":
        spin = SpinBox()
        spin.setRange(int(field.low), int(field.high))
        spin.setSingleStep(int(field.step))
        return spin
    if field.kind == "float":
        fspin = DoubleSpinBox()
        fspin.setDecimals(field.decimals)
        fspin.setRange(field.low, field.high)
        fspin.setSingleStep(field.step)
        return fspin
    if field.kind == "check":
        return QCheckBox()
    if field.kind == "folder":
        return FolderField()
    return LengthField(int(field.low), int(field.high))


def _read(widget: QWidget) -> Any:
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    return widget.value()  # spin boxes, FolderField, LengthField


def _write(widget: QWidget, value: Any) -> None:
    if isinstance(widget, QComboBox):
        i = widget.findData(value)
        if i >= 0:
            widget.setCurrentIndex(i)
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        widget.setValue(value)
    else:
        widget.set_value(value)  # FolderField, LengthField


def _changed(widget: QWidget):  # noqa: ANN202 - a Qt signal instance
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    if isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        return widget.valueChanged
    return widget.changed  # FolderField, LengthField


class TrainingPanel(QWidget):
    """``config()`` reads the form; ``set_config()`` fills it. ``changed`` on any edit.
    ``widgets`` holds each row's editor by its name in ``FIELDS``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._form = form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.widgets: dict[str, QWidget] = {}
        self._unseen: dict[str, Any] = {}  # the last config's fields the form does not show
        self._choices: dict[str, Choices] = {}  # each combo box's items, as source texts
        for field in FIELDS:
            widget = self.widgets[field.name] = _make(field)
            form.addRow(QLabel() if field.label else "", widget)
        self.data_dir: FolderField = self.widgets["data_dir"]  # type: ignore[assignment]
        self.data_dir.browse.connect(self._browse)
        self._length: LengthField = self.widgets["length"]  # type: ignore[assignment]
        for field in FIELDS:
            if field.choices:
                self._set_choices(field.name, field.choices)

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
        for widget in self.widgets.values():
            _changed(widget).connect(self.changed)
        self.widgets["dataset"].currentIndexChanged.connect(self._dataset_changed)
        self._dataset_changed()

    def _combo(self, name: str) -> QComboBox:
        """The row's combo box: the length's is its unit."""
        return self._length.unit if name == "length" else self.widgets[name]  # type: ignore[return-value]

    def _set_choices(self, name: str, choices: Choices) -> None:
        """Fill a combo box; it keeps its choice if that is still there."""
        box = self._combo(name)
        current = box.currentData()
        self._choices[name] = choices
        box.blockSignals(True)
        box.clear()
        for value, label in choices:
            box.addItem(label, value)
        box.blockSignals(False)
        i = box.findData(current)
        box.setCurrentIndex(i if i >= 0 else 0)
        self._relabel(name)

    def _relabel(self, name: str) -> None:
        """Item texts in the language in force; the data (the config's values) stay."""
        box, field = self._combo(name), FIELD[name]
        translate = i18n._ if field.engine_texts else _translate
        for i, (_value, label) in enumerate(self._choices[name]):
            box.setItemText(i, translate(label))
            if i < len(field.item_tips):
                box.setItemData(i, translate(field.item_tips[i]), Qt.ItemDataRole.ToolTipRole)

    def retranslate(self) -> None:
        for field in FIELDS:
            widget = self.widgets[field.name]
            if field.label:
                self._form.labelForField(widget).setText(_translate(field.label))
            if field.tip:
                widget.setToolTip(_translate(field.tip))
            if isinstance(widget, QCheckBox):
                widget.setText(_translate(field.text))
            elif isinstance(widget, QSpinBox) and field.text:
                widget.setSpecialValueText(_translate(field.text))
            elif isinstance(widget, FolderField):
                widget.edit.setPlaceholderText(_translate(field.text))
                widget.button.setText(self.tr("Browse…"))
        for name in self._choices:
            self._relabel(name)
        self._quick.setText(self.tr("Quick classroom setting"))
        self._quick.setToolTip(self.tr("The quick classroom setting: {setting}. The degradation demo and --quick on the "
                                       "command line use the same; the network in the editor keeps its width.")
                               .format(setting=describe_quick()))
        self._paper.setText(self.tr("Paper setting"))
        self._paper.setToolTip(self.tr(
            "He et al. 2015: SGD 0.1, momentum 0.9, wd 1e-4, batch 128, ÷10 at 50% and 75%"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_devices(self, devices: list[str]) -> None:
        """Called once torch has loaded and knows what hardware there is."""
        if self._untouched and "cuda" in devices:
            self.set_config(first_run_config("cuda"))  # a GPU trains the paper's recipe in minutes
        self._set_choices("device", tuple((d, DEVICE_AUTO if d == "auto" else d) for d in devices))

    def _touched(self) -> None:
        self._untouched = False

    def _dataset_changed(self) -> None:
        info = dataset_info(_read(self.widgets["dataset"]))
        download: QCheckBox = self.widgets["download"]  # type: ignore[assignment]
        self.data_dir.setEnabled(info.name != "builtin")
        download.setEnabled(info.downloadable)
        if not info.downloadable:
            download.setChecked(False)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Dataset folder"), self.data_dir.edit.text())
        if path:
            self.data_dir.set_value(path)

    def config(self) -> TrainConfig:
        values: dict[str, Any] = dict(self._unseen)
        for field in FIELDS:
            values.update(field.config_fields(_read(self.widgets[field.name])))
        return TrainConfig(**values)

    def set_config(self, cfg: TrainConfig) -> None:
        # What the form has no field for comes along as set, so the Quick button's config is
        # quick_config() whole (its 2,000 validation images, no Grad-CAM each epoch), not the form's
        # fields over TrainConfig's defaults.
        self._unseen = {name: getattr(cfg, name) for name in NOT_IN_THE_FORM}
        for field in FIELDS:
            _write(self.widgets[field.name], field.value_of(cfg))
