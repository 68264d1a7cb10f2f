"""Shared test setup: Qt runs headless, torch uses few threads (CI has 2 cores)."""

from __future__ import annotations

import os

# Spinning OpenMP threads make two processes on 2 cores 10-20x slower; sleep instead.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# The tests read English unless one chooses a language (the system's may be Chinese).
os.environ.setdefault("RESVIZ_LANG", "en")
os.environ.setdefault("RESVIZ_STORE", os.path.join(os.path.dirname(__file__), "..", ".pytest_cache", "store"))


import gc  # noqa: E402
import sys  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _settle_qt_between_tests(request: pytest.FixtureRequest):
    """Deliver pending Qt events and collect garbage at the end of each test, while its objects
    are still whole: a Python-owned QObject collected later, inside another test's event loop,
    can crash the interpreter."""
    yield
    if "qtbot" not in request.fixturenames or "PySide6.QtCore" not in sys.modules:
        return  # only Qt tests leave Qt objects behind
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    for _ in range(2):
        if app is not None:
            QCoreApplication.sendPostedEvents()
            app.processEvents()
        gc.collect()
