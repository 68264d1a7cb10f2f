"""Start the app: the window first, PyTorch in the background, so the editor is usable at once."""

from __future__ import annotations

import gc
import os
import sys

os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")


def load_engine() -> list[str]:
    """Import the heavy parts (torch, the trainer) off the GUI thread; returns the devices."""
    import resviz.train.session  # noqa: F401 - imports torch and the trainer
    from resviz.train.device import available_devices

    devices = available_devices()
    # Everything imported so far lives as long as the app: out of the collector's sight, a full
    # collection in the GUI thread takes well under a millisecond instead of ~125 ms (240k objects).
    gc.freeze()
    return devices


def load_analysis() -> None:
    """Once the engine is ready (Train does not wait for this), off the GUI thread: what a first
    run imports on its way. torch's optimizers import torch._dynamo (sympy, triton: ~900 modules,
    0.9 s) when the first one is built, and the first Grad-CAM imports captum (with matplotlib:
    ~290 modules, 0.4 s). Imported here, a run started after it gets its first curve point 0.7 s
    after Train instead of 1.6 s (a run started sooner waits on the same import, not on a second
    one), and their ~250,000 objects are frozen: left in the collector's younger generations, one
    collection in the GUI thread took 100 ms while a run trained (bench_gui.py)."""
    import captum.attr  # noqa: F401
    import torch._dynamo  # noqa: F401

    gc.freeze()


GIL_SWITCH_INTERVAL_S = 0.001
"""How long a thread may hold Python's lock while another waits for it (Python's default: 5 ms)."""


def share_the_gil() -> None:
    """Hand Python's lock over every 1 ms instead of every 5: the training thread runs Python too
    (its probes, the optimizer), and a redraw that needs the lock again and again waited up to 5 ms
    each time. ``benchmarks/bench_gui.py``, 15 s runs alternating on the 2-core machine: the
    longest stall of the GUI thread was 40-119 ms at 5 ms (6 runs) and 35-50 ms at 1 ms (6 runs),
    with 430-480 training steps in the 15 s against 470 (README, *Measured*)."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


GC_INTERVAL_S = 0.25
"""Seconds between the GUI thread's garbage collections. With the collector off elsewhere, what
the training thread allocates piles up in between: once a second, a collection took 25-46 ms of
the GUI thread (bench_gui.py, 5 runs); every quarter second, 14-26 ms. Most of that was walking
modules a first run imported after the freeze; with them imported before it (load_engine), a
collection takes under 1 ms."""


def gui_garbage_collector(interval: float = GC_INTERVAL_S) -> object:
    """Collect garbage only in the GUI thread (keep the returned collector): Python's collector
    otherwise runs in the training thread too, and a Qt object deleted there leaves a dangling
    timer (a segfault later)."""
    from pyqtgraph.util.garbage_collector import GarbageCollector

    return GarbageCollector(interval=interval)


def create_window(store_dir: str | None = None):  # noqa: ANN201 - MainWindow, imported late
    from PySide6.QtCore import QCoreApplication

    from resviz.ui.main_window import MainWindow
    from resviz.ui.worker import BackgroundTask

    window = MainWindow(store_dir=store_dir)
    task = BackgroundTask(load_engine, window)
    task.result.connect(window.set_engine_ready)
    task.result.connect(lambda _devices: _start(BackgroundTask(load_analysis, window), window))
    task.error.connect(lambda msg: window.statusBar().showMessage(
        QCoreApplication.translate("MainWindow", "PyTorch could not load: {error}").format(error=msg)))
    _start(task, window)
    return window


def _start(task, window) -> None:  # noqa: ANN001 - a BackgroundTask and its MainWindow, imported late
    window.tasks.keep(task)  # before it starts: it may end at once
    task.start()


def run_app(argv: list[str] | None = None) -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setOrganizationName("resviz")
    app.setApplicationName("resviz")
    app.setApplicationDisplayName("resviz")
    from PySide6.QtCore import QSettings

    from resviz.ui.language import apply_language, startup_language

    # Before the first widget exists, so every text is born in the chosen language.
    apply_language(startup_language(QSettings()), app)
    collector = gui_garbage_collector()
    share_the_gil()
    window = create_window(os.environ.get("RESVIZ_STORE"))
    window.garbage_collector = collector  # kept as long as the window
    window.show()
    window.warn_missing_font()
    window.editor.check_autosave()
    return app.exec()
