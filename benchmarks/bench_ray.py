"""What does Ray cost on one machine? A 2 × 2 sweep (depth 20 and 56, plain and residual) at the
quick setting, trained by the local queue and then as Ray trials on a local Ray, each timed as the
whole `resviz sweep` command a user runs (Ray's start, its workers' imports and the driver's
recording included).

    python benchmarks/bench_ray.py [--steps N] [--cpus-per-trial C]

The local queue trains the four runs one after another with every core; Ray trains as many at
once as the cores allow (one CPU per trial by default), each with its share of the cores. On a
machine shared with other jobs, compare the two columns of one run of this script, not numbers
from different runs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time

from resviz.cli.main import run_cli
from resviz.cli.table import render
from resviz.runs import open_store


def sweep(store: str, steps: int | None, ray: list[str]) -> tuple[float, list[float]]:
    """Wall time of the sweep and the final training losses of its runs, in run order."""
    argv = ["--store", store, "sweep", "--base", "resnet20", "--n", "3", "9", "--kind", "plain", "residual",
            "--quick", *(["--steps", str(steps)] if steps else []), *ray]
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = run_cli(argv)
    wall = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"resviz {' '.join(argv)} exited {code}")
    s = open_store(store)
    try:
        losses = [r.final_train_loss for r in sorted(s.list_runs(), key=lambda r: r.id)]
    finally:
        s.close()
    return wall, losses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, help="steps per run (default: the quick setting's 600)")
    parser.add_argument("--cpus-per-trial", default="1", help="CPUs Ray gives each trial (default 1)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as local_dir, tempfile.TemporaryDirectory() as ray_dir:
        local, local_losses = sweep(local_dir, args.steps, [])
        on_ray, ray_losses = sweep(ray_dir, args.steps, ["--ray", "--cpus-per-trial", args.cpus_per_trial])
    print(render(["2 × 2 sweep (plain/ResNet-20/56, quick)", "local queue", "local Ray", "Ray / local"],
                 [[f"{args.steps or 600} steps per run", f"{local:.1f} s", f"{on_ray:.1f} s",
                   f"{on_ray / local:.2f}×"]], right=(1, 2, 3)))
    print("final training losses, local:", " ".join(f"{v:.4f}" for v in local_losses))
    print("final training losses, Ray:  ", " ".join(f"{v:.4f}" for v in ray_losses))


if __name__ == "__main__":
    main()
