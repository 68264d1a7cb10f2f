"""How smooth is the run explorer? Each row is timed against a reference measured in the same run.

    python benchmarks/bench_explorer.py

A temporary store holds 500 runs; 10 of them have 10,000 steps of 4 scalar metrics (plus
per-epoch validation) and a 56-layer gradient vector and a 27-block vector at every step.

- open + fill: ExplorerWidget on the store (open, one list_runs, table model filled and
  sorted) vs. the bare `open_store(...).list_runs()` it is built on;
- sort: by best validation accuracy, vs. Python's sorted() on the same rows;
- filter: typing a search word, and choosing "residual only", vs. the same filter as an SQL
  query (`list_runs(name_contains=..., residual=True)`);
- overlay: selecting the 10 long runs (cold: series read from the store; warm: from the
  cache) and drawing them, vs. reading the same series with `metric_series`;
- refresh: the 2-second refresh with 10 runs compared, vs. a bare list_runs;
- gradients: opening the Gradients tab on the 10 runs (vectors read, 10 diagrams drawn).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from resviz.arch.presets import get_preset  # noqa: E402
from resviz.arch.spec import to_dict  # noqa: E402
from resviz.runs import RunStore, open_store  # noqa: E402

RUNS = 500
LONG_RUNS = 10
STEPS = 10_000
SPE = 390  # steps per epoch, CIFAR-10 at batch 128
LAYERS, BLOCKS = 56, 27
CURVE_KEYS = ("train/loss", "train/acc", "val/loss", "val/acc")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    """The fastest of `repeats` timings: the least disturbed by the rest of the machine."""
    return min(timed(fn) for _ in range(repeats))


def fill_store(store: RunStore) -> list[int]:
    """500 runs; returns the ids of the 10 long ones."""
    rng = np.random.default_rng(0)
    specs = {p: to_dict(get_preset(p)) for p in ("plain56", "resnet56")}
    layer_names = [f"layer{i}" for i in range(LAYERS)]
    block_names = [f"layer{1 + i // 9}.{i % 9}" for i in range(BLOCKS)]
    long_ids = []
    with store.transaction():
        for number in range(RUNS):
            residual = number % 2 == 0
            preset = "resnet56" if residual else "plain56"
            run_id = store.create_run(
                f"{preset} #{number}", spec=specs[preset], dataset="cifar10", device="cuda:0",
                config={"lr": 0.1, "batch_size": 128}, tags=["bench"] if number % 3 else [],
                summary={"arch": preset, "depth": 56, "residual": residual, "params": 853_018,
                         "block": "basic" if residual else "plain",
                         "shortcut": "A" if residual else "none",
                         "final_train_loss": float(rng.random()), "best_val_acc": float(rng.random()),
                         "wall_time": 3600.0, "steps_per_epoch": SPE})
            store.import_run_fields(run_id, status="finished", status_message="",
                                    created_at=1e9 + number, started_at=1e9 + number,
                                    ended_at=1e9 + number + 3600)
            if number >= LONG_RUNS:
                continue
            long_ids.append(run_id)
            steps = np.arange(1, STEPS + 1)
            loss = 2.3 * np.exp(-steps / 3000) + 0.2 + 0.05 * rng.standard_normal(STEPS)
            rows = []
            for key, values in (("train/loss", loss), ("train/acc", 1 - loss / 3),
                                ("epoch", steps / SPE), ("lr", np.full(STEPS, 0.1))):
                rows += [(key, int(s), float(v), 1e9 + s * 0.05) for s, v in zip(steps, values, strict=True)]
            epochs = steps[SPE - 1::SPE]
            rows += [(k, int(s), float(loss[s - 1] + 0.1), 1e9 + s * 0.05)
                     for k in ("val/loss", "val/acc") for s in epochs]
            store.insert_metric_rows(run_id, rows)
            store.set_layer_names(run_id, layer_names, "grad_norm")
            store.set_layer_names(run_id, block_names, "block_grad")
            grads = rng.random((STEPS, LAYERS)).astype("<f4")
            blocks = rng.random((STEPS, BLOCKS)).astype("<f4")
            store.insert_vector_rows(run_id, [("grad_norm", int(s), grads[s - 1].tobytes()) for s in steps])
            store.insert_vector_rows(run_id, [("block_grad", int(s), blocks[s - 1].tobytes()) for s in steps])
    return long_ids


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    from PySide6.QtCore import Qt

    from resviz.presentation.columns import COLUMN_INDEX
    from resviz.ui.explorer import ExplorerWidget

    rows: list[tuple[str, float, str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        store_dir = Path(tmp) / "store"
        with open_store(store_dir) as store:
            long_ids = fill_store(store)

        def bare_list() -> int:
            with open_store(store_dir) as s:
                return len(s.list_runs())

        widgets: list[ExplorerWidget] = []

        def open_widget() -> None:
            w = ExplorerWidget(store_dir)
            w.resize(1280, 800)
            widgets.append(w)

        rows.append((f"open store + fill table ({RUNS} runs)", best_of(3, open_widget),
                     "open_store + list_runs", best_of(3, bare_list)))
        w = widgets[-1]
        w.show()
        app.processEvents()
        assert w.model.rowCount() == RUNS

        col = COLUMN_INDEX["best_val_acc"]

        def sort_table() -> None:
            w.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
            w.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)

        runs = w.model.runs()
        rows.append(("sort by best val acc, both ways", best_of(5, sort_table),
                     "sorted() of the RunInfos x 2",
                     best_of(5, lambda: [sorted(runs, key=lambda r: r.best_val_acc or 0.0,
                                                reverse=rev) for rev in (True, False)])))

        def search() -> None:
            w.filters.search.setText("resnet56 #1")
            w.filters.search.setText("")

        def sql_search() -> None:
            w.store.list_runs(name_contains="resnet56 #1")  # type: ignore[union-attr]
            w.store.list_runs()  # type: ignore[union-attr]

        rows.append(("filter: type a search, clear it", best_of(5, search),
                     "the same as SQL queries", best_of(5, sql_search)))

        def residual_only() -> None:
            w.filters.kind.setCurrentIndex(2)
            w.filters.kind.setCurrentIndex(0)

        def sql_residual() -> None:
            w.store.list_runs(residual=True)  # type: ignore[union-attr]
            w.store.list_runs()  # type: ignore[union-attr]

        rows.append(("filter: residual only, then all", best_of(5, residual_only),
                     "the same as SQL queries", best_of(5, sql_residual)))

        def read_series() -> None:
            with open_store(store_dir) as s:
                for run_id in long_ids:
                    for key in CURVE_KEYS:
                        s.metric_series(run_id, key)

        def select(ids: list[int]) -> None:
            w.select_runs(ids)
            w.curves.view.grab()  # draw: downsampling and painting count too

        reference = best_of(3, read_series)
        rows.append((f"overlay {LONG_RUNS} runs x {STEPS:,} steps, cold", timed(lambda: select(long_ids)),
                     f"metric_series x {LONG_RUNS * len(CURVE_KEYS)}", reference))
        assert len(w.curves.train_items) == LONG_RUNS
        rows.append((f"overlay {LONG_RUNS} runs, cached (reselect)",
                     best_of(3, lambda: (select(long_ids[:1]), select(long_ids))),
                     f"metric_series x {LONG_RUNS * len(CURVE_KEYS)}", reference))
        rows.append((f"refresh with {LONG_RUNS} runs compared", best_of(5, w.refresh),
                     "open_store + list_runs", best_of(5, bare_list)))

        def toggle_log() -> None:
            w.curves.log_y.setChecked(not w.curves.log_y.isChecked())
            w.curves.view.grab()

        rows.append(("toggle log-y and redraw", best_of(3, toggle_log),
                     f"metric_series x {LONG_RUNS * len(CURVE_KEYS)}", reference))

        def gradients() -> None:
            w.tabs.setCurrentWidget(w.gradients)
            app.processEvents()
            w.gradients.grab()

        def read_vectors() -> None:
            with open_store(store_dir) as s:
                for run_id in long_ids:
                    s.vector_series(run_id, "grad_norm")
                    s.vector_series(run_id, "block_grad")

        rows.append((f"open Gradients tab ({LONG_RUNS} runs, cold)", timed(gradients),
                     f"vector_series x {2 * LONG_RUNS}", best_of(3, read_vectors)))

        def slide() -> None:
            w.gradients.set_step(w.gradients.slider.value() // 2 or 1)
            w.gradients.set_step(w.gradients.slider.maximum())

        rows.append(("move the step slider twice", best_of(3, slide),
                     f"vector_series x {2 * LONG_RUNS}", best_of(3, read_vectors)))
        for widget in widgets:
            widget.close()

    print(f"resviz explorer benchmark (Python {sys.version.split()[0]}, {RUNS} runs, "
          f"{LONG_RUNS} with {STEPS:,} steps)\n")
    header = f"{'operation':<44} {'explorer':>10}   {'reference':<26} {'ref time':>9}   {'ratio':>7}"
    print(header)
    print("-" * len(header))
    for name, ours, ref_name, ref in rows:
        print(f"{name:<44} {ours * 1e3:>8.1f}ms   {ref_name:<26} {ref * 1e3:>7.1f}ms   "
              f"{ours / ref:>6.1f}x")
    print("\nratio = explorer time / reference time (the reference is the store work alone)")


if __name__ == "__main__":
    main()
