"""The "Summary" tab: one row per selected run, copied as TSV or saved as CSV or Markdown."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from resviz.arch.spec import ACTIVATION_LABELS
from resviz.errors import os_reason
from resviz.presentation.columns import KIND_WORDS
from resviz.presentation.comparison import Shown
from resviz.presentation.selection_verdict import selection_verdict
from resviz.presentation.summary import (
    HEADERS,
    NUMERIC,
    display_cell,
    final_accuracy,
    summary_row,
    to_csv,
    to_markdown,
    to_tsv,
)
from resviz.runs.final import TAIL, tail_mean
from resviz.runs.types import status_label
from resviz.ui.explorer.plotstyle import INK, SELECT_TEXT, empty_label, tr
from resviz.ui.folders import remember, start_path

translate = QCoreApplication.translate


def final_train_acc(entry: Shown, tail: float = TAIL) -> float | None:
    """Mean training accuracy over the last tenth of the logged steps: one batch is too noisy."""
    return final_accuracy(entry.series.series("train/acc")[1], tail)


class SummaryTab(QWidget):
    exported = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[list[str]] = []
        self.shown: list[Shown] = []
        self._stale = False
        # A handful of rows, rebuilt on selection: QTableWidget is the right tool at this size.
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))  # relabelled in retranslate()
        # The names are the row headers: they stay in view while the table scrolls sideways.
        self.table.setColumnHidden(HEADERS.index("Name"), True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.copy_button = QPushButton()
        self.csv_button = QPushButton("CSV…")
        self.markdown_button = QPushButton("Markdown…")
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet(f"color:{INK}; padding:2px 6px;")
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(6, 4, 6, 0)
        for b in (self.copy_button, self.csv_button, self.markdown_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.stack = QStackedWidget()
        self._empty = empty_label("")
        self.stack.addWidget(self._empty)
        self.stack.addWidget(self.table)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(buttons)
        outer.addWidget(self.verdict)
        outer.addWidget(self.stack, 1)
        self.copy_button.clicked.connect(self.copy)
        self.csv_button.clicked.connect(lambda: self._save_dialog("csv"))
        self.markdown_button.clicked.connect(lambda: self._save_dialog("md"))
        self._enable(False)
        self.retranslate()

    def retranslate(self) -> None:
        # The table's headers follow the language; files written (CSV, Markdown) keep the
        # English column names, so scripts that read them do not break.
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the table, tab-separated, to paste into a spreadsheet"))
        note = self.tr("Mean over the last 10 % of the logged steps")
        for column in ("Final train loss", "Final train error (%)"):
            self.table.horizontalHeaderItem(HEADERS.index(column)).setToolTip(note)
        self._empty.setText(tr(SELECT_TEXT))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_runs(self, shown: list[Shown]) -> None:
        """Take the selection; the table is built when shown or exported (train accuracy is
        read only then)."""
        self.shown = shown
        self._stale = True
        self._enable(bool(shown))
        if self.isVisible():
            self._build()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._build()

    def _build(self) -> None:
        if not self._stale:
            return
        self._stale = False
        shown = self.shown
        self.rows = [summary_row(s.info, final_train_acc(s), tail_mean(s.series.series("train/loss")[1]))
                     for s in shown]
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            header = QTableWidgetItem(_swatch_icon(shown[i].color), row[HEADERS.index("Name")])
            self.table.setVerticalHeaderItem(i, header)
            for j, text in enumerate(row):
                item = QTableWidgetItem(_shown_cell(HEADERS[j], display_cell(HEADERS[j], text)))
                if HEADERS[j] in NUMERIC:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.stack.setCurrentIndex(1 if self.rows else 0)
        self.verdict.setText(selection_verdict(shown))
        self.verdict.setVisible(bool(self.verdict.text()))

    def _enable(self, on: bool) -> None:
        for b in (self.copy_button, self.csv_button, self.markdown_button):
            b.setEnabled(on)

    def tsv(self) -> str:
        self._build()
        return to_tsv(self.rows)

    def csv(self) -> str:
        self._build()
        return to_csv(self.rows)

    def markdown(self) -> str:
        self._build()
        return to_markdown(self.rows)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.tsv())

    def save(self, path: str | Path) -> Path:
        """Write CSV, or Markdown for a .md path."""
        out = Path(path)
        text = self.markdown() if out.suffix.lower() in (".md", ".markdown") else self.csv()
        out.write_text(text, encoding="utf-8")
        self.exported.emit(str(out))
        return out

    def _save_dialog(self, suffix: str) -> None:
        kind = "CSV table (*.csv)" if suffix == "csv" else "Markdown table (*.md)"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the summary"),
                                              start_path("table", f"runs_summary.{suffix}"), kind)
        if not path:
            return
        remember("table", path)
        try:
            self.save(path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Could not save"), self.tr("Could not write {path}:").format(path=path)
                                + f"\n{os_reason(exc)}")


def _shown_cell(header: str, text: str) -> str:
    """A cell as the window shows it: the words of the block, activation and status columns
    translated (the files written keep the stored English words)."""
    if header == "Status":
        return status_label(text)
    if header == "Block":
        return "/".join(translate("RunTable", KIND_WORDS[k]) if k in KIND_WORDS else k for k in text.split("/"))
    if header == "Activation":  # the editor's option labels (context "FieldForm"), as columns.shortcut_tooltip
        return " / ".join(translate("FieldForm", ACTIVATION_LABELS[k]) if k in ACTIVATION_LABELS else k
                          for k in text.split("/"))
    return text


def _swatch_icon(color: str) -> QIcon:
    return QIcon(_swatch(color))


def _swatch(color: str) -> QPixmap:
    pixmap = QPixmap(10, 10)
    pixmap.fill(QColor(color))
    return pixmap
