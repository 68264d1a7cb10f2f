"""The controls of the Grad-CAM panel: what to compute (layer, class) and how to show it.

Two groups that sit on one row when the panel is wide and stack when it is narrow, so no
control is ever squeezed below its readable size.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QWidget,
)

from resviz.presentation import palette

PREDICTED = "predicted"
TRUE = "true"

LAYER_TIP = QT_TRANSLATE_NOOP(
    "GradCam",
    "The block whose feature maps Grad-CAM weighs.\n"
    "Deeper blocks give coarser, more semantic maps; early ones follow edges and texture."
)
TARGET_TIP = QT_TRANSLATE_NOOP(
    "GradCam",
    "Which class's evidence to show: the class the network predicted, the true class,\n"
    "or any class ('where would it see a ring here?')."
)


class Controls(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer = QComboBox()
        self.layer.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer.setMinimumContentsLength(8)
        self.target = QComboBox()
        self.target.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.target.setMinimumContentsLength(12)
        self.compute = QPushButton()
        self.compute.setDefault(True)

        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setValue(50)
        self.opacity.setPageStep(10)
        self.opacity.setMinimumWidth(90)
        self.opacity.setMaximumWidth(160)
        self.opacity_value = QLabel("50%")
        # Wide enough for "100%", so the slider does not shift while dragging.
        self.opacity_value.setMinimumWidth(self.opacity_value.fontMetrics().horizontalAdvance("100%") + 2)
        self.show_box = QCheckBox()
        self.show_box.setChecked(True)
        self.export = QPushButton()
        self._captions = {key: _caption() for key in ("layer", "class", "opacity")}

        self.what = QWidget()
        row = QHBoxLayout(self.what)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self._captions["layer"], self.layer, _gap(), self._captions["class"], self.target, _gap(),
                  self.compute):
            row.addWidget(w)
        row.addStretch(1)

        self.how = QWidget()
        row = QHBoxLayout(self.how)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self._captions["opacity"], self.opacity, self.opacity_value, _gap(), self.show_box):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.export)

        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(16)
        self.box.addWidget(self.what, 0)
        self.box.addWidget(self.how, 1)
        self.opacity.valueChanged.connect(lambda v: self.opacity_value.setText(f"{v}%"))
        self.retranslate()

    def retranslate(self) -> None:
        self.layer.setToolTip(QCoreApplication.translate("GradCam", LAYER_TIP))
        self.target.setToolTip(QCoreApplication.translate("GradCam", TARGET_TIP))
        self.compute.setText(self.tr("Compute"))
        self.compute.setToolTip(self.tr("Compute Grad-CAM for this layer and class now"))
        self.opacity.setToolTip(self.tr("Heatmap opacity: 0% shows the plain images, 100% the maps alone"))
        self.show_box.setText(self.tr("Show object box"))
        self.show_box.setToolTip(self.tr("Outline the object's bounding box (built-in dataset only)"))
        self.export.setText(self.tr("Export PNG…"))
        self.export.setToolTip(self.tr("Save the whole grid with labels as a PNG at 2× resolution"))
        self._captions["layer"].setText(self.tr("Layer"))
        self._captions["class"].setText(self.tr("Class"))
        self._captions["opacity"].setText(self.tr("Opacity"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def one_row_width(self) -> int:
        return self.what.sizeHint().width() + self.box.spacing() + self.how.sizeHint().width()

    def minimumSizeHint(self) -> QSize:
        # The stacked arrangement's minimum: the panel may shrink below the one-row width.
        what, how = self.what.minimumSizeHint(), self.how.minimumSizeHint()
        return QSize(max(what.width(), how.width()), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= self.one_row_width()
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)
            self.box.setSpacing(16 if wide else 6)
        super().resizeEvent(event)


def _caption() -> QLabel:
    label = QLabel()
    label.setStyleSheet(f"color: {palette.MUTED};")
    return label


def _gap() -> QWidget:
    w = QWidget()
    w.setFixedWidth(6)
    w.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return w
