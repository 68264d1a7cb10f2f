"""Which runs are selected, kept apart from what the filtered table shows.

Filtering must not change the comparison: a user who has four runs compared and types in the
search box to find a fifth would otherwise lose the four as their rows leave the view. The
set of selected ids is the truth; the view's selection mirrors its visible part. A click
changes the visible part and keeps the hidden part (the header says how many are hidden).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QObject, Signal
from PySide6.QtWidgets import QTableView

from resviz.ui.explorer.table import RUN_ID_ROLE, RunFilterProxy, RunTableModel


class RunSelection(QObject):
    changed = Signal()

    def __init__(self, view: QTableView, proxy: RunFilterProxy, model: RunTableModel) -> None:
        super().__init__(view)
        self.view, self.proxy, self.model = view, proxy, model
        self._ids: list[int] = []
        self._syncing = 0  # >0 while the model or the filters change under the view
        view.selectionModel().selectionChanged.connect(self._view_changed)

    def ids(self) -> list[int]:
        """Selected runs: those in the table in its order, then those hidden by filters."""
        visible, hidden = [], []
        for run_id in self._ids:
            index = self.proxy_index(run_id)
            if index.isValid():
                visible.append((index.row(), run_id))
            else:
                hidden.append(run_id)
        return [run_id for _, run_id in sorted(visible)] + hidden

    def hidden_count(self) -> int:
        return sum(1 for run_id in self._ids if not self.proxy_index(run_id).isValid())

    def proxy_index(self, run_id: int) -> QModelIndex:
        row = self.model.row_of(run_id)
        if row is None:
            return QModelIndex()
        return self.proxy.mapFromSource(self.model.index(row, 0))

    def set_ids(self, ids: list[int]) -> None:
        """Select exactly these runs (those the store still has)."""
        self._ids = [i for i in dict.fromkeys(ids) if self.model.row_of(i) is not None]
        self.sync_view()
        self.changed.emit()

    def begin_change(self) -> None:
        """The model or the filters are about to change: rows leaving the view stay selected."""
        self._syncing += 1

    def end_change(self) -> None:
        self._syncing -= 1
        if self._syncing:
            return
        kept = [i for i in self._ids if self.model.row_of(i) is not None]
        gone = len(kept) != len(self._ids)
        self._ids = kept
        self.sync_view()
        if gone:
            self.changed.emit()

    def sync_view(self) -> None:
        """Make the view select exactly the visible selected runs."""
        selection = QItemSelection()
        last = self.proxy.columnCount() - 1
        for run_id in self._ids:
            index = self.proxy_index(run_id)
            if index.isValid():
                selection.select(index, index.siblingAtColumn(last))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self._syncing += 1
        try:
            self.view.selectionModel().select(selection, flags)
        finally:
            self._syncing -= 1

    def _view_changed(self) -> None:
        if self._syncing:
            return
        rows = self.view.selectionModel().selectedRows()
        visible = [int(i.data(RUN_ID_ROLE)) for i in sorted(rows, key=lambda i: i.row())]
        hidden = [i for i in self._ids if self.model.row_of(i) is not None
                  and not self.proxy_index(i).isValid()]
        self._ids = visible + [i for i in hidden if i not in visible]
        self.changed.emit()
