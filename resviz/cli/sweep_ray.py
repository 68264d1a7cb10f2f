"""`resviz sweep --ray [ADDRESS]`: the sweep's runs trained as Ray trials, recorded here.

Ctrl-C stops the trials after their step (they end stopped, with a checkpoint) and cancels those
not started; a second Ctrl-C cancels them at once (left interrupted).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from resviz.cli.table import render
from resviz.errors import ResvizError
from resviz.i18n import _, ngettext
from resviz.runs.types import status_label

if TYPE_CHECKING:  # the engine's Ray module imports torch: only when a sweep goes to Ray
    from resviz.train.ray_sweep import RayOptions, RaySweep, Trial

PROGRESS_S = 10.0
"""How often the CLI prints one line on the trials in progress."""


def add_ray_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--ray", nargs="?", const="", default=None, metavar=_("ADDRESS"),
                   help=_("train the runs as Ray trials: on the cluster at ADDRESS, else at $RAY_ADDRESS, "
                          "else on a local Ray with this machine's cores (needs: pip install \"resviz[ray]\")"))
    p.add_argument("--cpus-per-trial", type=float, default=1.0, metavar=_("CPUS"),
                   help=_("CPUs Ray gives each trial (default 1)"))
    p.add_argument("--gpus-per-trial", type=float, default=None, metavar=_("GPUS"),
                   help=_("GPUs Ray gives each trial; fractions such as 0.25 share a card "
                          "(default: 1 where the cluster has GPUs, else 0)"))


def ray_options(args: argparse.Namespace) -> RayOptions | None:
    """The --ray options, checked (None without --ray); refuses --ray without Ray installed."""
    if args.ray is None:
        if args.cpus_per_trial != 1.0 or args.gpus_per_trial is not None:
            raise ResvizError(_("--cpus-per-trial and --gpus-per-trial apply only to Ray trials"),
                              _("add --ray, or leave them out"))
        return None
    from resviz.train.ray_sweep import RayOptions, import_ray

    if args.queue_only:
        raise ResvizError(_("--queue-only and --ray cannot go together"),
                          _("--queue-only leaves the runs for the app's queue; --ray trains them on Ray now"))
    if not args.cpus_per_trial > 0:
        raise ResvizError(_("--cpus-per-trial must be more than 0, not {n:g}").format(n=args.cpus_per_trial),
                          _("e.g. 1, or 0.5 for two small trials per core"))
    if args.gpus_per_trial is not None and args.gpus_per_trial < 0:
        raise ResvizError(_("--gpus-per-trial cannot be negative, not {n:g}").format(n=args.gpus_per_trial),
                          _("0 trains on CPUs; 0.25 lets four trials share a GPU"))
    if not args.dry_run:
        import_ray()  # before anything is queued: without Ray, nothing is left in the store
    return RayOptions(address=args.ray or None, cpus_per_trial=args.cpus_per_trial,
                      gpus_per_trial=args.gpus_per_trial)


class _Progress:
    """One line per trial that starts or ends, and every PROGRESS_S one line on those training."""

    def __init__(self, sweep: RaySweep) -> None:
        self.sweep = sweep
        self.last = time.monotonic()

    def __call__(self, trial: Trial, moment: str) -> None:
        if moment == "start":
            print(_("[ray] #{id} {name}: started on {node}").format(id=trial.run_id, name=trial.name, node=trial.node),
                  file=sys.stderr)
        elif moment == "end":
            print(_("[ray] #{id} {name}: {status} {message}").format(
                id=trial.run_id, name=trial.name, status=status_label(trial.status)
                if trial.status != "cancelled" else _("cancelled before it started"),
                message=trial.message).rstrip(), file=sys.stderr)
        if time.monotonic() - self.last >= PROGRESS_S:
            self.last = time.monotonic()
            trials = self.sweep.trials.values()
            running = [t for t in trials if t.status == "running"]
            waiting = sum(t.status == "waiting" for t in trials)
            steps = " · ".join(f"#{t.run_id} {t.step}/{t.total_steps}" for t in running)
            print(_("[ray] {running} training, {waiting} waiting: {steps}").format(
                running=len(running), waiting=waiting, steps=steps), file=sys.stderr)


def train_on_ray(ids: list[int], store_dir: str | Path | None, options: RayOptions) -> int:
    """Train the queued runs ``ids`` as Ray trials; prints the table of results. 0 if all ended well."""
    from resviz.cli.train_cmd import stop_on_ctrl_c
    from resviz.runs import open_store
    from resviz.train.events import TrainControl
    from resviz.train.ray_sweep import RaySweep

    sweep = RaySweep(ids, store_dir, options)
    sweep.listener = _Progress(sweep)
    control = TrainControl()
    try:
        print(ngettext("[ray] starting {n} trial…", "[ray] starting {n} trials…", len(ids)).format(n=len(ids)),
              file=sys.stderr)
        sweep.start()
        for warning in sweep.warnings:
            print(_("warning: {message}").format(message=warning), file=sys.stderr)
        with stop_on_ctrl_c(control):
            sweep.run(lambda: control.stop_requested)
    finally:
        sweep.close()
    rows, ok = [], True
    store = open_store(store_dir)
    try:
        for trial in sweep.trials.values():
            ok = ok and trial.status in ("finished", "stopped", "cancelled")  # as a local sweep stopped by Ctrl-C
            if trial.status == "cancelled":
                continue
            info = store.get_run(trial.run_id)
            loss, acc, wall = info.final_train_loss, info.best_val_acc, info.wall_time
            rows.append([info.name, info.id, status_label(info.status), "" if loss is None else f"{loss:.4f}",
                         "" if acc is None else f"{acc:.1%}", "" if wall is None else f"{wall:.0f} s"])
    finally:
        store.close()
    print()
    print(render([_("run"), _("id"), _("status"), _("final train loss"), _("best val acc"), _("time")], rows,
                 right=(1, 3, 4, 5)))
    return 0 if ok else 2
