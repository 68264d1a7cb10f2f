"""Every chart on a projector: larger ticks, labels, titles and keys, thicker curves and
darker axes, undone exactly when Present mode ends.

The views keep styling their own items (a comparison redraws its curves with fresh pens, a
language change re-labels the axes), so scaling is not a one-off pass: ``apply`` runs again
while presenting and rescales whatever a view has set back, remembering the view's own value
as the one to restore. ``restore`` puts back only what still holds the scaled value, so a
value a view changed meanwhile is left as the view set it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyqtgraph as pg
import shiboken6
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPen
from PySide6.QtWidgets import QGraphicsItem, QWidget

from resviz.presentation import palette
from resviz.ui import theme
from resviz.ui.plots.items import HintText

_SIZE = re.compile(r"^\s*([\d.]+)\s*(px|pt)\s*$")


def present_px(px: float) -> int:
    """A chart's text size on a projector: about 1.7× and never below the present tick size."""
    return max(theme.PRESENT_TICK_PX, round(px * theme.PRESENT_FONT_SCALE))


def _px_of(size: object, default: float) -> float:
    m = _SIZE.match(str(size)) if size is not None else None
    if m is None:
        return default
    value = float(m.group(1))
    return value * 4 / 3 if m.group(2) == "pt" else value  # 96 dpi: 9pt = 12px


def _scaled_font(f: QFont | None) -> QFont:
    out = QFont(f) if f is not None else QFont()
    px = out.pixelSize() if out.pixelSize() > 0 else out.pointSizeF() * 4 / 3
    out.setPixelSize(present_px(px))
    return out


def _thick(p: QPen) -> QPen:
    out = QPen(p)
    out.setWidthF(max(1.0, out.widthF()) * theme.PRESENT_LINE_SCALE)
    return out


def _dark(p: QPen, hex_rgb: str, width: float | None = None) -> QPen:
    out = QPen(p)
    c = QColor(hex_rgb)
    c.setAlpha(p.color().alpha())
    out.setColor(c)
    if width is not None:
        out.setWidthF(width)
    return out


@dataclass
class _Tweak:
    item: QGraphicsItem
    get: Callable[[], Any]
    set: Callable[[Any], None]
    scale: Callable[[Any], Any]
    original: Any = None
    ours: Any = None


class PlotScaler:
    """Scales and restores the charts under ``root`` (every pyqtgraph view in it)."""

    def __init__(self, root: QWidget) -> None:
        self.root = root
        self._tweaks: dict[tuple[int, str], _Tweak] = {}

    def items(self) -> list[QGraphicsItem]:
        out: list[QGraphicsItem] = []
        for view in self.root.findChildren(pg.GraphicsView):
            scene = view.scene()
            if scene is not None:
                out += scene.items()
        return out

    def apply(self) -> None:
        """Scale every chart item not yet scaled, and rescale what a view has set back."""
        for item in self.items():
            for name, get, put, scale in _properties(item):
                key = (id(item), name)
                tweak = self._tweaks.get(key)
                if tweak is None or tweak.item is not item:
                    tweak = self._tweaks[key] = _Tweak(item, get, put, scale)
                current = get()
                if tweak.ours is not None and current == tweak.ours:
                    wanted = scale(tweak.original)  # what fits may change with the plot's size
                    if wanted != tweak.ours:
                        tweak.ours = wanted
                        put(wanted)
                    continue
                tweak.original = current
                tweak.ours = scale(current)
                put(tweak.ours)

    def restore(self) -> None:
        for tweak in self._tweaks.values():
            if shiboken6.isValid(tweak.item) and tweak.get() == tweak.ours:
                tweak.set(tweak.original)
        self._tweaks.clear()


def _properties(item: QGraphicsItem) -> list[tuple[str, Callable[[], Any], Callable[[Any], None], Callable[[Any], Any]]]:
    """(name, getter, setter, how to scale) of each property Present mode changes on ``item``."""
    props: list[tuple[str, Callable[[], Any], Callable[[Any], None], Callable[[Any], Any]]] = []
    if isinstance(item, pg.PlotDataItem):
        if item.opts.get("pen") is not None:
            props.append(("pen", lambda: QPen(item.opts["pen"]), item.setPen, _thick))
        if item.opts.get("symbol") is not None:
            props.append(("symbol", lambda: float(item.opts["symbolSize"]), item.setSymbolSize,
                          lambda s: s * theme.PRESENT_SYMBOL_SCALE))
    elif isinstance(item, pg.InfiniteLine):
        props.append(("pen", lambda: QPen(item.pen), item.setPen, _thick))
    elif isinstance(item, pg.AxisItem):
        props += [
            ("tick", lambda: QFont(item.style.get("tickFont") or QFont()), item.setTickFont, _scaled_font),
            # One property: pyqtgraph recolours the axis label when either pen is set.
            ("ink", lambda: (QPen(item.pen()), QPen(item.textPen()), dict(item.labelStyle)),
             lambda v: _set_ink(item, v), lambda v: _dark_ink(v, item)),
        ]
        if item.fixedWidth is not None:
            props.append(("width", lambda: float(item.fixedWidth), item.setWidth,
                          lambda w: w * theme.PRESENT_FONT_SCALE))
        if item.grid is not False:
            props.append(("grid", lambda: item.grid, item.setGrid, lambda a: min(255, int(a * 2))))
    elif isinstance(item, pg.LabelItem):  # plot titles and the keys above or below the plots
        props.append(("size", lambda: item.opts.get("size"), lambda s: _set_label_size(item, s),
                      lambda s: f"{present_px(_px_of(s, theme.KEY_PX))}px"))
    elif isinstance(item, pg.TextItem):  # the chance line's label, notes on a plot
        props.append(("font", lambda: QFont(item.textItem.font()), item.setFont, _scaled_font))
    elif isinstance(item, HintText):
        props.append(("font", lambda: QFont(item.font()), item.setFont, _scaled_font))
    return props


def _label_style(style: dict[str, str], axis: pg.AxisItem) -> dict[str, str]:
    """Larger and black; on a plot too short for it, as large as still fits beside the plot."""
    out = dict(style)
    px = _px_of(style.get("font-size"), theme.LABEL_PX)
    big = present_px(px)
    if axis.orientation in ("left", "right") and axis.labelText:
        room = axis.boundingRect().height() - 4
        while big > px and QFontMetrics(theme.font(big)).horizontalAdvance(axis.labelText) > room:
            big -= 1
    out["font-size"] = f"{big}px"
    out["color"] = palette.HIGH_CONTRAST["INK"]
    return out


def _dark_ink(value: tuple[QPen, QPen, dict[str, str]], axis: pg.AxisItem) -> tuple[QPen, QPen, dict[str, str]]:
    line, text, label = value
    return (_dark(line, palette.HIGH_CONTRAST["FAINT"], theme.PRESENT_AXIS_WIDTH),
            _dark(text, palette.HIGH_CONTRAST["MUTED"]), _label_style(label, axis))


def _set_ink(axis: pg.AxisItem, value: tuple[QPen, QPen, dict[str, str]]) -> None:
    axis.setPen(value[0])
    axis.setTextPen(value[1])
    axis.labelStyle = dict(value[2])
    axis._updateLabel()  # noqa: SLF001 - pyqtgraph has no public way to restyle a label alone


def _set_label_size(label: pg.LabelItem, size: object) -> None:
    if size is None:
        label.opts.pop("size", None)
        label.setText(label.text)
    else:
        label.setText(label.text, size=size)
