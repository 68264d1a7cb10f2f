"""How a block's input gradient g = ∂L/∂x splits between its shortcut and its residual branch F,
at the latest probe: the additive shares, the cosine between the two parts, and optionally
‖F(x)‖ / ‖x‖ per block.

The shares are ⟨g_s, g⟩/‖g‖² and ⟨g_b, g⟩/‖g‖²: they add up to 1 because g = g_s + g_b. g_s and
g_b are nearly orthogonal, so a ratio of their norms would not be a share. A share may exceed
100% or go below 0 when the two parts partly cancel; the axis stretches to show it.

Blocks run top to bottom in forward order, as in the diagram and the gradient heatmap.
A block without a shortcut (a plain block) is drawn hatched grey. A run recorded before resviz
measured the shares has only the norms, which do not give them: its bars are left out, with a note.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from resviz.presentation.run_data import RunData
from resviz.presentation.scales import decade_levels
from resviz.ui import theme
from resviz.ui.plots import export, style
from resviz.ui.plots.base import PlotPanel, swatch
from resviz.ui.plots.items import DecadeAxis, HintText, NamedAxis

BAR_HEIGHT = 0.36  # two bars per block row, shortcut above branch
OFFSET = 0.19


def share_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Percent ticks over [lo, hi], every 25% (50% or 100% when the range is wide)."""
    span = hi - lo
    every = 0.25 if span <= 1.6 else 0.5 if span <= 3.2 else 1.0
    first = math.ceil(lo / every - 1e-9)
    return [(k * every, f"{k * every * 100:.0f}%") for k in range(first, math.floor(hi / every + 1e-9) + 1)]


def _signed(value: float) -> str:
    """Two decimals with a true minus sign, and no "−0.00"."""
    if not math.isfinite(value):
        return "–"
    text = f"{value:.2f}"
    return "0.00" if text in ("-0.00", "0.00") else text.replace("-", "−")


