"""`resviz sweep`: a base network, what varies and the seeds, queued in the store and trained.

    resviz sweep --base resnet20 --n 3 5 9 --kind plain residual --shortcut A B --seeds 0 1 --quick

By default the runs are queued and then trained here, one after another, with a progress bar;
Ctrl-C stops the current run and cancels the sweep's runs that have not started. With
``--queue-only`` they are only queued, for the app's Queue panel to train. With ``--ray
[ADDRESS]`` each run is a Ray trial, recorded here as it trains (cli/sweep_ray.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import sys
import time

from resviz.cli.arch_cmd import resolve_spec
from resviz.cli.sweep_ray import add_ray_options, ray_options
from resviz.cli.table import render
from resviz.cli.train_cmd import add_training_options, config_from_args, quick_help, stop_on_ctrl_c
from resviz.i18n import _, ngettext
from resviz.runs.types import status_label
from resviz.train.config import QUICK_WIDTH, TrainConfig


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("sweep", help=_("queue (and train) a grid of networks: depths, plain/residual, shortcuts, seeds"),
                       description=_("Queue every combination of what varies, then train them one after another "
                                     "(or, with --queue-only, leave them for the app's queue)."))
    p.add_argument("--base", required=True, metavar=_("NETWORK"),
                   help=_("the base network: a preset name or a spec .json file"))
    p.add_argument("--n", type=int, nargs="+", default=[], metavar="N",
                   help=_("blocks per stage (depth 6n+2 for CIFAR nets), e.g. 3 5 9"))
    p.add_argument("--kind", nargs="+", default=[], choices=("plain", "residual"), help=_("plain and/or residual"))
    p.add_argument("--shortcut", nargs="+", default=[], metavar=_("OPTION"),
                   help=_("shortcut options for the residual nets: {options}").format(
                       options="A B C identity scaling exclusive_gating shortcut_gating conv1x1 dropout"))
    p.add_argument("--activation", nargs="+", default=[], metavar=_("PLACEMENT"),
                   help=_("activation placements: {placements}").format(
                       placements="original bn_after_add relu_before_add relu_preact full_preact"))
    p.add_argument("--width", type=float, nargs="+", default=[], metavar=_("FACTOR"),
                   help=_("width factors, e.g. 0.5 1"))
    p.add_argument("--seeds", type=int, nargs="+", default=None, metavar=_("SEED"),
                   help=_("one run per seed for each combination (default: --seed)"))
    p.add_argument("--quick", action="store_true",
                   help=quick_help() + _(" (--width, when given, replaces the half width)"))
    p.add_argument("--tag", metavar=_("TAG"), help=_("tag every run (default: 'sweep <base>')"))
    what = p.add_mutually_exclusive_group()
    what.add_argument("--queue-only", action="store_true", help=_("only queue the runs; the app's queue trains them"))
    what.add_argument("--dry-run", action="store_true", help=_("list the runs and queue nothing"))
    add_training_options(p)
    add_ray_options(p)


def sweep_config(args: argparse.Namespace) -> TrainConfig:
    return config_from_args(args, quick=args.quick)


def run(args: argparse.Namespace) -> int:
    from resviz.train.sweep import SweepSpec, expand_all

    cfg = sweep_config(args)
    options = ray_options(args)
    widths = args.width or ([QUICK_WIDTH] if args.quick else [])
    sweep = SweepSpec(base=resolve_spec(args.base), n_values=args.n, kinds=args.kind, shortcuts=args.shortcut,
                      activations=args.activation, widths=widths,
                      seeds=args.seeds if args.seeds is not None else [cfg.seed])
    expansion = expand_all(sweep)
    for reason in expansion.skipped:
        print(_("skipped {reason}").format(reason=reason), file=sys.stderr)
    if not expansion.runs:
        print(_("error: {message}").format(message=_("no combination of this sweep gives a valid network")),
              file=sys.stderr)
        return 2
    items = [(name, spec, dataclasses.replace(cfg, seed=seed)) for name, spec, seed in expansion.runs]
    if args.dry_run:
        for item in items:
            print(item[0])
        print(ngettext("{count} run would be queued", "{count} runs would be queued", len(items)).format(
            count=len(items)))
        return 0
    from resviz.train.queue import enqueue_many

    hold = None
    if options is not None:
        from resviz.train.ray_sweep import hold_summary

        hold = hold_summary()  # the local queue leaves them to this sweep
    ids = enqueue_many(args.store, items, tags=[args.tag or f"sweep {sweep.base.name}"], summary=hold)
    print(ngettext("queued {count} run (id {first})", "queued {count} runs (ids {first}–{last})", len(ids)).format(
        count=len(ids), first=ids[0], last=ids[-1]))
    if args.queue_only:
        print(_("the app's Queue panel trains them (Run queue)"))
        return 0
    if options is not None:
        from resviz.cli.sweep_ray import train_on_ray

        return train_on_ray(ids, args.store, options)
    return _train_all(ids, args.store)


def _train_all(ids: list[int], store_dir: str | None) -> int:
    from resviz.cli.progress import ProgressBar
    from resviz.presentation.demo_verdict import final_loss
    from resviz.runs import open_store
    from resviz.train.events import TrainControl
    from resviz.train.session import load_data, train_queued

    control = TrainControl()
    data_cache: dict[tuple, object] = {}
    rows: list[list[object]] = []
    statuses: list[str] = []
    with stop_on_ctrl_c(control):
        for i, run_id in enumerate(ids):
            if control.stop_requested:
                _cancel_rest(ids[i:], store_dir)
                break
            with open_store(store_dir) as store:
                config = TrainConfig.from_dict(store.get_run(run_id).config)
            # Runs that differ only in the network share one copy of the data.
            key = (config.dataset, config.data_dir, config.seed, config.image_size, config.train_size,
                   config.val_fraction)
            if key not in data_cache:
                data_cache[key] = load_data(config)
            t0 = time.perf_counter()
            print(f"[{i + 1}/{len(ids)}]", file=sys.stderr)
            outcome = train_queued(run_id, store_dir=store_dir, callbacks=[ProgressBar()], control=control,
                                   data=data_cache[key])  # type: ignore[arg-type]
            with open_store(store_dir) as store:
                info, loss = store.get_run(run_id), final_loss(store, run_id)
            end = outcome.end
            statuses.append(end.status)
            rows.append([info.name, run_id, status_label(end.status), f"{loss:.4f}" if math.isfinite(loss) else "",
                         "" if end.best_val_acc is None else f"{end.best_val_acc:.1%}",
                         f"{time.perf_counter() - t0:.0f} s"])
    print()
    print(render([_("run"), _("id"), _("status"), _("final train loss"), _("best val acc"), _("time")], rows,
                 right=(1, 3, 4, 5)))
    return 0 if all(s in ("finished", "stopped") for s in statuses) else 2


def _cancel_rest(ids: list[int], store_dir: str | None) -> None:
    from resviz.runs import open_store
    from resviz.train.queue import cancel

    with open_store(store_dir) as store:
        for run_id in ids:
            cancel(store, run_id)
    print(ngettext("cancelled the {count} run of this sweep that had not started",
                   "cancelled the {count} runs of this sweep that had not started", len(ids)).format(count=len(ids)),
          file=sys.stderr)
