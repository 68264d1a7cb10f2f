"""The degradation demo's dialog: which setting (quick, the longer classroom one, paper-like on a
GPU) and which seed, before the four runs are queued."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from resviz.presentation import demo_record
from resviz.presentation.demo_record import CLASSROOM_MINUTES, QUICK_MINUTES
from resviz.train.config import CLASSROOM, CLASSROOM_STEPS, quick_config


class DemoDialog(QDialog):
    """Pick the demo's setting; ``setting()`` is what ``demo_runs`` takes ('cpu', 'classroom', 'cuda')."""

    def __init__(self, device_type: str = "cpu", seed: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resviz_demo_dialog")
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._quick = QRadioButton()
        self._classroom = QRadioButton()
        self._paper = QRadioButton()
        # What each CPU setting showed when measured, under its button.
        self._shows = {self._quick: QLabel(), self._classroom: QLabel()}
        for label in self._shows.values():
            label.setWordWrap(True)
            label.setIndent(24)
        self._group = QButtonGroup(self)
        settings = [(self._quick, "cpu"), (self._classroom, CLASSROOM)]
        if device_type == "cuda":  # the paper-like setting takes hours on a CPU: offered on a GPU only
            settings.append((self._paper, "cuda"))
        self._values: dict[QRadioButton, str] = {}
        for button, value in settings:
            self._group.addButton(button)
            self._values[button] = value
        (self._paper if device_type == "cuda" else self._quick).setChecked(True)
        self._paper.setVisible(device_type == "cuda")
        self._seed = QSpinBox()
        self._seed.setRange(0, 2**31 - 1)
        self._seed.setValue(seed)
        self._seed_label = QLabel()
        form = QFormLayout()
        form.addRow(self._seed_label, self._seed)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self._start = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._start.setDefault(True)  # Enter starts the preselected setting: the demo stays one keypress away
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self._intro)
        for button in (self._quick, self._classroom, self._paper):
            layout.addWidget(button)
            if button in self._shows:
                layout.addWidget(self._shows[button])
        layout.addLayout(form)
        layout.addWidget(self._buttons)
        self.retranslate()

    def setting(self) -> str:
        return self._values[self._group.checkedButton()]

    def seed(self) -> int:
        return self._seed.value()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Degradation demo"))
        self._intro.setText(self.tr("Trains plain-20, plain-56, ResNet-20 and ResNet-56 one after another on the "
                                    "same images and seed, then says what their training losses show."))
        self._quick.setText(self.tr("Quick: {steps} steps per network, about {minutes:g} minutes on two CPU cores")
                            .format(steps=quick_config().steps, minutes=QUICK_MINUTES))
        self._classroom.setText(self.tr("Classroom: {steps} steps per network, about {minutes:g} minutes on two "
                                        "CPU cores").format(steps=CLASSROOM_STEPS, minutes=CLASSROOM_MINUTES))
        self._shows[self._quick].setText(demo_record.QUICK.describe())
        self._shows[self._classroom].setText(demo_record.CLASSROOM.describe())
        self._paper.setText(self.tr("Paper-like: 32×32 images, full width, 6000 SGD steps (GPU)"))
        self._seed_label.setText(self.tr("Seed"))
        self._start.setText(self.tr("Start"))
