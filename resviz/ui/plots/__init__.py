"""Live plots of a run: training curves, per-layer gradients, shortcut vs branch share.

Panels share one API (``set_history``, ``refresh``, ``clear``, ``export_png/svg/csv``) and
own no timers: the main window's single ~30 Hz timer calls ``refresh()`` on visible panels.
"""

from __future__ import annotations

import os

# pyqtgraph must bind to PySide6 even if another Qt binding is installed; the variable is
# read when pyqtgraph is first imported, which the submodules below do.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

from resviz.ui.plots.curves import CurvesPanel  # noqa: E402
from resviz.ui.plots.gradients import GradientPanel  # noqa: E402
from resviz.ui.plots.shortcut import ShortcutPanel  # noqa: E402

__all__ = ["CurvesPanel", "GradientPanel", "ShortcutPanel"]
