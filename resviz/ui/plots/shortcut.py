"""How a block's input gradient splits between its shortcut and its residual branch F, at
the latest probe, and optionally ‖F(x)‖ / ‖x‖ per block.

Blocks run top to bottom in forward order, as in the diagram and the gradient heatmap.
A block without a shortcut (a plain block) is drawn hatched grey: all of its gradient has
to pass through its layers, which is exactly what residual connections avoid.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QCheckBox, QWidget

from resviz.train.history import History, Matrix
from resviz.ui.plots import export, style
from resviz.ui.plots.base import PlotPanel, swatch
from resviz.ui.plots.items import DecadeAxis, HintText, NamedAxis

BAR_HEIGHT = 0.72


class ShortcutPanel(PlotPanel):
    """Stacked bars per block (share through shortcut vs branch) and ‖F(x)‖/‖x‖ per block."""

    export_name = "shortcuts"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drawn = -1  # probe rows drawn

        self.show_ratio = QCheckBox("‖F(x)‖ / ‖x‖")
        self.show_ratio.setChecked(True)
        self.controls.addWidget(self.show_ratio)
        self.controls.addStretch(1)
        self.controls.addWidget(self.export_button)

        self.block_axis = NamedAxis("left")
        self.share_plot = pg.PlotItem(axisItems={"left": self.block_axis})
        self.ratio_plot = pg.PlotItem(axisItems={"bottom": DecadeAxis("bottom")})
        # A rich-text key rather than a LegendItem: compact enough for a narrow dock, and
        # part of the scene, so exports carry it.
        self.legend = pg.LabelItem(justify="left", color=style.INK, size="11px")
        self.view.ci.addItem(self.legend, row=0, col=0, colspan=2)
        self.view.ci.addItem(self.share_plot, row=1, col=0)
        self.view.ci.addItem(self.ratio_plot, row=1, col=1)
        grid = self.view.ci.layout
        grid.setColumnStretchFactor(0, 7)
        grid.setColumnStretchFactor(1, 3)
        for plot in (self.share_plot, self.ratio_plot):
            style.style_plot(plot, grid=False)
            plot.invertY(True)
            plot.showGrid(x=True, y=False, alpha=style.GRID_ALPHA)
            plot.setMouseEnabled(x=False, y=True)
        self.share_plot.getAxis("bottom").setTicks([[(t / 4, f"{t * 25}%") for t in range(5)]])
        self.share_plot.setXRange(0.0, 1.0, padding=1.5 * style.EDGE_PAD)  # "100%" is wide
        self.ratio_plot.setYLink(self.share_plot)
        self.ratio_plot.hideAxis("left")
        self.ratio_plot.setLogMode(True, False)
        style.style_axis(self.ratio_plot.getAxis("bottom"), "‖F(x)‖ / ‖x‖")

        empty = np.zeros(0)
        self.shortcut_bars = pg.BarGraphItem(x0=empty, y=empty, width=empty, height=BAR_HEIGHT,
                                             brush=style.color(style.SHORTCUT), pen=pg.mkPen(None))
        self.branch_bars = pg.BarGraphItem(x0=empty, y=empty, width=empty, height=BAR_HEIGHT,
                                           brush=style.color(style.BRANCH), pen=pg.mkPen(None))
        hatch = QBrush(style.color(style.PLAIN), Qt.BrushStyle.BDiagPattern)
        self.plain_bars = pg.BarGraphItem(x0=empty, y=empty, width=empty, height=BAR_HEIGHT,
                                          brush=hatch, pen=style.pen(style.PLAIN, 1.0))
        for bars in (self.shortcut_bars, self.branch_bars, self.plain_bars):
            self.share_plot.addItem(bars)
        self._legend_kinds = (True, True)
        half = style.pen(style.INK, 1.0, 90)
        half.setStyle(Qt.PenStyle.DashLine)
        self.share_plot.addItem(pg.InfiniteLine(pos=0.5, angle=90, movable=False, pen=half), ignoreBounds=True)
        self.ratio = self.ratio_plot.plot(pen=style.pen(style.RATIO, 1.4), symbol="o", symbolSize=6,
                                          symbolPen=style.pen(style.RATIO, 1.0), symbolBrush=style.color(style.RATIO))
        self.cursor = [pg.InfiniteLine(angle=0, movable=False, pen=style.pen(style.MUTED, 1.0, 160))
                       for _ in range(2)]
        self.share_plot.addItem(self.cursor[0], ignoreBounds=True)
        self.ratio_plot.addItem(self.cursor[1], ignoreBounds=True)
        self._unhover()

        self.add_hint(self.share_plot, "")
        self.add_hint(self.ratio_plot, "")
        self.plain_note = HintText(self.share_plot.getViewBox(), "", boxed=True)
        self.plain_note.hide()
        self.track_hover(self.share_plot, self.ratio_plot)
        self.ratio_plot.enableAutoRange(x=False)
        self.ratio_plot.setXRange(-2.0, 0.0, padding=style.EDGE_PAD)
        self.show_ratio.toggled.connect(lambda _on: self._update_ratio_visibility())
        self._reset()
        self._update_hints()
        self.retranslate()

    def _retranslate(self) -> None:
        self.show_ratio.setToolTip(self.tr("How large each residual branch's output is next to its input: "
                                           "small values mean the block stays close to the identity"))
        style.style_axis(self.block_axis, self.tr("block  (input → output)"))
        style.style_axis(self.share_plot.getAxis("bottom"), self.tr("share of the block's input gradient"))
        style.title(self.share_plot, self.tr("shortcut vs residual branch"))
        self.share_plot.setToolTip(self.tr(
            "‖∂L/∂x‖ arriving through the shortcut vs through the branch F(x), as a share of their sum"))
        style.title(self.ratio_plot, self.tr("branch size"))
        self.ratio_plot.setToolTip(self.tr("‖F(x)‖ / ‖x‖ per residual block (‖h(x)‖ for projection shortcuts)"))
        self._set_legend(*self._legend_kinds)
        self._hints[self.share_plot.getViewBox()].set_text(self.tr(
            "Shortcut and branch gradient shares appear after the first probe. Press <b>Train</b>."))
        self._hints[self.ratio_plot.getViewBox()].set_text("‖F(x)‖ / ‖x‖", self.tr("branch size"))
        self.plain_note.set_text(self.tr(
            "<b>Plain network: no shortcuts.</b><br>Every gradient must pass through every layer."))

    # --- drawing --------------------------------------------------------------------------

    def _reset(self) -> None:
        self._drawn = -1
        empty = np.zeros(0)
        for bars in (self.shortcut_bars, self.branch_bars, self.plain_bars):
            bars.setOpts(x0=empty, y=empty, width=empty)
        self.ratio.setData([], [])
        self.plain_note.hide()
        h = self.history
        names = h.block_names if h is not None else []
        residual = h is None or any(h.residual) or not names
        self._set_legend(residual=residual, plain=h is not None and not all(h.residual[: len(names)]))
        self._update_ratio_visibility()
        self.block_axis.set_names([style.short_block_name(n) for n in names])
        if names:
            self.share_plot.setYRange(-0.5, len(names) - 0.5, padding=0.02)

    def _redraw(self, history: History) -> None:
        m = history.vectors.get("shortcut_grad")
        n = m.n if m is not None else 0
        if n == self._drawn:
            return
        self._drawn = n
        blocks = np.arange(len(history.block_names), dtype=np.float64)
        residual = np.array(history.residual + [False] * (len(blocks) - len(history.residual)), dtype=bool)
        share = history.shortcut_share()
        if share is None:
            share = np.full(len(blocks), np.nan)
        measured = residual & np.isfinite(share)
        s = np.clip(share[measured], 0.0, 1.0)
        self.shortcut_bars.setOpts(x0=np.zeros(len(s)), y=blocks[measured], width=s)
        self.branch_bars.setOpts(x0=s, y=blocks[measured], width=1.0 - s)
        plain = blocks[~residual]
        self.plain_bars.setOpts(x0=np.zeros(len(plain)), y=plain, width=np.ones(len(plain)))
        self.plain_note.setVisible(len(blocks) > 0 and not residual.any())
        ratio = history.vectors.get("residual_ratio")
        last = ratio.last() if ratio is not None else None
        if last is None:
            self.ratio.setData([], [])
        else:
            ok = np.isfinite(last) & (last > 0)
            self.ratio.setData(last[ok].astype(np.float64), blocks[ok])
            levels = style.decade_levels(style.safe_log10(last))
            if levels is not None:
                self.ratio_plot.setXRange(*levels, padding=style.EDGE_PAD)

    def _set_legend(self, residual: bool, plain: bool) -> None:
        self._legend_kinds = (residual, plain)
        def key(hex_rgb: str, mark: str, text: str) -> str:
            return f"<span style='color:{hex_rgb}'>{mark}</span>&nbsp;{text}"

        keys = []
        if residual:
            keys += [key(style.SHORTCUT, "■", self.tr("through shortcut")),
                     key(style.BRANCH, "■", self.tr("through branch F(x)"))]
        if plain:
            keys.append(key(style.PLAIN, "▨", self.tr("no shortcut (plain block)")))
        self.legend.setText(" &nbsp;&nbsp; ".join(keys))

    def _update_ratio_visibility(self) -> None:
        """A plain net has no residual branch to measure, so its ratio plot would stay empty."""
        h = self.history
        has_branches = h is None or not h.block_names or any(h.residual)
        self.show_ratio.setEnabled(has_branches)
        show = self.show_ratio.isChecked() and has_branches
        # A hidden item keeps its layout cell, so take it out for the bars to use the width.
        in_layout = self.ratio_plot in self.view.ci.items
        if show and not in_layout:
            self.view.ci.addItem(self.ratio_plot, row=1, col=1)
        elif not show and in_layout:
            self.view.ci.removeItem(self.ratio_plot)
        self.ratio_plot.setVisible(show)
        self.view.ci.layout.setColumnStretchFactor(1, 3 if show else 0)

    def _has_data(self, view: pg.ViewBox) -> bool:
        h = self.history
        if h is None or not h.block_names:
            return False
        if view is self.ratio_plot.getViewBox():
            r = h.vectors.get("residual_ratio")
            last = r.last() if r is not None else None
            return last is not None and bool(np.isfinite(last).any())
        # A plain net has its own note; a residual one needs a probe before it has bars.
        return not any(h.residual) or h.shortcut_share() is not None

    # --- read-out -------------------------------------------------------------------------

    def _latest(self, kind: str) -> np.ndarray | None:
        h = self.history
        m: Matrix | None = h.vectors.get(kind) if h is not None else None
        return m.last() if m is not None else None

    def _hover(self, plot: pg.PlotItem, x: float, y: float) -> str:
        h = self.history
        if h is None or not h.block_names:
            return ""
        b = int(round(y))
        if not 0 <= b < len(h.block_names):
            self._unhover()
            return ""
        for line in self.cursor:
            line.setValue(b)
            line.show()
        head = f"<b style='color:{style.INK}'>{h.block_names[b]}</b>"
        if b >= len(h.residual) or not h.residual[b]:
            return f"{head} &nbsp;│&nbsp; " + self.tr("no shortcut: all of its gradient passes through its layers")
        s, br = self._latest("shortcut_grad"), self._latest("branch_grad")
        share = h.shortcut_share()
        ratio = self._latest("residual_ratio")
        if s is None or br is None or share is None:
            return f"{head} &nbsp;│&nbsp; " + self.tr("residual block, not probed yet")
        text = f"{head} &nbsp;│&nbsp; " + self.tr("{shortcut} {s_pct}% ({s_norm}) · {branch} {b_pct}% ({b_norm}) of ‖∂L/∂x‖").format(
            shortcut=swatch(style.SHORTCUT, self.tr("shortcut")), s_pct=f"{share[b] * 100:.0f}",
            s_norm=style.fmt(float(s[b])), branch=swatch(style.BRANCH, self.tr("branch")),
            b_pct=f"{(1 - share[b]) * 100:.0f}", b_norm=style.fmt(float(br[b])))
        if ratio is not None:
            text += f" &nbsp;│&nbsp; ‖F(x)‖/‖x‖ {style.fmt(float(ratio[b]))}"
        return text

    def _unhover(self) -> None:
        for line in self.cursor:
            line.hide()

    def _summary(self) -> str:
        h = self.history
        if h is None or not h.block_names:
            return self.tr("Hover a bar to read a block's split")
        if not any(h.residual):
            return self.tr("<b>plain network</b>: no block has a shortcut, so the gradient reaching the first "
                           "layers has passed through every layer above them")
        share = h.shortcut_share()
        m = h.vectors.get("shortcut_grad")
        if share is None or m is None:
            return self.tr("Hover a bar to read a block's split")
        ok = np.asarray(h.residual[: len(share)], dtype=bool) & np.isfinite(share)
        mean = float(np.mean(share[ok])) if ok.any() else float("nan")
        return (f"<b style='color:{style.INK}'>" + self.tr("latest step {step}").format(step=f"{int(m.steps[-1]):,}")
                + "</b> &nbsp;│&nbsp; " + self.tr(
                    "{shortcut} carries {pct}% of the input gradient on average over {n} residual blocks").format(
                    shortcut=swatch(style.SHORTCUT, self.tr("shortcut")), pct=f"{mean * 100:.0f}", n=int(ok.sum())))

    # --- export ---------------------------------------------------------------------------

    def csv_columns(self) -> dict[str, export.Column]:
        """One row per block, at the latest probed step."""
        h = self.history
        names = h.block_names if h is not None else []
        nb = len(names)
        m = h.vectors.get("shortcut_grad") if h is not None else None
        step = float(m.steps[-1]) if m is not None and m.n else np.nan
        nan = np.full(nb, np.nan)

        def latest(kind: str) -> np.ndarray:
            v = self._latest(kind)
            return v.astype(np.float64) if v is not None else nan

        share = h.shortcut_share() if h is not None else None
        share = share.astype(np.float64) if share is not None else nan
        residual = ([bool(r) for r in h.residual] if h is not None else []) + [False] * nb
        return {
            "block": list(names),
            "residual": residual[:nb],
            "step": np.full(nb, step),
            "shortcut_grad": latest("shortcut_grad"),
            "branch_grad": latest("branch_grad"),
            "shortcut_share": share,
            "branch_share": 1.0 - share,
            "residual_ratio": latest("residual_ratio"),
        }
