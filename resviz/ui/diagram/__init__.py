"""The skip-connection diagram: blocks on the main path, shortcuts beside them, coloured by
per-block gradient magnitude (log scale) while training."""

from resviz.presentation.scales import decade_range
from resviz.ui.diagram.colormap import log_color
from resviz.ui.diagram.view import DiagramView
from resviz.ui.diagram.widget import DiagramWidget

__all__ = ["DiagramView", "DiagramWidget", "decade_range", "log_color"]
