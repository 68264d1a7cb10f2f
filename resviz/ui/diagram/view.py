"""DiagramView: the network as blocks on a main path with skip arcs beside it.

The main window drives it with set_spec / set_gradients / set_shortcut_shares and listens
to blockClicked. Everything else (stage folding, fitting, tooltips) stays inside.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QHelpEvent, QMouseEvent, QPainter, QResizeEvent, QTransform, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsItem, QGraphicsView, QToolTip, QWidget

from resviz.arch.spec import NetworkSpec
from resviz.ui.diagram import export
from resviz.ui.diagram.arcs import ArcItem
from resviz.ui.diagram.items import BlockItem
from resviz.ui.diagram.layout import choose_columns
from resviz.ui.diagram.model import DiagramModel, build_model
from resviz.ui.diagram.scene import DiagramScene
from resviz.ui.diagram.stages import CollapsedStageItem, StageHeaderItem

COLLAPSE_OVER = 12
"""Stages with more blocks than this always start collapsed: ResNet-110 (18 per stage) and
ResNet-1202 (200) open as three summary boxes, whose strips still show every block's colour."""
FOLD_OVER = 4
"""If the net does not fit the view at a readable zoom, stages with more blocks than this
fold too, longest first: Plain-56 opens folded in a dock and open in a wide window."""

MIN_READABLE = 0.8  # below this zoom the 11 px labels get hard to read: scroll instead
MAX_FIT = 1.6

_Clickable = BlockItem | ArcItem | StageHeaderItem | CollapsedStageItem


def default_collapsed(model: DiagramModel) -> list[bool]:
    return [stage.depth > COLLAPSE_OVER for stage in model.stages]


