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


def pytest_configure(config: pytest.Config) -> None:
    # Python's collector runs in whichever thread happens to allocate. A Qt object collected in a
    # training thread is deleted from the wrong thread: its timer stays registered and fires on
    # freed memory later (a segfault in QTimerInfoList::activateTimers, seen in full runs). As the
    # app does (pyqtgraph's GarbageCollector), collect only in the main thread, between tests.
    gc.disable()


@pytest.fixture(autouse=True)
def _settle_qt_between_tests(request: pytest.FixtureRequest):
    """Deliver pending Qt events and collect garbage at the end of each test, in the main thread,
    while its objects are still whole."""
    yield
    if "qtbot" not in request.fixturenames or "PySide6.QtCore" not in sys.modules:
        if gc.get_count()[0] > gc.get_threshold()[0]:
            gc.collect()
        return  # only Qt tests leave Qt objects behind
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    for _ in range(2):
        if app is not None:
            QCoreApplication.sendPostedEvents()
            app.processEvents()
        gc.collect()
