"""The run table: a model over the store's run list and the proxy that sorts and filters it.

Refresh diffs the new list against the old one (rows removed, appended, changed) instead of
resetting the model, so the view keeps its selection, sort and scroll position for free.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from resviz.presentation import columns, palette
from resviz.presentation.columns import (
    COLUMN_INDEX,
    COLUMNS,
    shortcut_tooltip,
    sort_value,
)
from resviz.runs import RunInfo
from resviz.train.run_kind import is_residual

RUN_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# Starting widths (px) that fit every column in a 1280 px window; Tags takes the rest.
WIDTHS = {"id": 46, "name": 170, "arch": 110, "depth": 54, "type": 68, "block": 74,
          "shortcut": 80, "dataset": 76, "status": 82, "final_train_loss": 100,
          "best_val_acc": 90, "time": 72, "device": 60, "precision": 64}
STATUS_COLORS = {
    "running": palette.TRAIN, "queued": palette.MUTED, "finished": palette.GOOD, "stopped": palette.WARN,
    "diverged": palette.BAD, "failed": palette.BAD, "interrupted": palette.WARN,
}
_Index = QModelIndex | QPersistentModelIndex
NAME_COLUMN = COLUMN_INDEX["name"]
columns.translate = QCoreApplication.translate  # the table's words in the language in force


class RunTableModel(QAbstractTableModel):
    """One row per run, in the order runs arrived; the proxy does the sorting."""

    renameRequested = Signal(int, str)  # (run id, new name): F2 in the name column

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runs: list[RunInfo] = []
        self._texts: list[list[str]] = []  # formatted once per refresh, not on every paint
        self._row_of: dict[int, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    # --- content ------------------------------------------------------------------------

    def set_runs(self, runs: Sequence[RunInfo]) -> None:
        """Bring the rows in line with `runs`: remove gone ones, update changed, append new."""
        new = {r.id: r for r in runs}
        gone = [row for row, r in enumerate(self._runs) if r.id not in new]
        for start, end in reversed(_ranges(gone)):
            self.beginRemoveRows(QModelIndex(), start, end)
            del self._runs[start:end + 1]
            del self._texts[start:end + 1]
            self.endRemoveRows()
        self._row_of = {r.id: i for i, r in enumerate(self._runs)}
        changed = []
        for row, old in enumerate(self._runs):
            fresh = new[old.id]
            if fresh != old or fresh.is_active:  # a running run's time ticks on
                self._runs[row] = fresh
                self._texts[row] = _texts(fresh)
                changed.append(row)
        for start, end in _ranges(changed):
            self.dataChanged.emit(self.index(start, 0), self.index(end, len(COLUMNS) - 1))
        added = [r for r in runs if r.id not in self._row_of]
        if added:
            first = len(self._runs)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            self._runs.extend(added)
            self._texts.extend(_texts(r) for r in added)
            self.endInsertRows()
        self._row_of = {r.id: i for i, r in enumerate(self._runs)}

    def retranslate(self) -> None:
        """Cell and header texts again, in the language in force."""
        self._texts = [_texts(r) for r in self._runs]
        if self._runs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._runs) - 1, len(COLUMNS) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def run(self, row: int) -> RunInfo:
        return self._runs[row]

    def run_by_id(self, run_id: int) -> RunInfo | None:
        row = self._row_of.get(run_id)
        return None if row is None else self._runs[row]

    def row_of(self, run_id: int) -> int | None:
        return self._row_of.get(run_id)

    def runs(self) -> list[RunInfo]:
        return list(self._runs)

    def tags(self) -> list[str]:
        return sorted({t for r in self._runs for t in r.tags})

    def sort_value(self, row: int, column: int) -> tuple[int, object]:
        return sort_value(self._runs[row], column)

    # --- Qt model API -------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._runs)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, col = index.row(), index.column()
        run, column = self._runs[row], COLUMNS[col]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._texts[row][col]
        if role == RUN_ID_ROLE:
            return run.id
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.key == "status":
            return QColor(STATUS_COLORS.get(run.status, palette.INK))
        if role == Qt.ItemDataRole.FontRole and column.key == "name":
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(run, column.key)
        return None

    def setData(self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        # The model never writes the store itself: the widget does, through its undo stack.
        if index.isValid() and index.column() == NAME_COLUMN and role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            if text and text != self._runs[index.row()].name:
                self.renameRequested.emit(self._runs[index.row()].id, text)
            return False
        return False

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == NAME_COLUMN else base

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("RunTable", COLUMNS[section].title)
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate("RunTable", COLUMNS[section].tooltip) if COLUMNS[section].tooltip else None
        if role == Qt.ItemDataRole.TextAlignmentRole and COLUMNS[section].numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _texts(run: RunInfo) -> list[str]:
    return [c.text(run) for c in COLUMNS]


def _tooltip(run: RunInfo, key: str) -> str | None:
    if key == "status" and run.status_message:
        return run.status_message
    if key == "shortcut":
        return shortcut_tooltip(run)
    if key == "name":
        return f"{run.name}\n{run.notes}" if run.notes else run.name
    return None


def _ranges(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted rows → (first, last) runs of consecutive rows."""
    out: list[tuple[int, int]] = []
    for row in sorted(rows):
        if out and row == out[-1][1] + 1:
            out[-1] = (out[-1][0], row)
        else:
            out.append((row, row))
    return out


class RunFilterProxy(QSortFilterProxyModel):
    """Search text (name, architecture, tags, notes), status, plain/residual and tag filters."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._status = ""
        self._kind: bool | None = None  # True residual, False plain, None both
        self._tag = ""
        self.setDynamicSortFilter(True)

    def source(self) -> RunTableModel:
        model = self.sourceModel()
        assert isinstance(model, RunTableModel)
        return model

    def set_filters(self, *, text: str | None = None, status: str | None = None,
                    residual: bool | None | str = "keep", tag: str | None = None) -> None:
        """Change any of the filters; '' (or residual None) means no filter."""
        self.beginFilterChange()  # Qt 6.10+: replaces invalidateRowsFilter
        if text is not None:
            self._text = text.strip().lower()
        if status is not None:
            self._status = status
        if residual != "keep":
            self._kind = residual  # type: ignore[assignment]
        if tag is not None:
            self._tag = tag
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        run = self.source().run(source_row)
        if self._status and run.status != self._status:
            return False
        if self._kind is not None and is_residual(run) is not self._kind:
            return False
        if self._tag and self._tag not in run.tags:
            return False
        if self._text:
            hay = " ".join((run.name, run.arch or "", " ".join(run.tags), run.notes, str(run.id)))
            return all(word in hay.lower() for word in self._text.split())
        return True

    def lessThan(self, left: _Index, right: _Index) -> bool:
        model = self.source()
        a = model.sort_value(left.row(), left.column())
        b = model.sort_value(right.row(), right.column())
        if a[0] != b[0]:  # one side is missing: keep it at the bottom in either order
            return (a[0] < b[0]) == (self.sortOrder() == Qt.SortOrder.AscendingOrder)
        try:
            return a[1] < b[1]  # type: ignore[operator]
        except TypeError:
            return str(a[1]) < str(b[1])


def make_table(proxy: RunFilterProxy) -> QTableView:
    """The run table view: rows selected whole, newest first, F2 renames, no grid."""
    table = QTableView()
    table.setModel(proxy)
    table.setSortingEnabled(True)
    table.sortByColumn(COLUMN_INDEX["id"], Qt.SortOrder.DescendingOrder)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    for key, width in WIDTHS.items():
        header.resizeSection(COLUMN_INDEX[key], width)
    return table
