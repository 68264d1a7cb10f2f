"""ExplorerWidget: every run of the store in a filterable table above, the selected runs
compared below (curves, gradients, Grad-CAM, summary). Layout and wiring only.

The main window calls `refresh()` every ~2 s and when a run ends: one `list_runs` query, a
diff into the table model (selection and sort survive), and only newer rows of the compared
runs that are still running.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QEvent,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from resviz.errors import ResvizError
from resviz.presentation.comparison import Shown
from resviz.presentation.figure import FORMATS, figure_curves, render_figure
from resviz.presentation.run_colors import ColorBook
from resviz.presentation.run_store import RunCache
from resviz.runs import RunInfo, RunStore, open_store
from resviz.ui import theme
from resviz.ui.explorer.actions import RunActions
from resviz.ui.explorer.analyses import AnalysesTab
from resviz.ui.explorer.curves import CurvesTab
from resviz.ui.explorer.filterbar import FilterBar
from resviz.ui.explorer.gradcam import GradCamTab
from resviz.ui.explorer.gradients import GradientsTab
from resviz.ui.explorer.plotstyle import MUTED, empty_label, tr
from resviz.ui.explorer.selection import RunSelection
from resviz.ui.explorer.summary_tab import SummaryTab
from resviz.ui.explorer.table import RUN_ID_ROLE, RunFilterProxy, RunTableModel, make_table
from resviz.ui.folders import remember, start_path
from resviz.ui.language import relabel_undo
from resviz.ui.lessons.annotate import annotate
from resviz.ui.plots.chance import chance_tr

MAX_COMPARED = 12  # beyond this an overlay stops being readable, and loading stops being instant
NO_RUNS = QT_TRANSLATE_NOOP("ExplorerWidget", "No runs yet — train one, or press 'Degradation demo'")
NO_MATCH = QT_TRANSLATE_NOOP("ExplorerWidget", "No run matches these filters")


class ExplorerWidget(QWidget):
    runOpened = Signal(int)
    resumeRequested = Signal(int)  # continue this stopped or interrupted run from its checkpoint

    def __init__(self, store_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store: RunStore | None = None
        self.cache: RunCache | None = None
        self.colors = ColorBook()
        self.shown: list[Shown] = []
        self._active: set[int] = set()  # compared runs that were running at the last refresh
        self._caption_for: set[int] | None = None
        self._scroll_on_show = False  # the runs a caption above the comparison is about

        self.model = RunTableModel(self)
        self.proxy = RunFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table(self.proxy)

        self.filters = FilterBar()
        self.actions = RunActions(lambda: self._require_store(), self)
        self.undo_button = QToolButton()
        self.undo_button.setDefaultAction(self.actions.undo_stack.createUndoAction(self))
        self.undo_button.defaultAction().setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_button.defaultAction().setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._redo_action = redo = self.actions.undo_stack.createRedoAction(self)
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        redo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(redo)
        self.addAction(self.undo_button.defaultAction())
        self.filters.layout().addWidget(self.undo_button)  # type: ignore[union-attr]
        self.import_button = QToolButton()
        self.filters.layout().addWidget(self.import_button)  # type: ignore[union-attr]

        self.table_empty = empty_label(self.tr(NO_RUNS))
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table_empty)
        self.table_stack.addWidget(self.table)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(6, 6, 6, 0)
        top_layout.setSpacing(4)
        top_layout.addWidget(self.filters)
        top_layout.addWidget(self.table_stack, 1)

        self.curves = CurvesTab()
        self.gradients = GradientsTab(None)  # the cache and store come with set_store_dir
        self.gradcam = GradCamTab(None)
        self.summary = SummaryTab()
        self.analyses = AnalysesTab()  # lesion, landscape, shattering side by side
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for tab in (self.curves, self.gradients, self.gradcam, self.summary, self.analyses):
            self.tabs.addTab(tab, "")
        self.selection_label = QLabel()
        self.selection_label.setStyleSheet(f"color:{MUTED};")
        self.open_button = QToolButton()
        self.resume_button = QToolButton()
        self.export_button = QToolButton()
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.setStyleSheet(theme.MENU_BUTTON_STYLE)
        menu = QMenu(self.export_button)
        self._png_action = menu.addAction("", lambda: self.export_figure_dialog("png"))
        self._svg_action = menu.addAction("", lambda: self.export_figure_dialog("svg"))
        self.export_button.setMenu(menu)
        corner = QWidget()
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 4, 0)
        for w in (self.selection_label, self.open_button, self.resume_button, self.export_button):
            corner_layout.addWidget(w)
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        # Coalesce bursts (shift-click, keyboard repeat) into one comparison update.
        self._selection_timer = QTimer(self)
        self._selection_timer.setSingleShot(True)
        self._selection_timer.setInterval(30)
        self._selection_timer.timeout.connect(self._show_selection)

        self.filters.changed.connect(self._filters_changed)
        self.selection = RunSelection(self.table, self.proxy, self.model)
        self.selection.changed.connect(self._selection_timer.start)
        self.table.doubleClicked.connect(self._open_index)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.model.renameRequested.connect(self._rename_inline)
        self.actions.changed.connect(self.refresh)
        self.actions.deleted.connect(self._forget)
        self.import_button.clicked.connect(self.actions.import_json_dialog)
        self.open_button.clicked.connect(self._open_selected)
        self.resume_button.clicked.connect(self._resume_selected)
        self.curves.settingsChanged.connect(self._update_buttons)
        self._delete_action = delete = QAction(self)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.triggered.connect(lambda: self.actions.delete(self._selected_infos()))
        self.table.addAction(delete)

        self.set_store_dir(store_dir)
        self.retranslate()

    def retranslate(self) -> None:
        self.import_button.setText(self.tr("Import…"))
        self.import_button.setToolTip(self.tr("Add runs exported as JSON to this store"))
        for tab, title in ((self.curves, self.tr("Curves")), (self.gradients, self.tr("Gradients")),
                           (self.gradcam, self.tr("Grad-CAM")), (self.summary, self.tr("Summary")),
                           (self.analyses, self.tr("Analyses"))):
            self.tabs.setTabText(self.tabs.indexOf(tab), title)
        self.open_button.setText(self.tr("Open in main view"))
        self.resume_button.setText(self.tr("Resume"))
        self.export_button.setText(self.tr("Export figure"))
        self.export_button.setToolTip(self.tr("Save the overlaid curves for a slide or a paper (PNG or SVG)"))
        self._png_action.setText(self.tr("PNG image…"))
        self._svg_action.setText(self.tr("SVG vector image…"))
        self._delete_action.setText(self.tr("Delete"))
        relabel_undo(self.undo_button.defaultAction(), self.actions.undo_stack)
        relabel_undo(self._redo_action, self.actions.undo_stack, redo=True)
        self.model.retranslate()
        self._update_label()
        if self.store is not None:
            self._filters_changed()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- the main window's API ------------------------------------------------------------

    def set_store_dir(self, store_dir: str | Path | None) -> None:
        """Show another store (None: the default one); the selection is cleared."""
        if self.store is not None:
            self.store.close()
        self.store, self.cache = None, None
        self.colors = ColorBook()
        self.selection.begin_change()
        try:
            self.model.set_runs([])
        finally:
            self.selection.end_change()
        try:
            self.store = open_store(store_dir)
        except ResvizError as exc:
            self.table_empty.setText(str(exc))
        else:
            self.cache = RunCache(self.store)
        self.gradients.cache = self.cache
        self.gradcam.store = self.store
        self.analyses.store_dir = None if self.store is None else self.store.dir
        self.refresh()
        self._show_selection()

    def refresh(self) -> None:
        """Re-read the run list and the newer rows of compared runs that are (or were) running."""
        if self.store is None:
            self.table_stack.setCurrentIndex(0)
            return
        try:
            runs = self.store.list_runs()
        except ResvizError as exc:
            self.table_empty.setText(str(exc))
            self.table_stack.setCurrentIndex(0)
            return
        self.selection.begin_change()
        try:
            self.model.set_runs(runs)
        finally:
            self.selection.end_change()
        self.filters.set_tags(self.model.tags())
        self._update_empty()
        if not self.shown or self.cache is None:
            return
        by_id = {r.id: r for r in runs}
        live = {s.info.id for s in self.shown if by_id.get(s.info.id) and by_id[s.info.id].is_active}
        grown = self.cache.update(sorted(live | self._active))
        self._active = live
        changed = grown or any(by_id.get(s.info.id) != s.info for s in self.shown)
        if changed:
            self._show_selection()

    def select_runs(self, ids: list[int]) -> None:
        """Select these runs in the table (clearing filters that hide them) and compare them."""
        if any(self.model.row_of(i) is None for i in ids):
            self.refresh()  # e.g. a run created a moment ago
        if any(self.model.row_of(i) is not None and not self.selection.proxy_index(i).isValid()
               for i in ids):
            self.clear_filters()
        self.selection.set_ids(ids)
        self._scroll_on_show = not self.isVisible()  # a hidden table does not scroll: on show, then
        self._scroll_to_selection()
        self._selection_timer.stop()
        self._show_selection()

    def _scroll_to_selection(self) -> None:
        ordered = self.selection.ids()  # table order: scroll to the topmost
        if ordered and self.selection.proxy_index(ordered[0]).isValid():
            self.table.scrollTo(self.selection.proxy_index(ordered[0]))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        # A lesson selects its runs before this tab opens; otherwise leave the user's scrolling be.
        super().showEvent(event)
        if self._scroll_on_show:
            self._scroll_on_show = False
            self._scroll_to_selection()

    def caption(self, text: str, *, lesson: bool = False) -> None:
        """Write ``text`` (a lesson's conclusion, the demo's verdict) above the comparison of the
        runs selected now; it goes when another selection is compared, since it is not about that."""
        annotate(self, text, lesson=lesson)
        self._caption_for = set(self.selected_runs()) if text else None

    def selected_runs(self) -> list[int]:
        """Selected run ids, in the order the table shows them (any hidden by filters last)."""
        return self.selection.ids()

    # --- filters ---------------------------------------------------------------------------

    def clear_filters(self) -> None:
        self.filters.search.clear()
        for combo in (self.filters.status, self.filters.kind, self.filters.tag):
            combo.setCurrentIndex(0)

    def _filters_changed(self) -> None:
        f = self.filters.filters()
        self.selection.begin_change()  # rows leaving the view stay compared
        try:
            self.proxy.set_filters(text=str(f["text"]), status=str(f["status"]),
                                   residual=f["residual"], tag=str(f["tag"]))  # type: ignore[arg-type]
        finally:
            self.selection.end_change()
        self._update_empty()
        self._update_label()

    def _update_empty(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.filters.set_count(shown, total)
        self.table_empty.setText(self.tr(NO_RUNS) if total == 0 else self.tr(NO_MATCH))
        self.table_stack.setCurrentIndex(1 if shown else 0)

    # --- the comparison -------------------------------------------------------------------

    def _show_selection(self) -> None:
        ids = self.selected_runs()
        if self._caption_for is not None and set(ids) != self._caption_for:
            self.caption("")
        compared = ids[:MAX_COMPARED]
        shown: list[Shown] = []
        if self.cache is not None:
            colors = self.colors.assign(compared)
            for run_id in compared:
                info = self.model.run_by_id(run_id)
                if info is None:
                    continue
                try:
                    series = self.cache.get(run_id)
                except ResvizError:
                    continue  # deleted by another process since the last refresh
                shown.append(Shown(info, series, colors[run_id]))
        self.shown = shown
        self._active = {s.info.id for s in shown if s.info.is_active}
        for tab in (self.curves, self.gradients, self.gradcam, self.summary, self.analyses):
            tab.set_runs(shown)
        self._update_label()
        self._update_buttons()

    def _update_label(self) -> None:
        n = len(self.selection.ids())
        text = self.tr("comparing the first {max} of {n} selected").format(max=MAX_COMPARED, n=n) if n > MAX_COMPARED \
            else (self.tr("{n} selected").format(n=n) if n else "")
        hidden = self.selection.hidden_count()
        self.selection_label.setText(self.tr("{text} ({hidden} hidden by filters)").format(text=text, hidden=hidden)
                                     if hidden else text)

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(bool(self.shown))
        self.open_button.setEnabled(bool(self.shown))
        runs = [s.info for s in self.shown]
        refusal = self._resume_refusal(runs)
        # Shown where it applies (one stopped or interrupted run), so the tabs keep their room
        # at 1280×720; the context menu offers it always.
        self.resume_button.setVisible(len(runs) == 1 and runs[0].status in ("stopped", "interrupted"))
        self.resume_button.setEnabled(refusal is None)
        self.resume_button.setToolTip(refusal or self.tr(
            "Continue this run from its last checkpoint, in the same run: its curves carry on"))

    def _resume_refusal(self, runs: list[RunInfo]) -> str | None:
        """Why these runs cannot be resumed from here, or None: exactly one resumable run."""
        from resviz.train.resumable import resume_refusal

        if len(runs) != 1:
            return self.tr("Select one stopped or interrupted run to resume it")
        refusal = resume_refusal(runs[0])
        return None if refusal is None else str(refusal)

    def _resume_selected(self) -> None:
        runs = [s.info for s in self.shown]
        if self._resume_refusal(runs) is None:
            self.resumeRequested.emit(runs[0].id)

    def export_figure(self, path: str | Path) -> Path:
        """Write the overlaid curves, as the Curves tab shows them, as PNG or SVG (by suffix)."""
        if self.cache is None or not self.shown:
            raise ValueError("select runs to export their figure")
        s = self.curves.settings
        ids = [e.info.id for e in self.shown]
        curves = figure_curves(self.cache, ids, quantity=str(s["quantity"]), x_axis=str(s["x_axis"]),
                               smoothing=float(s["smoothing"]),  # type: ignore[arg-type]
                               colors={e.info.id: e.color for e in self.shown})
        return render_figure(curves, path, quantity=str(s["quantity"]), x_axis=str(s["x_axis"]),
                             log_y=bool(s["log_y"]), translate=tr, chance_translate=chance_tr)

    def export_figure_dialog(self, suffix: str) -> None:
        kind = self.tr("PNG image (*.png)") if suffix == "png" else self.tr("SVG drawing (*.svg)")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export figure"),
                                              start_path("figure", f"comparison.{suffix}"), kind)
        if not path:
            return
        if Path(path).suffix.lower().lstrip(".") not in FORMATS:  # "fig" or "run 1.5" means "….png"
            path = f"{path}.{suffix}"
        remember("figure", path)
        try:
            self.export_figure(path)
        except ResvizError as exc:  # it names the path and says what to do
            QMessageBox.warning(self, self.tr("Export failed"),
                                exc.message + (f"\n{exc.hint}" if exc.hint else ""))
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("Export failed"),
                                self.tr("Could not write {path}:").format(path=path) + f"\n{exc}")

    # --- run actions ----------------------------------------------------------------------

    def _require_store(self) -> RunStore:
        if self.store is None:
            raise RuntimeError("no run store is open")
        return self.store

    def _selected_infos(self) -> list[RunInfo]:
        """The runs selected in the table as shown: menus and Delete never act on hidden ones."""
        rows = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        runs = (self.model.run_by_id(int(i.data(RUN_ID_ROLE))) for i in rows)
        return [r for r in runs if r is not None]

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.runOpened.emit(int(index.data(RUN_ID_ROLE)))

    def _open_selected(self) -> None:
        ids = self.selected_runs()
        if ids:
            self.runOpened.emit(ids[0])

    def _rename_inline(self, run_id: int, name: str) -> None:
        info = self.model.run_by_id(run_id)
        if info is not None:
            self.actions.rename(info, name)

    def _forget(self, ids: list[int]) -> None:
        if self.cache is not None:
            for run_id in ids:
                self.cache.forget(run_id)

    def _context_menu(self, pos: QPoint) -> None:
        runs = self._selected_infos()
        if not runs:
            return
        menu = self.context_menu(runs)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def context_menu(self, runs: list[RunInfo]) -> QMenu:
        """The menu for these runs (built separately so tests can trigger its actions)."""
        menu = self.actions.menu(runs, lambda: self.runOpened.emit(runs[0].id), self)
        refusal = self._resume_refusal(runs)
        resume = QAction(self.tr("Resume training"), menu)
        resume.setEnabled(refusal is None)
        resume.setToolTip(refusal or "")
        resume.triggered.connect(lambda: self.resumeRequested.emit(runs[0].id))
        menu.setToolTipsVisible(True)
        menu.insertAction(menu.actions()[1], resume)  # after "Open in main view"
        return menu
