"""The diagram's scene: builds items once per spec, lays them out on collapse/expand, and
recolours them in place when measurements arrive."""

from __future__ import annotations

import math
from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
)

from resviz.presentation.scales import decade_range
from resviz.ui.diagram import theme
from resviz.ui.diagram.arcs import ArcItem, ChainItem
from resviz.ui.diagram.colormap import log_color
from resviz.ui.diagram.items import BlockItem
from resviz.ui.diagram.layout import partition
from resviz.ui.diagram.legend import LegendItem
from resviz.ui.diagram.model import DiagramModel
from resviz.ui.diagram.sidebar import COL_W, Sidebar
from resviz.ui.diagram.stages import CollapsedStageItem, StageHeaderItem, StagePanelItem

MARGIN = 14.0
COL_GAP = 40.0  # between columns: room for the main path to wrap upwards
COL_PITCH = COL_W + COL_GAP
STEM_H = 20 + 18 + theme.BLOCK_H  # input pill, gap, stem
HEAD_H = theme.STAGE_GAP + 10 + theme.BLOCK_H


def _finite_floats(values: Mapping[str, float]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, value in values.items():
        try:
            out[str(name)] = float(value)
        except (TypeError, ValueError):
            continue  # a bad payload colours nothing rather than crashing the GUI thread
    return out


class DiagramScene(QGraphicsScene):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)
        # Items move on every collapse/expand; a BSP index would be rebuilt each time.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setBackgroundBrush(theme.WHITE)
        self.model: DiagramModel | None = None
        self.blocks: dict[str, BlockItem] = {}
        self.arcs: dict[str, ArcItem] = {}
        self.headers: list[StageHeaderItem] = []
        self.panels: list[StagePanelItem] = []
        self.boxes: list[CollapsedStageItem] = []
        self.chains: list[ChainItem | None] = []
        self.collapsed: list[bool] = []
        self.legend: LegendItem | None = None
        self.gradients: dict[str, float] = {}
        self.shares: dict[str, float] = {}
        self.selected: str | None = None
        self._range: tuple[float, float] | None = None
        # A colour range set from outside (the heatmap's, or one shared by runs side by side);
        # None: the decades this network's own values span.
        self.fixed_range: tuple[float, float] | None = None
        self.columns = 1
        self.arrows: list[QGraphicsPolygonItem] = []
        self.error_item: QGraphicsTextItem | None = None

    # --- building --------------------------------------------------------------------------

    def build(self, model: DiagramModel, collapsed: list[bool]) -> None:
        self.clear()
        self.arrows = []
        self.model = model
        self.blocks, self.arcs = {}, {}
        self.headers, self.panels, self.boxes, self.chains = [], [], [], []
        self.collapsed = list(collapsed)
        self.gradients, self.shares, self._range = {}, {}, None
        self.sidebar = Sidebar(model)
        self.addItem(self.sidebar)
        self.legend = self.sidebar.legend
        self.error_item = self.sidebar.error_item
        self._top = self.sidebar.top
        self.main_line = QGraphicsPathItem()
        pen = QPen(theme.MAIN_LINE, 2.0)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        self.main_line.setPen(pen)
        self.main_line.setZValue(0)
        self.addItem(self.main_line)
        self.input_item = self._pill(model.input_text or QCoreApplication.translate("Diagram", "input"))
        for info in model.nodes:
            item = BlockItem(info)
            item.error = model.error_where in (info.label, info.kind) and bool(model.error_where)
            self.blocks[info.module] = item
            self.addItem(item)
            if info.arc_kind is not None:
                arc = ArcItem(info)
                self.arcs[info.module] = arc
                self.addItem(arc)
        for stage in model.stages:
            panel, header, box = StagePanelItem(), StageHeaderItem(stage), CollapsedStageItem(stage)
            name = f"stage {stage.index + 1}"  # "stage 1" must not match "stage 12, block 3"
            where = model.error_where
            header.error = where == name or where.startswith(f"{name},")
            kinds = stage.arc_kinds
            chain = ChainItem(stage.main_arc_kind, len(kinds)) if kinds else None
            for it in (panel, header, box, chain):
                if it is not None:
                    self.addItem(it)
            self.panels.append(panel)
            self.headers.append(header)
            self.boxes.append(box)
            self.chains.append(chain)
        self._pick_text_levels()
        self.relayout()

    def _pick_text_levels(self) -> None:
        """One level of detail for all blocks (and all headers), so the diagram reads evenly."""
        stage_blocks = [self.blocks[b.module] for b in self.model.blocks] if self.model else []
        level = max((b.fit_level() for b in stage_blocks), default=0)
        for item in stage_blocks:
            item.level = level
        for item in (self.blocks.get("conv1"), self.blocks.get("fc")):
            if item is not None:
                item.level = item.fit_level()
        level = max((h.fit_level() for h in self.headers), default=0)
        for header in self.headers:
            header.level = level

    def _pill(self, text: str) -> QGraphicsItem:
        label = QGraphicsSimpleTextItem(text)
        label.setFont(theme.font(11))
        label.setBrush(theme.MUTED)
        r = label.boundingRect()
        pill = QGraphicsRectItem(QRectF(-r.width() / 2 - 10, 0, r.width() + 20, 20))
        pill.setBrush(theme.WHITE)
        pill.setPen(QPen(theme.MAIN_LINE, 1.0))
        pill.setZValue(3)
        label.setParentItem(pill)
        label.setPos(-r.width() / 2, (20 - r.height()) / 2)
        self.addItem(pill)
        return pill

    # --- layout ----------------------------------------------------------------------------

    def _stage_height(self, s: int) -> float:
        n = self.model.stages[s].depth if self.model else 0
        if self.collapsed[s]:
            body = 8 + theme.COLLAPSED_H + 16
        else:
            body = (
                14 + n * theme.BLOCK_H + max(0, n - 1) * theme.GAP + theme.ADD_DY + theme.ADD_R + 8
            )
        return theme.STAGE_GAP + theme.HEADER_H + body

    def _columns(self, count: int) -> list[list[int]]:
        heights = [self._stage_height(s) for s in range(len(self.collapsed))]
        if heights:  # the stem rides on the first column, the head on the last
            heights[0] += STEM_H
            heights[-1] += HEAD_H
        return partition(heights, count)

    def measure(self, columns: int) -> tuple[float, float]:
        """Scene size (with margins) that relayout(columns) would produce."""
        groups = self._columns(columns)
        flow = [sum(self._stage_height(s) for s in g) for g in groups]
        flow[0] += STEM_H
        flow[-1] += HEAD_H
        if len(groups) == 1:
            w, h = COL_W, self._top + flow[0]
        else:
            w, h = (len(groups) + 1) * COL_PITCH - COL_GAP, max(self.sidebar.height, max(flow) + 8)
        return w + 2 * MARGIN, h + 2 * MARGIN

    def relayout(self, columns: int | None = None) -> None:
        """Place every node; hidden blocks of collapsed stages keep their items."""
        model = self.model
        if model is None:
            return
        if columns is not None:
            self.columns = columns
        groups = self._columns(self.columns)
        wide = len(groups) > 1
        self.sidebar.setPos(0, 0)
        self.sidebar.note.setVisible(wide)
        x, y = (COL_PITCH, 0.0) if wide else (0.0, self._top)
        path = QPainterPath(QPointF(x + theme.MAIN_X, y + 20))
        self.input_item.setPos(x + theme.MAIN_X, y)
        y += 20 + 18
        self._place_block(model.stem.module, x, y)
        y += theme.BLOCK_H
        bottom = y
        arrows: list[QPointF] = []
        for k, group in enumerate(groups):
            if k > 0:  # wrap: down, across the gap, up, and into the next column
                nx = x + COL_PITCH
                gap_x = nx - theme.PANEL_PAD - COL_GAP / 2
                path.lineTo(x + theme.MAIN_X, y + 12)
                path.lineTo(gap_x, y + 12)
                path.lineTo(gap_x, theme.STAGE_GAP / 2)
                path.lineTo(nx + theme.MAIN_X, theme.STAGE_GAP / 2)
                arrows.append(QPointF(nx + theme.MAIN_X, theme.STAGE_GAP + 1))
                x, y = nx, 0.0
            for s in group:
                y = self._place_stage(s, x, y)
            path.lineTo(x + theme.MAIN_X, y)
            bottom = max(bottom, y)
        y += theme.STAGE_GAP + 10
        self._place_block(model.head.module, x, y)
        path.lineTo(x + theme.MAIN_X, y)
        self.main_line.setPath(path)
        self._set_arrows(arrows)
        bottom = max(bottom, y + theme.BLOCK_H)
        self.select(self.selected)  # a selected block folded into a stage marks the stage's box
        w, h = self.measure(len(groups))
        self.setSceneRect(
            QRectF(-theme.PANEL_PAD - MARGIN, -MARGIN, w, max(h, bottom + 2 * MARGIN))
        )

    def _set_arrows(self, tips: list[QPointF]) -> None:
        """Arrowheads where the main path enters a wrapped column, so the reading order is clear."""
        for arrow in self.arrows:
            self.removeItem(arrow)
        self.arrows = []
        for tip in tips:
            x, y = tip.x(), tip.y()
            arrow = QGraphicsPolygonItem(
                QPolygonF([QPointF(x - 5, y - 8), QPointF(x + 5, y - 8), tip])
            )
            arrow.setBrush(theme.MAIN_LINE)
            arrow.setPen(Qt.PenStyle.NoPen)
            arrow.setZValue(4)
            self.addItem(arrow)
            self.arrows.append(arrow)

    def _place_stage(self, s: int, x: float, y: float) -> float:
        stage, collapsed = self.model.stages[s], self.collapsed[s]  # type: ignore[union-attr]
        y += theme.STAGE_GAP
        panel_top = y
        self.headers[s].setPos(x, y)
        self.headers[s].set_collapsed(collapsed)
        y += theme.HEADER_H
        box, chain = self.boxes[s], self.chains[s]
        box.setVisible(collapsed)
        if chain is not None:
            chain.setVisible(collapsed)
        if collapsed:
            y += 8
            box.setPos(x, y)
            if chain is not None:
                chain.setPos(x, y)
            y += theme.COLLAPSED_H + 16
        for i, info in enumerate(stage.blocks):
            item, arc = self.blocks[info.module], self.arcs.get(info.module)
            item.setVisible(not collapsed)
            if arc is not None:
                arc.setVisible(not collapsed)
            if not collapsed:
                y += 14 if i == 0 else theme.GAP
                self._place_block(info.module, x, y)
                y += theme.BLOCK_H
        if not collapsed:
            y += theme.ADD_DY + theme.ADD_R + 8
        self.panels[s].setPos(x, panel_top)
        self.panels[s].set_height(y - panel_top)
        return y

    def _place_block(self, module: str, x: float, y: float) -> None:
        self.blocks[module].setPos(x, y)
        arc = self.arcs.get(module)
        if arc is not None:
            arc.setPos(x, 0)
            arc.set_geometry(y - theme.SPLIT_DY, y + theme.BLOCK_H + theme.ADD_DY)

    def set_collapsed(self, stage: int, collapsed: bool) -> None:
        if 0 <= stage < len(self.collapsed) and self.collapsed[stage] != collapsed:
            self.collapsed[stage] = collapsed
            self.relayout()

    def set_all_collapsed(self, collapsed: bool) -> None:
        self.collapsed = [collapsed] * len(self.collapsed)
        self.relayout()

    # --- measurements ----------------------------------------------------------------------

    def apply_gradients(self, values: Mapping[str, float]) -> None:
        self.gradients = _finite_floats(values)
        present = [
            v for k, v in self.gradients.items() if k in self.blocks and math.isfinite(v) and v > 0
        ]
        self._range = self.fixed_range if self.fixed_range is not None else decade_range(present)
        for name, item in self.blocks.items():
            v = self.gradients.get(name)
            color = None
            if v is not None and self._range is not None and not math.isnan(v):
                color = log_color(v, *self._range)
            item.set_value(v, color)
        if self.legend is not None:
            self.legend.set_range(self._range, (min(present), max(present)) if present else None)
        self._update_boxes()

    def apply_shares(self, shares: Mapping[str, float]) -> None:
        # Kept as measured (an additive share may leave [0, 1]); only the arc's drawing clamps it.
        self.shares = {k: v for k, v in _finite_floats(shares).items() if math.isfinite(v)}
        for name, arc in self.arcs.items():
            arc.set_share(self.shares.get(name))
        for name, item in self.blocks.items():
            item.share = self.shares.get(name)
        self._update_boxes()

    def _update_boxes(self) -> None:
        """Collapsed stages: a cell per block and the geometric mean as the box colour."""
        if self.model is None:
            return
        for stage, box, chain in zip(self.model.stages, self.boxes, self.chains, strict=True):
            cells = [self.blocks[b.module].fill for b in stage.blocks]
            values = [self.gradients[b.module] for b in stage.blocks if b.module in self.gradients]
            positive = [v for v in values if math.isfinite(v) and v > 0]
            summary = None
            if positive and self._range is not None:
                gmean = 10 ** (sum(math.log10(v) for v in positive) / len(positive))
                summary = log_color(gmean, *self._range)
            shares = [
                self.shares[b.module]
                for b in stage.blocks
                if b.module in self.shares and b.arc_kind
            ]
            box.set_measurements(cells, summary, positive, shares)
            if chain is not None:
                chain.set_share(sum(shares) / len(shares) if shares else None)

    def clear_measurements(self) -> None:
        self.apply_gradients({})
        self.apply_shares({})

    def select(self, module: str | None) -> QGraphicsItem | None:
        """Highlight a block; returns the item to scroll to (its stage's box when collapsed)."""
        if self.selected in self.blocks:
            self.blocks[self.selected].set_selected(False)
        for box in self.boxes:
            box.set_selected(False)
        self.selected = module if module in self.blocks else None
        if self.selected is None:
            return None
        item = self.blocks[self.selected]
        item.set_selected(True)
        stage = item.info.stage
        if stage is not None and self.collapsed[stage]:
            self.boxes[stage].set_selected(True)
            return self.boxes[stage]
        return item

    def hide_hover(self) -> None:
        """Exports show the diagram, not where the mouse happened to be."""
        for it in self.items():
            if getattr(it, "hovered", False):
                it.hovered = False  # type: ignore[attr-defined]
                it.update()
