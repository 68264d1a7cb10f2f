"""Writing plots to PNG and SVG, and their numbers to CSV with named columns."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QGuiApplication, QPainter
from PySide6.QtSvg import QSvgGenerator

from resviz.ui.plots import style

Column = Sequence[float] | Sequence[str] | np.ndarray


def export_png(item: pg.GraphicsObject | pg.GraphicsLayout, path: str | Path, scale: float = 2.0) -> Path:
    """PNG of item (a PlotItem or a whole GraphicsLayout), at scale× its on-screen size."""
    path = Path(path)
    exporter = pg_exporters.ImageExporter(item)
    params = exporter.parameters()
    width = max(int(round(item.boundingRect().width() * scale)), 1)
    params["width"] = width  # height follows the aspect ratio
    params["background"] = QColor(style.BACKGROUND)
    exporter.export(str(path))
    return path


def export_svg(item: pg.GraphicsObject | pg.GraphicsLayout, path: str | Path, title: str = "") -> Path:
    """SVG of item: lines, text, bars and markers as vectors, images embedded."""
    path = Path(path)
    QtSvgExporter(item, title).export(str(path))
    return path


class QtSvgExporter(pg_exporters.Exporter):
    """SVG through Qt's own generator.

    pyqtgraph 0.14's SVGExporter fails on every plot under Qt 6.11: it cannot parse the
    closing 'Z' Qt now writes for closed paths (pyqtgraph#3495). Rendering the scene into a
    QSvgGenerator needs no such post-processing; export mode still makes markers vectors.
    """

    def __init__(self, item: pg.GraphicsObject | pg.GraphicsLayout, title: str = "") -> None:
        super().__init__(item)
        self.title = title

    def export(self, fileName: str | None = None, toBytes: bool = False, copy: bool = False) -> None:  # noqa: N803
        if fileName is None:
            raise ValueError("QtSvgExporter writes files only")
        if self.getScene() is None:
            raise ValueError("the item is not in a scene; show the panel before exporting")
        source = self.getSourceRect()
        width, height = int(math.ceil(source.width())), int(math.ceil(source.height()))
        target = QRectF(0, 0, source.width(), source.height())
        gen = QSvgGenerator()
        gen.setFileName(fileName)
        gen.setSize(QSize(width, height))
        gen.setViewBox(target)
        # pyqtgraph's axes replay cached QPictures, which rescale by the ratio of device dpis:
        # the generator must claim the screen's dpi or the axes shrink (as SVGExporter does).
        screen = QGuiApplication.primaryScreen()
        gen.setResolution(int(screen.logicalDotsPerInchX()) if screen is not None else 96)
        gen.setTitle(self.title or "resviz plot")
        gen.setDescription("Exported by resviz")
        painter = QPainter(gen)
        try:
            self.setExportMode(True, {"antialias": True, "background": QColor(style.BACKGROUND),
                                      "painter": painter, "resolutionScale": 1.0})
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(target, QColor(style.BACKGROUND))
            self.getScene().render(painter, target, source)
        finally:
            self.setExportMode(False)
            painter.end()
        # Qt writes the size in mm, which viewers convert at 72, 90 or 96 dpi; pixels are exact.
        out = Path(fileName)
        text = out.read_text(encoding="utf-8")
        text = re.sub(r'<svg width="[^"]*" height="[^"]*"', f'<svg width="{width}" height="{height}"', text, count=1)
        out.write_text(text, encoding="utf-8")


def _cell(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return "1" if value else "0"
    v = float(value)  # type: ignore[arg-type]
    if not math.isfinite(v):
        return "" if math.isnan(v) else str(v)  # empty = missing in spreadsheets and pandas
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.8g}"


def write_csv(path: str | Path, columns: dict[str, Column]) -> int:
    """Write equal-length named columns; returns the number of data rows."""
    path = Path(path)
    names = list(columns)
    lengths = {len(c) for c in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns differ in length: { {k: len(v) for k, v in columns.items()} }")
    rows = lengths.pop() if lengths else 0
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(names)
        cols = [columns[k] for k in names]
        for i in range(rows):
            writer.writerow([_cell(c[i]) for c in cols])
    return rows


def align(steps: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """ys placed on the rows of steps where xs matches (NaN elsewhere): val per epoch on steps."""
    out = np.full(len(steps), np.nan)
    if len(xs) and len(steps):
        idx = np.searchsorted(steps, xs)
        ok = (idx < len(steps)) & (steps[np.minimum(idx, len(steps) - 1)] == xs)
        out[idx[ok]] = ys[ok]
    return out
