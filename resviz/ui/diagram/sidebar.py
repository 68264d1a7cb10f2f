"""Title, error, legend and a short 'how to read it': above a single column, or as a sidebar
left of wrapped columns (where the note has room to show)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsSimpleTextItem, QGraphicsTextItem

from resviz import i18n
from resviz.presentation import palette
from resviz.ui.diagram import theme
from resviz.ui.diagram.items import block_name
from resviz.ui.diagram.legend import LegendItem
from resviz.ui.diagram.model import DiagramModel

COL_W = theme.CONTENT_W + theme.PANEL_PAD

def reading(residual: bool) -> str:
    """The 'how to read it' note. Colour claims stay neutral: with batch norm a plain net's early
    blocks get *more* gradient at initialisation (He et al. 2015 §4.1), without it less."""
    if residual:
        return QCoreApplication.translate(
            "DiagramSidebar",
            "<b>How to read it.</b> Each block computes F(x); its shortcut carries x around the block "
            "and ⊕ adds them:<p align='center' style='color:{ink}'>y = F(x) + x &nbsp;⇒&nbsp; "
            "∂y/∂x = ∂F/∂x + 1</p>so the gradient reaches the early blocks through the shortcuts even "
            "when F passes little of it. Colour: gradient norm per block (dark = small). Arc width: "
            "the part of the block's input gradient that came through the shortcut.").format(ink=palette.INK)
    return QCoreApplication.translate(
        "DiagramSidebar",
        "<b>How to read it.</b> A plain net has no shortcuts: the gradient reaches the early blocks "
        "only through every later block's weights. Colour: gradient norm per block (dark = small). "
        "With batch norm the early blocks get more gradient than the last ones at the start of "
        "training; without it they get less, the vanishing gradient. Deeper plain nets train worse "
        "even with batch norm (He et al. 2015, Fig. 1): the degradation problem.")


def _text(
    parent: QGraphicsRectItem, text: str, px: int, color: QColor, bold: bool = False
) -> QGraphicsSimpleTextItem:
    item = QGraphicsSimpleTextItem(text, parent)
    item.setFont(theme.font(px, bold))
    item.setBrush(color)
    return item


class Sidebar(QGraphicsRectItem):
    """An invisible parent, so the scene moves the whole block as one."""

    def __init__(self, model: DiagramModel) -> None:
        super().__init__()
        self.setPen(Qt.PenStyle.NoPen)
        _text(self, model.name, 17, theme.INK, bold=True).setPos(-theme.PANEL_PAD, 0)
        sub_color = theme.ERROR if model.error else theme.MUTED
        _text(self, model.subtitle, 12, sub_color).setPos(-theme.PANEL_PAD, 24)
        y = 46.0
        if model.description:
            fm = QFontMetricsF(theme.font(11))
            # A preset's description is the engine's text: its catalogue may have it translated.
            desc = fm.elidedText(i18n._(model.description), Qt.TextElideMode.ElideRight, COL_W)
            _text(self, desc, 11, theme.MUTED).setPos(-theme.PANEL_PAD, y - 4)
            y += 14
        if model.width_note:
            _text(self, model.width_note, 11, theme.MUTED).setPos(-theme.PANEL_PAD, y - 4)
            y += 14
        y += 4
        self.error_item: QGraphicsTextItem | None = None
        if model.error:
            y = self._add_error(model, y)
        residual = any(s.arc_kinds for s in model.stages)
        kinds = sorted({k for s in model.stages for k in s.arc_kinds})
        scale = next((b.scale for b in model.blocks if b.arc_kind == "scaling"), 0.5)
        self.legend = LegendItem(kinds, residual, scale)
        self.legend.setParentItem(self)
        self.legend.setPos(0, y)
        self.top = y + self.legend.height + 16
        """Where the main path starts when everything is one column."""
        self.note = QGraphicsTextItem(self)
        self.note.setTextWidth(COL_W)
        self.note.setDefaultTextColor(theme.MUTED)
        self.note.setFont(theme.font(12))
        self.note.setHtml(reading(residual))
        self.note.setPos(-theme.PANEL_PAD - 4, self.top - 4)
        self.height = self.top + self.note.boundingRect().height()
        """Height as a sidebar, with the note."""

    def _add_error(self, model: DiagramModel, y: float) -> float:
        known = model.error_where and model.error_where not in model.error
        where = f"{block_name(model.error_where)}: " if known else ""
        hint = f"\n→ {model.error_hint}" if model.error_hint else ""
        text = QGraphicsTextItem()
        text.setDefaultTextColor(theme.ERROR)
        text.setFont(theme.font(12))
        text.setTextWidth(COL_W - 12)
        text.setPlainText(QCoreApplication.translate("Diagram", "Invalid spec — {error}").format(
            error=f"{where}{model.error}{hint}"))
        box = QRectF(-theme.PANEL_PAD, y, COL_W, text.boundingRect().height() + 8)
        bg = QGraphicsRectItem(box, self)
        bg.setBrush(QColor(palette.ERROR_PANEL))
        bg.setPen(QPen(theme.ERROR, 1.0))
        text.setParentItem(self)
        text.setPos(-theme.PANEL_PAD + 6, y + 4)
        self.error_item = text
        return y + box.height() + 10
