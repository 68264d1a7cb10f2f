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


def gui_garbage_collector() -> object:
    """Collect garbage only in the GUI thread (keep the returned collector): Python's collector
    otherwise runs in the training thread too, and a Qt object deleted there leaves a dangling
    timer (a segfault later)."""
    from pyqtgraph.util.garbage_collector import GarbageCollector

    return GarbageCollector(interval=1.0)


def create_window(store_dir: str | None = None):  # noqa: ANN201 - MainWindow, imported late
    from PySide6.QtCore import QCoreApplication

    from resviz.ui.main_window import MainWindow
    from resviz.ui.worker import BackgroundTask

    window = MainWindow(store_dir=store_dir)
    task = BackgroundTask(load_engine, window)
    task.result.connect(window.set_engine_ready)
    task.error.connect(lambda msg: window.statusBar().showMessage(
        QCoreApplication.translate("MainWindow", "PyTorch could not load: {error}").format(error=msg)))
    window.tasks.keep(task)
    task.start()
    return window


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
    window = create_window(os.environ.get("RESVIZ_STORE"))
    window.garbage_collector = collector  # kept as long as the window
    window.show()
    window.warn_missing_font()
    window.editor.check_autosave()
    return app.exec()
