"""The GUI thread while training, and the time from launch to a visible window.

    python benchmarks/bench_gui.py [--seconds 20]

Stall: a 5 ms QTimer heartbeat in the GUI thread while the app trains ResNet-20 at its
default settings; the longest gap between beats is the longest stall (target ≤ 50 ms). On a
shared CPU a gap also counts the time the OS gave the thread to others, so the GUI thread's own
CPU time between beats is printed too, and how long each of the GUI's handlers took at most
(wall and the GUI thread's CPU time): what blocks when a stall is the GUI's own work.
The load-proof figure is the longest single handler's own CPU time: what the GUI itself costs.
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
from resviz.openmp import configure_openmp  # noqa: E402

configure_openmp()  # as `resviz` does, before torch loads

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


def stalls(seconds: float, gc_interval: float | None = None) -> tuple[float, float, int]:
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from resviz.ui.app import gui_garbage_collector, load_analysis, load_engine, share_the_gil
    from resviz.ui.main_window import MainWindow

    collector = gui_garbage_collector(*([gc_interval] if gc_interval else []))  # as the app collects
    share_the_gil()  # as the app does

    tmp = tempfile.mkdtemp()
    w = MainWindow(store_dir=tmp, settings=QSettings(os.path.join(tmp, "s.ini"), QSettings.Format.IniFormat),
                   autosave_dir=None)
    w.resize(1480, 900)
    w.show()
    w.set_engine_ready(load_engine())
    load_analysis()  # as the app does right after (in the background there)
    pressed = time.perf_counter()
    w.start_training()  # the window's defaults: ResNet-20, built-in data
    while w.live.history is None or w.live.history.last_step is None:
        app.processEvents()
        time.sleep(0.005)
    print(f"{'Train pressed to the first curve point (≤ 5 s)':44} {time.perf_counter() - pressed:8.1f} s")
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

    profile = _instrument(w)
    top = _TopLevelCalls()
    sys.setprofile(top)  # this thread only: the GUI's Python work, entered from Qt's event loop
    cpu_last = [time.thread_time()]
    cpu_gaps: list[float] = []

    def cpu_beat() -> None:
        now = time.thread_time()
        cpu_gaps.append(now - cpu_last[0])
        cpu_last[0] = now

    timer = QTimer()
    timer.timeout.connect(cpu_beat)
    timer.setInterval(5)
    timer.timeout.connect(beat)
    timer.start()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    sys.setprofile(None)
    steps = w.live.history.last_step.step
    # As the app ends: the window closes (stopping and joining the run) and is deleted while the
    # QApplication still exists; left to the interpreter's exit, the order is arbitrary (a segfault).
    w.close()
    w.deleteLater()
    app.processEvents()
    del collector
    gaps.sort()
    print(f"{'longest GUI-thread CPU time between beats':44} {max(cpu_gaps) * 1000:8.0f} ms")
    print("slowest GUI handlers (wall ms | GUI-thread CPU ms, worst call):")
    for name, (wall, cpu, calls) in sorted(profile.items(), key=lambda kv: -kv[1][0]):
        print(f"  {name:40} {wall * 1000:7.1f} | {cpu * 1000:7.1f}   ({calls} calls)")
    print("longest Python calls from Qt's event loop, by GUI-thread CPU time (wall ms | CPU ms):")
    for wall, cpu, name in sorted(top.worst, key=lambda t: -t[1])[:8]:
        print(f"  {name:60} {wall * 1000:7.1f} | {cpu * 1000:7.1f}")
    own = max((cpu for _, cpu, _ in top.worst), default=0.0)
    print(f"{'longest GUI handler, its own CPU time':44} {own * 1000:8.0f} ms")
    return float(gaps[-1]), float(gaps[int(0.99 * (len(gaps) - 1))]), steps


class _TopLevelCalls:
    """A sys.setprofile hook keeping the slowest calls that Qt made into Python (depth 1)."""

    def __init__(self) -> None:
        self.depth = 0
        self.start = (0.0, 0.0)
        self.worst: list[tuple[float, float, str]] = []

    def __call__(self, frame, event: str, arg: object) -> None:  # noqa: ANN001 - a frame
        if event == "call":
            if self.depth == 0:
                self.start = (time.perf_counter(), time.thread_time())
            self.depth += 1
        elif event == "return":
            self.depth = max(0, self.depth - 1)
            if self.depth == 0:
                wall, cpu = time.perf_counter() - self.start[0], time.thread_time() - self.start[1]
                if cpu > 0.005:
                    code = frame.f_code
                    name = f"{code.co_filename.rsplit('/', 2)[-1]}:{code.co_firstlineno} {code.co_name}"
                    self.worst.append((wall, cpu, name))
                    if len(self.worst) > 200:
                        self.worst = sorted(self.worst, key=lambda t: -t[1])[:50]


def _instrument(w: object) -> dict[str, list[float]]:
    """Wrap the handlers the training feeds, recording each one's worst wall and CPU time."""
    stats: dict[str, list[float]] = {}

    def timed(name: str, fn):  # noqa: ANN001, ANN202 - any callable
        stats[name] = [0.0, 0.0, 0]

        def run(*args: object) -> object:
            t, c = time.perf_counter(), time.thread_time()
            try:
                return fn(*args)
            finally:
                entry = stats[name]
                entry[0] = max(entry[0], time.perf_counter() - t)
                entry[1] = max(entry[1], time.thread_time() - c)
                entry[2] += 1

        return run

    live = w.live  # type: ignore[attr-defined]
    live._refreshers[:] = [[timed(f"refresh {getattr(f, '__self__', f).__class__.__name__}", f), shown, drawn]
                           for f, shown, drawn in live._refreshers]
    live._diagram_updaters[:] = [timed("diagram recolour", f) for f in live._diagram_updaters]
    c = w.controller  # type: ignore[attr-defined]
    for signal, slot, name in ((c.updates, live.apply, "apply events"),
                               (c.gradcamReady, w.display.gradcam_ready, "Grad-CAM result"),  # type: ignore[attr-defined]
                               (live.stepLogged, w.runs._step_logged, "progress bar")):  # type: ignore[attr-defined]
        signal.disconnect(slot)
        signal.connect(timed(name, slot))
    tick = live._tick
    live.timer.timeout.disconnect(tick)
    live.timer.timeout.connect(timed("frame tick (all refreshes)", tick))
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--no-launch", action="store_true", help="measure only the stalls while training")
    ap.add_argument("--gc-interval", type=float, help="seconds between the GUI's garbage collections (default: the app's)")
    args = ap.parse_args()
    print(f"{'measure':44} {'value':>10}")
    if not args.no_launch:
        window, torch_only = launch_times()
        print(f"{'launch to visible window':44} {window * 1000:8.0f} ms")
        print(f"{'import torch alone (reference)':44} {torch_only * 1000:8.0f} ms")
        print(f"{'ratio window / import torch':44} {window / torch_only:10.2f}")
    worst, p99, steps = stalls(args.seconds, args.gc_interval)
    print(f"{'longest GUI stall while training (≤ 50 ms)':44} {worst:8.0f} ms")
    print(f"{'99th percentile beat interval (5 ms timer)':44} {p99:8.0f} ms")
    print(f"{'training steps during the measurement':44} {steps:10d}")


if __name__ == "__main__":
    main()
