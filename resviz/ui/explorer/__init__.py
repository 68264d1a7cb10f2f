"""The run explorer: every run in the store in a table, and the selected ones compared.

`ExplorerWidget` is imported lazily; what it computes without Qt lives in resviz.presentation
(comparison, run_colors, figure, summary), which ``resviz compare`` uses headless.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# pyqtgraph must bind to PySide6 even if another Qt binding is installed.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

if TYPE_CHECKING:
    from resviz.ui.explorer.widget import ExplorerWidget

__all__ = ["ExplorerWidget"]


def __getattr__(name: str) -> Any:
    if name == "ExplorerWidget":
        from resviz.ui.explorer.widget import ExplorerWidget

        return ExplorerWidget
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
