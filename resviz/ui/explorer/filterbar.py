"""The row above the run table: search box, status, plain/residual and tag filters, count."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from resviz.runs import STATUSES
from resviz.runs.types import status_label
from resviz.ui.explorer.plotstyle import MUTED

ALL_TAGS = QT_TRANSLATE_NOOP("FilterBar", "All tags")


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(100)  # the bar fits beside the docks at 1280×720, with 100+ runs
        self.status = QComboBox()
        self.status.addItem("", "")
        for status in STATUSES:
            self.status.addItem(status, status)
        self.kind = QComboBox()
        for value in (None, False, True):
            self.kind.addItem("", value)
        self.tag = QComboBox()
        self.tag.addItem("", "")
        self.count = QLabel()
        self.count.setStyleSheet(f"color:{MUTED};")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.search, 2)
        for combo in (self.status, self.kind, self.tag):
            layout.addWidget(combo, 1)
        layout.addWidget(self.count)
        layout.addStretch(1)
        self.search.textChanged.connect(self.changed)
        for combo in (self.status, self.kind, self.tag):
            combo.currentIndexChanged.connect(self.changed)
        self._counts = (0, 0)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("Search name, architecture, tags, notes…"))
        self.status.setItemText(0, self.tr("All statuses"))
        for i in range(1, self.status.count()):
            self.status.setItemText(i, status_label(self.status.itemData(i)))
        for i, text in enumerate((self.tr("Plain and residual"), self.tr("Plain only"), self.tr("Residual only"))):
            self.kind.setItemText(i, text)
        self.tag.setItemText(0, self.tr(ALL_TAGS))
        self.set_count(*self._counts)
        self._fit_combos()

    def _fit_combos(self) -> None:
        """Full width when there is room; shortened with "…" beside the docks at 1280×720, never
        drawn over each other. Measured after the texts are set, in the language shown."""
        for combo in (self.status, self.kind, self.tag):
            combo.setMaximumWidth(16777215)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            full = combo.sizeHint().width()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(6)
            combo.setMaximumWidth(max(full, combo.minimumSizeHint().width()))
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def filters(self) -> dict[str, object]:
        return {"text": self.search.text(), "status": self.status.currentData() or "",
                "residual": self.kind.currentData(), "tag": self.tag.currentData() or ""}

    def set_tags(self, tags: Sequence[str]) -> None:
        """Offer these tags, keeping the chosen one (even if no run has it any more)."""
        current = self.tag.currentData() or ""
        wanted = [""] + sorted(set(tags) | ({current} - {""}))
        if [self.tag.itemData(i) for i in range(self.tag.count())] == wanted:
            return
        with QSignalBlocker(self.tag):
            self.tag.clear()
            for tag in wanted:
                self.tag.addItem(tag or self.tr(ALL_TAGS), tag)
            self.tag.setCurrentIndex(wanted.index(current))

    def set_count(self, shown: int, total: int) -> None:
        self._counts = (shown, total)
        self.count.setText(self.tr("{total} runs").format(total=total) if shown == total
                           else self.tr("{shown} of {total} runs").format(shown=shown, total=total))