class ShortcutPanel(PlotPanel):
    """Per block: additive shares of the input gradient (shortcut, branch), cos(g_s, g_b), ‖F(x)‖/‖x‖."""

    export_name = "shortcuts"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._drawn = -1  # probe rows drawn

        self.show_ratio = QCheckBox("‖F(x)‖ / ‖x‖")
        self.show_ratio.setChecked(True)
        self.controls.addWidget(self.show_ratio)
        self.controls.addStretch(1)
        self.controls.addWidget(self.export_button)
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.meaning.setMinimumWidth(50)
        self.meaning.setStyleSheet(f"color:{style.MUTED}; padding:2px 8px 0px 8px;")
        self.layout().insertWidget(1, self.meaning)

        self.block_axis = NamedAxis("left")
        self.share_plot = pg.PlotItem(axisItems={"left": self.block_axis})
        self.cos_plot = pg.PlotItem()
        self.ratio_plot = pg.PlotItem(axisItems={"bottom": DecadeAxis("bottom")})
        # A rich-text key rather than a LegendItem: compact enough for a narrow dock, and
        # part of the scene, so exports carry it.
        self.legend = pg.LabelItem(justify="left", color=style.INK, size=f"{theme.KEY_PX}px")
        self.view.ci.addItem(self.legend, row=0, col=0, colspan=3)
        self.view.ci.addItem(self.share_plot, row=1, col=0)
        self.view.ci.addItem(self.cos_plot, row=1, col=1)
        self.view.ci.addItem(self.ratio_plot, row=1, col=2)
        grid = self.view.ci.layout
        grid.setColumnStretchFactor(0, 6)
        grid.setColumnStretchFactor(1, 2)
        grid.setColumnStretchFactor(2, 3)
        for plot in (self.share_plot, self.cos_plot, self.ratio_plot):
            style.style_plot(plot, grid=False)
            plot.invertY(True)
            style.show_grid(plot, y=False)
            plot.setMouseEnabled(x=False, y=True)
        self.share_plot.enableAutoRange(x=False)
        self._set_share_range(0.0, 1.0)
        self.cos_plot.setYLink(self.share_plot)
        self.cos_plot.hideAxis("left")
        self.cos_plot.enableAutoRange(x=False)
        self.cos_plot.setXRange(-1.0, 1.0, padding=style.EDGE_PAD)
        self.cos_plot.getAxis("bottom").setTicks([[(-1.0, "−1"), (0.0, "0"), (1.0, "1")]])
        style.style_axis(self.cos_plot.getAxis("bottom"), "cos(g_s, g_b)")
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
        self.plain_bars = pg.BarGraphItem(x0=empty, y=empty, width=empty, height=2 * BAR_HEIGHT,
                                          brush=hatch, pen=style.pen(style.PLAIN, 1.0))
        for bars in (self.shortcut_bars, self.branch_bars, self.plain_bars):
            self.share_plot.addItem(bars)
        self._legend_kinds = (True, True)
        full = style.pen(style.INK, 1.0, 90)
        full.setStyle(Qt.PenStyle.DashLine)
        self.share_plot.addItem(pg.InfiniteLine(pos=1.0, angle=90, movable=False, pen=full), ignoreBounds=True)
        self.share_plot.addItem(pg.InfiniteLine(pos=0.0, angle=90, movable=False, pen=style.pen(style.INK, 1.0, 140)),
                                ignoreBounds=True)
        self.cos_plot.addItem(pg.InfiniteLine(pos=0.0, angle=90, movable=False, pen=style.pen(style.INK, 1.0, 140)),
                              ignoreBounds=True)
        self.cosine = self.cos_plot.plot(pen=None, symbol="o", symbolSize=6, symbolPen=style.pen(style.INK, 0.8),
                                         symbolBrush=style.color(style.MUTED))
        self.ratio = self.ratio_plot.plot(pen=style.pen(style.RATIO, 1.4), symbol="o", symbolSize=6,
                                          symbolPen=style.pen(style.RATIO, 1.0), symbolBrush=style.color(style.RATIO))
        self.cursor = [pg.InfiniteLine(angle=0, movable=False, pen=style.pen(style.MUTED, 1.0, 160))
                       for _ in range(3)]
        for plot, line in zip((self.share_plot, self.cos_plot, self.ratio_plot), self.cursor, strict=True):
            plot.addItem(line, ignoreBounds=True)
        self._unhover()

        self.add_hint(self.share_plot, "")
        self.add_hint(self.cos_plot, "cos(g_s, g_b)")
        self.add_hint(self.ratio_plot, "")
        self.plain_note = HintText(self.share_plot.getViewBox(), "", boxed=True)
        self.plain_note.hide()
        self.old_note = HintText(self.share_plot.getViewBox(), "", boxed=True)
        self.old_note.hide()
        self.track_hover(self.share_plot, self.cos_plot, self.ratio_plot)
        self.ratio_plot.enableAutoRange(x=False)
        self.ratio_plot.setXRange(-2.0, 0.0, padding=style.EDGE_PAD)
        self.show_ratio.toggled.connect(lambda _on: self._update_ratio_visibility())
        self._reset()
        self._update_hints()
        self.retranslate()

    def _retranslate(self) -> None:
        self.show_ratio.setToolTip(self.tr("How large each residual branch's output is next to its input: "
                                           "small values mean the block stays close to the identity"))
        self.meaning.setText(self.tr(
            "Each bar is the part of a block's input gradient g = ∂L/∂x that arrives through one path, "
            "⟨g_path, g⟩ / ‖g‖². The two parts add up to 100%; a part above 100% or below 0 means "
            "the paths partly cancel. A cosine near 0 means the two parts point in unrelated directions. "
            "In a full pre-activation unit that changes the shape, x is the input after the BN → ReLU both "
            "paths share."))
        style.style_axis(self.block_axis, self.tr("block  (input → output)"))
        style.style_axis(self.share_plot.getAxis("bottom"), self.tr("part of the block's input gradient"))
        style.title(self.share_plot, self.tr("shortcut vs residual branch"))
        self.share_plot.setToolTip(self.tr("⟨g_s, g⟩ / ‖g‖² and ⟨g_b, g⟩ / ‖g‖², where g = ∂L/∂x = g_s + g_b: "
                                           "the parts of the input gradient that come through the shortcut "
                                           "and through the branch F(x). They add up to 100%."))
        style.title(self.cos_plot, self.tr("alignment"))
        self.cos_plot.setToolTip(self.tr("Cosine between the gradient through the shortcut and through the "
                                         "branch: 1 same direction, 0 unrelated, −1 opposed"))
        style.title(self.ratio_plot, self.tr("branch size"))
        self.ratio_plot.setToolTip(self.tr("‖F(x)‖ / ‖x‖ per residual block (‖h(x)‖ for projection shortcuts)"))
        self._set_legend(*self._legend_kinds)
        self._hints[self.share_plot.getViewBox()].set_text(self.tr(
            "Shortcut and branch gradient shares appear after the first probe. Press <b>Train</b>."))
        self._hints[self.ratio_plot.getViewBox()].set_text("‖F(x)‖ / ‖x‖", self.tr("branch size"))
        self.plain_note.set_text(self.tr(
            "<b>Plain network: no shortcuts.</b><br>Every gradient must pass through every layer."))
        self.old_note.set_text(self.tr(
            "<b>Recorded by an older resviz.</b><br>It kept only ‖g_s‖ and ‖g_b‖, which do not give "
            "the shares.<br>Train the network again to see them."))

    # --- drawing --------------------------------------------------------------------------

    def _reset(self) -> None:
        self._drawn = -1
        empty = np.zeros(0)
        for bars in (self.shortcut_bars, self.branch_bars, self.plain_bars):
            bars.setOpts(x0=empty, y=empty, width=empty)
        self.ratio.setData([], [])
        self.cosine.setData([], [])
        self.plain_note.hide()
        self.old_note.hide()
        self._set_share_range(0.0, 1.0)
        h = self.history
        names = h.block_names if h is not None else []
        residual = h is None or any(h.residual) or not names
        self._set_legend(residual=residual, plain=h is not None and not all(h.residual[: len(names)]))
        self._update_ratio_visibility()
        self.block_axis.set_names([style.short_block_name(n) for n in names])
        if names:
            self.share_plot.setYRange(-0.5, len(names) - 0.5, padding=0.02)

    def _set_share_range(self, lo: float, hi: float) -> None:
        lo, hi = min(lo, 0.0), max(hi, 1.0)
        self.share_plot.setXRange(lo, hi, padding=1.5 * style.EDGE_PAD)  # "100%" is wide
        self.share_plot.getAxis("bottom").setTicks([share_ticks(lo, hi)])

    def _redraw(self, history: RunData) -> None:
        m = history.vectors.get("shortcut_grad")
        n = m.n if m is not None else 0
        if n == self._drawn:
            return
        self._drawn = n
        nb = len(history.block_names)
        blocks = np.arange(nb, dtype=np.float64)
        residual = np.array(history.residual + [False] * (nb - len(history.residual)), dtype=bool)[:nb]
        share_s, share_b = self._latest("shortcut_share", nb), self._latest("branch_share", nb)
        measured = residual & np.isfinite(share_s) & np.isfinite(share_b)
        s, b, y = share_s[measured], share_b[measured], blocks[measured]
        # x0 at the bar's left end, so a negative share is drawn left of 0.
        self.shortcut_bars.setOpts(x0=np.minimum(s, 0.0), y=y - OFFSET, width=np.abs(s))
        self.branch_bars.setOpts(x0=np.minimum(b, 0.0), y=y + OFFSET, width=np.abs(b))
        if measured.any():
            self._set_share_range(float(min(s.min(), b.min())), float(max(s.max(), b.max())))
        plain = blocks[~residual]
        self.plain_bars.setOpts(x0=np.zeros(len(plain)), y=plain, width=np.ones(len(plain)))
        self.plain_note.setVisible(nb > 0 and not residual.any())
        self.old_note.setVisible(bool(residual.any()) and history.has_old_split_only())
        cos = self._latest("path_cosine", nb)
        ok = residual & np.isfinite(cos)
        self.cosine.setData(cos[ok].astype(np.float64), blocks[ok])
        ratio = history.vectors.get("residual_ratio")
        last = ratio.last() if ratio is not None else None
        if last is None:
            self.ratio.setData([], [])
        else:
            ok = np.isfinite(last) & (last > 0)
            self.ratio.setData(last[ok].astype(np.float64), blocks[: len(last)][ok])
            levels = decade_levels(style.safe_log10(last))
            if levels is not None:
                self.ratio_plot.setXRange(*levels, padding=style.EDGE_PAD)

    def _set_legend(self, residual: bool, plain: bool) -> None:
        def key(hex_rgb: str, mark: str, text: str) -> str:
            return f"<span style='color:{hex_rgb}'>{mark}</span>&nbsp;{text}"

        keys = []
        if residual:
            keys += [key(style.SHORTCUT, "■", self.tr("through the shortcut")),
                     key(style.BRANCH, "■", self.tr("through the branch F(x)"))]
        if plain:
            keys.append(key(style.PLAIN, "▨", self.tr("no shortcut (plain block)")))
        self._legend_kinds = (residual, plain)
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
            self.view.ci.addItem(self.ratio_plot, row=1, col=2)
        elif not show and in_layout:
            self.view.ci.removeItem(self.ratio_plot)
        self.ratio_plot.setVisible(show)
        self.view.ci.layout.setColumnStretchFactor(2, 3 if show else 0)

    def _has_data(self, view: pg.ViewBox) -> bool:
        h = self.history
        if h is None or not h.block_names:
            return False
        if view is self.ratio_plot.getViewBox():
            r = h.latest("residual_ratio")
            return r is not None and bool(np.isfinite(r).any())
        if view is self.cos_plot.getViewBox():
            c = h.latest("path_cosine")
            return c is not None and bool(np.isfinite(c).any())
        # A plain net and an old run have their own notes; a residual one needs a probe first.
        return not any(h.residual) or h.shortcut_share() is not None or h.has_old_split_only()

    # --- read-out -------------------------------------------------------------------------

    def _latest(self, kind: str, n: int | None = None) -> np.ndarray:
        """Latest row of a vector kind as float64, NaN where it was not recorded."""
        h = self.history
        n = len(h.block_names) if n is None and h is not None else (n or 0)
        row = h.latest(kind) if h is not None else None
        out = np.full(n, np.nan)
        if row is not None:
            k = min(n, len(row))
            out[:k] = row[:k]
        return out

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
        if h.latest("shortcut_grad") is None:
            return f"{head} &nbsp;│&nbsp; " + self.tr("residual block, not probed yet")
        s, br = self._latest("shortcut_grad")[b], self._latest("branch_grad")[b]
        share_s, share_b = self._latest("shortcut_share")[b], self._latest("branch_share")[b]
        cos, ratio = self._latest("path_cosine")[b], self._latest("residual_ratio")[b]
        norms = f"‖g_s‖ {style.fmt(float(s))} · ‖g_b‖ {style.fmt(float(br))}"
        if math.isfinite(share_s) and math.isfinite(share_b):
            split = self.tr("{shortcut} {s}% · {branch} {b}% of ∂L/∂x").format(
                shortcut=swatch(style.SHORTCUT, self.tr("shortcut")), s=f"{share_s * 100:.0f}",
                branch=swatch(style.BRANCH, self.tr("branch")), b=f"{share_b * 100:.0f}")
            text = f"{head} &nbsp;│&nbsp; {split} &nbsp;│&nbsp; cos {_signed(float(cos))} &nbsp;│&nbsp; {norms}"
        else:
            text = f"{head} &nbsp;│&nbsp; {norms} &nbsp;│&nbsp; " + self.tr("shares not recorded")
        if math.isfinite(ratio):
            text += f" &nbsp;│&nbsp; ‖F(x)‖/‖x‖ {style.fmt(float(ratio))}"
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
        m = h.vectors.get("shortcut_grad")
        if h.has_old_split_only():
            return self.tr("This run was recorded before resviz measured the shares: only ‖g_s‖ and ‖g_b‖ "
                           "were kept, and their ratio is not a share, so no bars are drawn.")
        share = h.shortcut_share()
        if share is None or m is None or not m.n:
            return self.tr("Hover a bar to read a block's split")
        nb = len(h.block_names)
        share_s, share_b, cos = self._latest("shortcut_share", nb), self._latest("branch_share", nb), \
            self._latest("path_cosine", nb)
        ok = np.asarray(h.residual[:nb], dtype=bool) & np.isfinite(share_s) & np.isfinite(share_b)
        if not ok.any():
            return self.tr("Hover a bar to read a block's split")
        head = f"<b style='color:{style.INK}'>" + self.tr("latest step {step}").format(step=f"{int(m.steps[-1]):,}") + "</b>"
        body = self.tr("averaged over {n} residual blocks, the {shortcut} contributes {s}% of the input gradient "
                       "and the {branch} {b}%; median cosine between them {cos}").format(
            n=int(ok.sum()), shortcut=swatch(style.SHORTCUT, self.tr("shortcut")), s=f"{np.mean(share_s[ok]) * 100:.0f}",
            branch=swatch(style.BRANCH, self.tr("branch")), b=f"{np.mean(share_b[ok]) * 100:.0f}",
            cos=_signed(float(np.nanmedian(cos[ok]))) if np.isfinite(cos[ok]).any() else "–")
        return f"{head} &nbsp;│&nbsp; {body}"

    # --- export ---------------------------------------------------------------------------

    def csv_columns(self) -> dict[str, export.Column]:
        """One row per block, at the latest probed step (shares NaN for a run recorded without them)."""
        h = self.history
        names = h.block_names if h is not None else []
        nb = len(names)
        m = h.vectors.get("shortcut_grad") if h is not None else None
        step = float(m.steps[-1]) if m is not None and m.n else np.nan
        residual = ([bool(r) for r in h.residual] if h is not None else []) + [False] * nb
        return {
            "block": list(names),
            "residual": residual[:nb],
            "step": np.full(nb, step),
            "shortcut_grad": self._latest("shortcut_grad", nb),
            "branch_grad": self._latest("branch_grad", nb),
            "shortcut_share": self._latest("shortcut_share", nb),
            "branch_share": self._latest("branch_share", nb),
            "path_cosine": self._latest("path_cosine", nb),
            "residual_ratio": self._latest("residual_ratio", nb),
        }
