"""The sweep dialog's "Run on: this machine | Ray (address)" choice, with Ray's resources per trial."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from resviz.errors import ResvizError

if TYPE_CHECKING:
    from resviz.train.ray_sweep import RayOptions

GPU_CHOICES = ("auto", "0", "0.25", "0.5", "1")


def ray_installed() -> bool:
    """Without importing Ray (it takes seconds): whether it could be imported."""
    return importlib.util.find_spec("ray") is not None


class RunOnBox(QGroupBox):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Run on"))
        self.here = QRadioButton(self.tr("This machine (the queue trains the runs one after another)"))
        self.ray = QRadioButton(self.tr("Ray: each run is a trial, on a cluster or a local Ray"))
        self.here.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.here)
        group.addButton(self.ray)
        self.address = QLineEdit()
        self.address.setPlaceholderText(self.tr("empty: $RAY_ADDRESS, else a local Ray with this computer's cores"))
        self.address.setToolTip(self.tr("The address 'ray start --head' printed, e.g. 192.168.1.10:6379 "
                                        "or ray://192.168.1.10:10001"))
        self.cpus = QDoubleSpinBox()
        self.cpus.setRange(0.25, 256)
        self.cpus.setSingleStep(1)
        self.cpus.setValue(1)
        self.cpus.setToolTip(self.tr("CPUs Ray gives each trial"))
        self.gpus = QComboBox()
        self.gpus.setEditable(True)
        self.gpus.addItems(GPU_CHOICES)
        self.gpus.setToolTip(self.tr("GPUs Ray gives each trial. auto: one where the cluster has GPUs, else none; "
                                     "0.25 lets four small runs share a card"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setEnabled(False)
        self.note.hide()  # only to say that Ray is missing
        grid = QGridLayout(self)
        grid.addWidget(self.here, 0, 0, 1, 6)
        grid.addWidget(self.ray, 1, 0, 1, 6)
        self._labels = [QLabel(self.tr("Address")), QLabel(self.tr("CPUs per trial")), QLabel(self.tr("GPUs per trial"))]
        for col, (label, field) in enumerate(zip(self._labels, (self.address, self.cpus, self.gpus), strict=True)):
            label.setBuddy(field)
            grid.addWidget(label, 2, 2 * col)
            grid.addWidget(field, 2, 2 * col + 1)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.note, 3, 0, 1, 6)
        if not ray_installed():
            self.ray.setEnabled(False)
            self.note.setText(self.tr('Ray is not installed. To run sweeps on Ray: pip install "resviz[ray]"'))
            self.note.show()
        self.ray.toggled.connect(self._toggled)
        self.gpus.currentTextChanged.connect(self.changed)
        self._toggled(False)

    def on_ray(self) -> bool:
        return self.ray.isChecked()

    def _toggled(self, on: bool) -> None:
        for widget in (self.address, self.cpus, self.gpus, *self._labels):
            widget.setEnabled(on)
        self.changed.emit()

    def gpus_per_trial(self) -> float | None:
        """None for auto; raises ResvizError for what is not a count of GPUs."""
        text = self.gpus.currentText().strip()
        if text in ("", "auto"):
            return None
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            value = -1.0
        if not value >= 0:
            raise ResvizError(self.tr("GPUs per trial must be a number of at least 0, or auto, not {text}").format(
                text=text))
        return value

    def options(self) -> RayOptions | None:
        """How to run on Ray, or None for this machine; raises ResvizError for a bad GPU count."""
        if not self.on_ray():
            return None
        gpus = self.gpus_per_trial()
        from resviz.train.ray_sweep import RayOptions  # imports torch: only once Ray is chosen

        return RayOptions(address=self.address.text().strip() or None, cpus_per_trial=self.cpus.value(),
                          gpus_per_trial=gpus)
