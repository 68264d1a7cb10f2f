"""How fast is the run store? Each row is timed against a reference measured in the same run.

    python benchmarks/bench_store.py

- write: 10,000 steps of 5 scalar metrics plus a 56-layer gradient-norm vector per step,
  through the batched MetricWriter, vs. the same rows written with one commit per row;
- open + list: open a store holding 500 runs and list them, vs. reading 500 run.json files
  (the "one folder of JSON per run" alternative);
- read: one run's 10,000-step series from the store, vs. np.load of the same arrays.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from resviz.runs import RunStore, open_store

STEPS = 10_000
KEYS = ("train/loss", "train/acc", "lr", "images_per_s", "epoch")
LAYERS = 56
RUNS = 500


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    """The fastest of `repeats` timings: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _scalars(step: int) -> dict[str, float]:
    return {"train/loss": 2.3 / (1 + step / 500), "train/acc": min(0.99, step / STEPS),
            "lr": 0.1, "images_per_s": 5000.0 + step % 7, "epoch": float(step // 390)}


def write_batched(store: RunStore, grads: np.ndarray) -> tuple[int, float]:
    run_id = store.create_run("batched")
    start = time.perf_counter()
    with store.writer(run_id) as writer:  # default: a transaction at most once a second
        for step in range(STEPS):
            writer.log(step, _scalars(step))
            writer.log_vectors(step, "grad_norm", grads[step])
    return run_id, time.perf_counter() - start


def write_commit_per_row(store: RunStore, grads: np.ndarray) -> float:
    run_id = store.create_run("per-row")
    start = time.perf_counter()
    for step in range(STEPS):
        for key, value in _scalars(step).items():
            store.log_metrics(run_id, step, {key: value})  # one transaction each
        store.log_vectors(run_id, step, "grad_norm", grads[step])
    return time.perf_counter() - start


def fill_runs(store_dir: Path, json_dir: Path) -> None:
    spec = {"format": "resviz.network", "version": 1, "input": [3, 32, 32],
            "stem": {"width": 16}, "stages": [{"blocks": 9, "width": w, "stride": s,
                                               "block": "basic", "shortcut": "A"}
                                              for w, s in ((16, 1), (32, 2), (64, 2))]}
    config = {"lr": 0.1, "momentum": 0.9, "weight_decay": 1e-4, "batch_size": 128,
              "epochs": 164, "milestones": [82, 123], "seed": 0}
    with open_store(store_dir) as store, store.transaction():
        for number in range(RUNS):
            residual = number % 2 == 0
            run_id = store.create_run(
                f"{'resnet' if residual else 'plain'}-{20 + number % 5 * 18} #{number}",
                spec=spec, config=config, dataset="cifar10", device="cuda:0",
                tags=["bench", "paper"] if number % 3 else ["bench"],
                summary={"arch": "resnet" if residual else "plain", "depth": 20 + number % 5 * 18,
                         "residual": residual, "params": 270_000 + number,
                         "final_train_loss": 0.1, "best_val_acc": 0.9, "wall_time": 3600.0},
            )
            store.set_status(run_id, "finished")
            store.log_metrics(run_id, 0, {"train/loss": 2.3})
            info = store.get_run(run_id)
            (json_dir / f"{run_id}.json").write_text(json.dumps(
                {k: v for k, v in vars(info).items() if k != "checkpoint_path"}))


def open_and_list(store_dir: Path) -> int:
    with open_store(store_dir) as store:
        return len(store.list_runs())


def read_json_files(json_dir: Path) -> int:
    return len([json.loads(p.read_text()) for p in sorted(json_dir.glob("*.json"))])


def main() -> None:
    rows: list[tuple[str, float, str, float]] = []
    grads = np.random.default_rng(0).random((STEPS, LAYERS)).astype(np.float32)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        with open_store(root / "write") as store:
            run_id, batched = write_batched(store, grads)
            per_row = write_commit_per_row(store, grads)
            rows.append((f"write {STEPS:,} steps x ({len(KEYS)} metrics + {LAYERS}-layer vector)",
                         batched, "one commit per row", per_row))

            one_key = best_of(5, lambda: store.metric_series(run_id, "train/loss"))
            every_key = best_of(5, lambda: store.all_metrics(run_id))
            vectors = best_of(5, lambda: store.vector_series(run_id, "grad_norm"))
            steps, values = store.metric_series(run_id, "train/loss")
            np.save(root / "steps.npy", steps)
            np.save(root / "values.npy", values)
            np.save(root / "grads.npy", grads)
            npy_one = best_of(5, lambda: (np.load(root / "steps.npy"),
                                          np.load(root / "values.npy")))
            npy_grads = best_of(5, lambda: np.load(root / "grads.npy"))
            rows.append((f"read 1 metric series ({STEPS:,} steps)", one_key, "np.load", npy_one))
            rows.append((f"read all {len(KEYS)} metric series", every_key,
                         f"np.load x {len(KEYS)}", npy_one * len(KEYS)))
            rows.append((f"read grad-norm matrix ({STEPS:,} x {LAYERS})", vectors, "np.load",
                         npy_grads))

        (root / "json").mkdir()
        fill_runs(root / "list", root / "json")
        listed = best_of(5, lambda: open_and_list(root / "list"))
        from_json = best_of(5, lambda: read_json_files(root / "json"))
        rows.append((f"open a store of {RUNS} runs + list them", listed,
                     f"read {RUNS} run.json files", from_json))

    print(f"resviz run store benchmark (Python {sys.version.split()[0]}, "
          f"SQLite {sqlite3.sqlite_version})\n")
    header = (f"{'operation':<52} {'resviz':>10}   {'reference':<24} {'ref time':>10}   "
              f"{'resviz vs reference':<20}")
    print(header)
    print("-" * len(header))
    for name, ours, ref_name, ref in rows:
        ratio = f"{ref / ours:.1f}x faster" if ref >= ours else f"{ours / ref:.1f}x slower"
        print(f"{name:<52} {ours * 1e3:>8.1f}ms   {ref_name:<24} {ref * 1e3:>8.1f}ms   {ratio}")


if __name__ == "__main__":
    main()
