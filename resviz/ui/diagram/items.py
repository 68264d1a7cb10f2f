"""Blocks on the main path, and the helpers every clickable node shares.

Items paint themselves from a few stored values; a measurement update sets a colour and
calls update(), never rebuilds, so colouring 600 blocks a few times a second stays cheap.
"""

from __future__ import annotations

import html
import math
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from resviz.presentation import palette
from resviz.ui.diagram import theme
from resviz.ui.diagram.colormap import NEUTRAL, NEUTRAL_BORDER, contrast_text, format_sci
from resviz.ui.diagram.model import BlockInfo, fmt_shape, human


def rows_html(title: str, rows: list[tuple[str, str]]) -> str:
    cells = "".join(
        f"<tr><td style='color:{palette.MUTED};padding-right:10px'>{html.escape(k)}</td>"
        f"<td>{html.escape(v)}</td></tr>"
        for k, v in rows
    )
    return f"<b>{html.escape(title)}</b><table cellspacing='0'>{cells}</table>"


def first_fit(texts: list[str], px: int, room: float, bold: bool = False) -> int:
    """Index of the first (richest) text that fits in room; the last one otherwise."""
    fm = QFontMetricsF(theme.font(px, bold))
    return next((i for i, t in enumerate(texts) if fm.horizontalAdvance(t) <= room), len(texts) - 1)


def draw_fitted(
    painter: QPainter, rect: QRectF, texts: list[str], level: int, align: Qt.AlignmentFlag
) -> None:
    """texts[level], elided if even that does not fit."""
    text = texts[min(level, len(texts) - 1)]
    text = QFontMetricsF(painter.font()).elidedText(text, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, text)


translate = QCoreApplication.translate
KIND_NAMES = {"plain": QT_TRANSLATE_NOOP("Diagram", "plain"), "basic": QT_TRANSLATE_NOOP("Diagram", "basic"),
              "bottleneck": QT_TRANSLATE_NOOP("Diagram", "bottleneck"), "stem": QT_TRANSLATE_NOOP("Diagram", "stem"),
              "head": QT_TRANSLATE_NOOP("Diagram", "head"), "custom": QT_TRANSLATE_NOOP("Diagram", "custom")}
_BLOCK_LABEL = re.compile(r"^stage (\d+), block (\d+)$")


def kind_name(kind: str) -> str:
    """A block kind ('basic', 'plain/basic') in the language in force."""
    return "/".join(translate("Diagram", KIND_NAMES[k]) if k in KIND_NAMES else k for k in kind.split("/"))


def block_name(label: str) -> str:
    """The engine's 'stage 2, block 1' (or 'stem', 'head') in the language in force."""
    m = _BLOCK_LABEL.match(label)
    if m:
        return translate("Diagram", "stage {stage}, block {block}").format(stage=m.group(1), block=m.group(2))
    return kind_name(label)


def _value_text(value: float | None) -> str:
    if value is None:
        return translate("Diagram", "not measured")
    return format_sci(value, 2) if math.isfinite(value) else f"{value}"


class Hoverable(QGraphicsItem):
    """Clickable nodes: a hand cursor and a hover highlight."""

    def __init__(self) -> None:
        super().__init__()
        self.hovered = False
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        self.hovered = False
        self.update()


class BlockItem(Hoverable):
    """A block (or the stem, or the head) on the main path, filled by its gradient magnitude."""

    def __init__(self, info: BlockInfo) -> None:
        super().__init__()
        self.info = info
        self.rect = QRectF(0, 0, theme.BLOCK_W, theme.BLOCK_H)
        self.fill: QColor | None = None
        self.value: float | None = None
        self.share: float | None = None
        self.selected = False
        self.error = False
        self.level = 0  # which of descriptions() to show; the scene picks one for all blocks
        self.setZValue(3)

    @property
    def module(self) -> str:
        return self.info.module

    def descriptions(self) -> list[str]:
        """What the block says about itself, longest first: paint uses the first that fits."""
        info = self.info
        stride = f" · /{info.stride}" if info.stride != 1 else ""
        if info.kind == "stem":
            if not info.kernel:
                return [translate("Diagram", "stem")]
            conv = translate("Diagram", "{kernel}×{kernel} conv").format(kernel=info.kernel)
            pool = " + " + translate("Diagram", "pool") if info.maxpool else ""
            ch = translate("Diagram", "{channels} ch").format(channels=info.channels)
            return [f"{conv} · {ch}{stride}{pool}", f"{conv}{stride}{pool}", conv]
        if info.kind == "head":
            head = translate("Diagram", "pool + fc")
            return [f"{head} → {info.channels}", head] if info.channels else [head]
        ch = translate("Diagram", "{channels} ch").format(channels=info.channels)
        return [f"{kind_name(info.kind)} · {ch}{stride}", f"{ch}{stride}"]

    def set_value(self, value: float | None, color: QColor | None) -> None:
        self.value, self.fill = value, color
        self.update()

    def set_selected(self, on: bool) -> None:
        if on != self.selected:
            self.selected = on
            self.update()

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-4, -4, 4, 4)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        neutral = theme.STEM_FILL if self.info.kind in ("stem", "head") else NEUTRAL
        fill = self.fill or neutral
        if self.selected:
            painter.setPen(QPen(theme.SELECT, 3.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect.adjusted(-2.5, -2.5, 2.5, 2.5), 6, 6)
        border = QPen(NEUTRAL_BORDER if self.fill is None else fill.darker(140), 1.0)
        if self.hovered:
            border = QPen(theme.INK, 1.5)
        if self.error:
            border = QPen(theme.ERROR, 2.0, Qt.PenStyle.DashLine)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(self.rect, 4, 4)
        ink = contrast_text(fill)
        text_rect = self.rect.adjusted(8, 0, -8, 0)
        painter.setPen(ink)
        painter.setFont(theme.font(11, bold=True))
        name = self.info.module
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name
        )
        painter.setFont(theme.font(11))
        draw_fitted(
            painter,
            text_rect.adjusted(self._name_width(), 0, 0, 0),
            self.descriptions(),
            self.level,
            Qt.AlignmentFlag.AlignRight,
        )

    def _name_width(self) -> float:
        return QFontMetricsF(theme.font(11, bold=True)).horizontalAdvance(self.info.module) + 10

    def fit_level(self) -> int:
        return first_fit(self.descriptions(), 11, theme.BLOCK_W - 16 - self._name_width())

    def tooltip_html(self) -> str:
        info = self.info
        rows = [
            (translate("Diagram", "kind"), kind_name(info.kind)),
            (translate("Diagram", "shortcut"), info.shortcut_text() if info.stage is not None else "—"),
        ]
        rows.append((translate("Diagram", "shape"), f"{fmt_shape(info.in_shape)} → {fmt_shape(info.out_shape)}"))
        if info.params is not None:
            rows.append((translate("Diagram", "params"), f"{info.params:,}"))
        if info.macs is not None:
            rows.append(("MACs", human(info.macs)))
        rows.append((translate("Diagram", "gradient"), _value_text(self.value)))
        if info.arc_kind is not None:
            share = translate("Diagram", "not measured") if self.share is None else f"{self.share:.0%}"
            rows.append((translate("Diagram", "shortcut share"), share))
        return rows_html(f"{info.module} — {block_name(info.label)}", rows)
