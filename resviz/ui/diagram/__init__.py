"""The skip-connection diagram: blocks on the main path, shortcuts beside them, coloured by
per-block gradient magnitude (log scale) while training."""

from resviz.ui.diagram.colormap import decade_range, log_color
from resviz.ui.diagram.view import DiagramView
from resviz.ui.diagram.widget import DiagramWidget

__all__ = ["DiagramView", "DiagramWidget", "decade_range", "log_color"]