class DiagramView(QGraphicsView):
    blockClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = DiagramScene(self)
        self.setScene(self.diagram)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self._auto_fit = True
        self._structure: tuple[int, ...] | None = None
        self.setMinimumSize(200, 200)

    # --- the main window's API -----------------------------------------------------------

    def set_spec(self, spec: NetworkSpec) -> None:
        """Redraw for a spec; an unusable one is drawn as far as it can be read, with its error.

        Measurements are dropped unless the network is unchanged (they were taken on another
        one). Folded stages stay folded while the number of blocks per stage is unchanged.
        """
        self._spec = spec
        model = build_model(spec)
        old = self.diagram.model
        unchanged = old is not None and old.nodes == model.nodes and not model.error
        grads, shares = dict(self.diagram.gradients), dict(self.diagram.shares)
        same_shape = bool(model.structure) and model.structure == self._structure
        if same_shape:
            collapsed = list(self.diagram.collapsed)
        else:
            collapsed = default_collapsed(model)
        selected = self.diagram.selected
        self._structure = model.structure
        self.diagram.build(model, collapsed)
        if not same_shape:
            self._fold_to_fit()
        if selected is not None:
            self.diagram.select(selected)
        if unchanged:  # e.g. the same spec set again when a run starts: no grey flash
            self.diagram.apply_gradients(grads)
            self.diagram.apply_shares(shares)
        self._refit()

    def relabel(self) -> None:
        """Redraw in the language in force, keeping folds, selection and measurements."""
        spec = getattr(self, "_spec", None)
        if spec is not None:
            self.set_spec(spec)

    def set_gradients(self, values: Mapping[str, float]) -> None:
        """Module name → gradient magnitude; unnamed blocks turn back to neutral grey."""
        self.diagram.apply_gradients(values)

    def set_colour_range(self, lo_hi: tuple[float, float] | None) -> None:
        """Colour gradients on this fixed range (so pictures compare), or None: the network's own."""
        self.diagram.fixed_range = lo_hi

    def set_shortcut_shares(self, shares: Mapping[str, float]) -> None:
        """Module name → share in [0, 1] of the gradient that flows through the shortcut."""
        self.diagram.apply_shares(shares)

    def clear_measurements(self) -> None:
        self.diagram.clear_measurements()

    def select_module(self, name: str) -> None:
        """Highlight a block and scroll to it, without emitting blockClicked."""
        item = self.diagram.select(name)
        if item is not None:
            self.ensureVisible(item, 20, 40)

    def export_png(self, path: str | Path, scale: float = 2.0) -> None:
        self.diagram.hide_hover()
        export.export_png(self.diagram, path, scale)

    def export_svg(self, path: str | Path) -> None:
        self.diagram.hide_hover()
        name = self.diagram.model.name if self.diagram.model else "resviz"
        export.export_svg(self.diagram, path, title=f"{name} — resviz")

    # --- stages and zoom ---------------------------------------------------------------------

    def set_stage_collapsed(self, stage: int, collapsed: bool) -> None:
        self.diagram.set_collapsed(stage, collapsed)
        self._refit()

    def is_stage_collapsed(self, stage: int) -> bool:
        return self.diagram.collapsed[stage]

    def collapse_all(self) -> None:
        self.diagram.set_all_collapsed(True)
        self._refit()

    def expand_all(self) -> None:
        self.diagram.set_all_collapsed(False)
        self._refit()

    def fit_to_view(self) -> None:
        """Back to automatic zoom: the whole net if it reads at that size, else fit the width."""
        self._auto_fit = True
        self._refit()

    def tooltip_for(self, module: str) -> str:
        item = self.diagram.blocks.get(module)
        return item.tooltip_html() if item is not None else ""

    def _view_size(self) -> tuple[float, float]:
        # The widget's own size, not the viewport's, so a scroll bar coming and going
        # cannot flip a decision back and forth.
        return max(50.0, self.width() - 4.0), max(50.0, self.height() - 4.0)

    def _best_columns(self) -> int:
        vw, vh = self._view_size()
        n_stages = len(self.diagram.model.stages) if self.diagram.model else 0
        return choose_columns(self.diagram.measure, n_stages, vw, vh, MAX_FIT, MIN_READABLE)

    def _fold_to_fit(self) -> None:
        """Fold the longest stages until the whole net reads at a glance, if it can."""
        if not self.isVisible():
            return  # no size to fit yet: the COLLAPSE_OVER default stands
        vw, vh = self._view_size()
        folding = sorted(
            (s for s, c in enumerate(self.diagram.collapsed) if not c and self.diagram.model),
            key=lambda s: -self.diagram.model.stages[s].depth,  # type: ignore[union-attr]
        )
        for s in folding:
            w, h = self.diagram.measure(self._best_columns())
            if min(vw / w, vh / h) >= MIN_READABLE:
                break
            if self.diagram.model.stages[s].depth > FOLD_OVER:  # type: ignore[union-attr]
                self.diagram.collapsed[s] = True
        self.diagram.relayout()

    def _refit(self) -> None:
        """Automatic zoom: pick the column count, then the whole net if it reads at that size,
        else fit the width and scroll."""
        if not self._auto_fit or self.diagram.model is None:
            return
        vw, vh = self._view_size()
        columns = self._best_columns()
        if columns != self.diagram.columns:
            self.diagram.relayout(columns)
        rect = self.sceneRect()
        fit_all = min(vw / rect.width(), vh / rect.height())
        if fit_all >= MIN_READABLE:
            scale = min(fit_all, MAX_FIT)
        else:  # taller than the view: keep labels readable and scroll vertically
            bar = self.verticalScrollBar().sizeHint().width()
            scale = min(max((vw - bar) / rect.width(), 0.5), 1.25)
        self.setTransform(QTransform.fromScale(scale, scale))

    # --- events ----------------------------------------------------------------------------

    def _hit(self, pos: QPoint) -> _Clickable | None:
        for item in self.items(pos):
            it: QGraphicsItem | None = item
            while it is not None and not isinstance(it, _Clickable):
                it = it.parentItem()
            if it is not None:
                return it
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        item = self._hit(event.position().toPoint())
        if isinstance(item, StageHeaderItem):
            s = item.stage.index
            self.set_stage_collapsed(s, not self.diagram.collapsed[s])
        elif isinstance(item, CollapsedStageItem):
            self.set_stage_collapsed(item.stage.index, False)
        elif isinstance(item, (BlockItem, ArcItem)):
            self.diagram.select(item.module)
            self.blockClicked.emit(item.module)
        else:
            super().mousePressEvent(event)
            return
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        # Tooltips are built on demand: values change several times a second, hovering is rare.
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            item = self._hit(event.pos())
            if isinstance(item, ArcItem):
                item = self.diagram.blocks.get(item.module)
            if item is not None:
                QToolTip.showText(event.globalPos(), item.tooltip_html(), self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._auto_fit = False
            factor = 1.0015 ** event.angleDelta().y()
            self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
            self.scale(factor, factor)
            event.accept()
            return
        super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._refit()
