"""The line over the views that names the run they show, so "the run on display" and "the
network being edited" are never confused. The diagram dock's title says which of the two
the diagram draws."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from resviz.presentation import palette
from resviz.runs.types import status_label

STATUS_COLOURS = {"training": palette.GOOD, "running": palette.GOOD, "finished": palette.INK, "stopped": palette.WARN,
                  "interrupted": palette.WARN, "diverged": palette.BAD, "failed": palette.BAD, "queued": palette.MUTED}


class RunHeader(QWidget):
    """'Run 4 · resnet56 · builtin — finished after 600 steps' and a button to edit its network."""

    editRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("runHeader")
        self.run_id: int | None = None
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.editRequested)
        self._shown: tuple[int | None, str, str, str, bool] | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 6, 3)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.edit_button)
        self.retranslate()

    def retranslate(self) -> None:
        self.edit_button.setText(self.tr("Edit this network"))
        self.edit_button.setToolTip(self.tr(
            "Load the network this run trained into the editor (an undoable edit), to change it "
            "and train the changed one"))
        if self._shown is None:
            self.clear()
        else:
            self.show_run(*self._shown)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def clear(self) -> None:
        self.run_id = None
        self._shown = None
        self.label.setText(f"<span style='color:{palette.MUTED}'>"
                           + self.tr("No run on display: press Train, or open a run from Compare runs") + "</span>")
        self.edit_button.hide()

    def show_run(self, run_id: int | None, name: str, status: str, detail: str = "",
                 editable: bool = True) -> None:
        """Name the run on display; ``status`` is one of the store's, or 'training'."""
        self.run_id = run_id
        self._shown = (run_id, name, status, detail, editable)
        colour = STATUS_COLOURS.get(status, palette.INK)
        title = (self.tr("Run {id}: {name}").format(id=run_id, name=name) if run_id is not None
                 else name)
        text = f"<b>{_escape(title)}</b> &nbsp;<span style='color:{colour}'>● {_escape(self.status_text(status))}</span>"
        if detail:
            text += f" &nbsp;<span style='color:{palette.MUTED}'>{_escape(detail)}</span>"
        self.label.setText(text)
        self.label.setToolTip(title)
        self.edit_button.setVisible(editable)

    def status_text(self, status: str) -> str:
        if status == "training":
            return self.tr("training")
        if status == "running":
            return self.tr("training in another process")
        return status_label(status)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
