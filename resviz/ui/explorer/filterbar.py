"""The row above the run table: search box, status, plain/residual and tag filters, count."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QWidget

from resviz.runs import STATUSES
from resviz.ui.explorer.plotstyle import MUTED

ALL_TAGS = "All tags"


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name, architecture, tags, notes…")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(110)  # the bar fits beside the docks at 1280×720
        self.status = QComboBox()
        self.status.addItem("All statuses", "")
        for status in STATUSES:
            self.status.addItem(status.capitalize(), status)
        self.kind = QComboBox()
        self.kind.addItem("Plain and residual", None)
        self.kind.addItem("Plain only", False)
        self.kind.addItem("Residual only", True)
        self.tag = QComboBox()
        self.tag.addItem(ALL_TAGS, "")
        for combo in (self.status, self.kind, self.tag):
            # Full width when there is room; shortened with "…" beside the docks at 1280×720,
            # never drawn over each other.
            full = combo.sizeHint().width()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(7)
            combo.setMaximumWidth(max(full, combo.minimumSizeHint().width()))
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
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
                self.tag.addItem(tag or ALL_TAGS, tag)
            self.tag.setCurrentIndex(wanted.index(current))

    def set_count(self, shown: int, total: int) -> None:
        self.count.setText(f"{total} runs" if shown == total else f"{shown} of {total} runs")
