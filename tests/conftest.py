"""Shared test setup: Qt runs headless, torch uses few threads (CI has 2 cores)."""

from __future__ import annotations

import os

# Spinning OpenMP threads make two processes on 2 cores 10-20x slower; sleep instead.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
os.environ.setdefault("RESVIZ_STORE", os.path.join(os.path.dirname(__file__), "..", ".pytest_cache", "store"))
