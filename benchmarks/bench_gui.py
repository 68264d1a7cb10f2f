"""The GUI thread while training, and the time from launch to a visible window.

    python benchmarks/bench_gui.py [--seconds 20]

Stall: a 5 ms QTimer heartbeat in the GUI thread while the app trains ResNet-20 at its
default settings; the longest gap between beats is the longest stall (target ≤ 50 ms).
Launch: a fresh process until the window is shown, against ``import torch`` alone in a fresh
process, measured in the same run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

LAUNCH = """
import time, os
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
from resviz.ui.app import create_window
w = create_window(os.environ["RESVIZ_STORE"])
w.show()
app.processEvents()
print(time.perf_counter() - t0)
w.controller.shutdown(); os._exit(0)
"""


def fresh(code: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def launch_times(repeats: int = 3) -> tuple[float, float]:
    env = {**os.environ, "RESVIZ_STORE": tempfile.mkdtemp()}
    torch_code = "import time; t=time.perf_counter(); import torch; print(time.perf_counter()-t)"
    window = min(fresh(LAUNCH, env) for _ in range(repeats))
    torch_only = min(fresh(torch_code, env) for _ in range(repeats))
    return window, torch_only


def stalls(seconds: float) -> tuple[float, float, int]:
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from resviz.train.device import available_devices
    from resviz.ui.main_window import MainWindow

    tmp = tempfile.mkdtemp()
    w = MainWindow(store_dir=tmp, settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat),
                   autosave_dir=None)
    w.resize(1480, 900)
    w.show()
    w.set_engine_ready(available_devices())
    w.start_training()  # the window's defaults: ResNet-20, built-in data
    while w.live.history is None or w.live.history.last_step is None:
        app.processEvents()
        time.sleep(0.005)
    clock = QElapsedTimer()
    clock.start()
    gaps: list[int] = []
    last = [clock.elapsed()]

    def beat() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        if os.environ.get("RESVIZ_BENCH_DEBUG") and now - last[0] > 30:
            print(f"  gap {now - last[0]} ms at {now / 1000:.2f} s")
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(beat)
    timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    steps = w.live.history.last_step.step
    w.controller.shutdown()
    gaps.sort()
    return float(gaps[-1]), float(gaps[int(0.99 * (len(gaps) - 1))]), steps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20.0)
    args = ap.parse_args()
    window, torch_only = launch_times()
    print(f"{'measure':44} {'value':>10}")
    print(f"{'launch to visible window':44} {window * 1000:8.0f} ms")
    print(f"{'import torch alone (reference)':44} {torch_only * 1000:8.0f} ms")
    print(f"{'ratio window / import torch':44} {window / torch_only:10.2f}")
    worst, p99, steps = stalls(args.seconds)
    print(f"{'longest GUI stall while training (≤ 50 ms)':44} {worst:8.0f} ms")
    print(f"{'99th percentile beat interval (5 ms timer)':44} {p99:8.0f} ms")
    print(f"{'training steps during the measurement':44} {steps:10d}")


if __name__ == "__main__":
    main()
