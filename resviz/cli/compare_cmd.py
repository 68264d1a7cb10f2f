"""`resviz compare A B …`: the same data, seed and settings for each network, side by side.

`resviz compare --runs 3 4 …` reads runs already in the store instead (the same table, and with
--figure the same figure), so runs trained apart, on another machine or imported, compare too."""

from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

import numpy as np

from resviz.cli.arch_cmd import resolve_spec
from resviz.cli.table import render
from resviz.cli.train_cmd import add_training_options, config_from_args, quick_help, stop_on_ctrl_c
from resviz.errors import ResvizError
from resviz.i18n import _
from resviz.runs import RunStore
from resviz.runs.types import status_label
from resviz.train.events import Callback, FitEnd, ProbeLog, StepLog, TrainControl


class _Collect(Callback):
    """Keeps what the comparison table needs."""

    def __init__(self) -> None:
        self.first_layer: list[float] = []
        self.losses: list[float] = []

    def on_probe(self, log: ProbeLog) -> None:
        self.first_layer.append(float(log.layer_grad[0]))

    def on_step(self, log: StepLog) -> None:
        self.losses.append(log.train_loss)


def final_loss(losses: list[float], tail: float = 0.1) -> float:
    """Mean over the last tenth of the logged losses: one batch's loss is too noisy to compare."""
    if not losses:
        return math.nan
    k = max(1, int(len(losses) * tail))
    return float(np.mean(losses[-k:]))


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help=_("train several networks on the same data and seed and compare them, or compare stored runs"),
                       description=_("'resviz compare plain20 plain56 resnet20 resnet56 --quick' shows the "
                                     "degradation problem."))
    p.add_argument("archs", nargs="*", metavar=_("NETWORK"), help=_("preset names or spec files"))
    p.add_argument("--runs", type=int, nargs="+", metavar=_("RUN"),
                   help=_("compare these stored runs instead of training (see 'resviz runs list'); "
                          "with --figure, draw them"))
    p.add_argument("--quick", action="store_true", help=quick_help())
    p.add_argument("--tag", metavar=_("TAG"), help=_("tag every run (e.g. the name of a lesson)"))
    p.add_argument("--figure", metavar=_("FILE"), help=_("also save the overlaid loss curves (.png, .svg or .pdf): "
                   "plain nets dashed, residual nets solid, as in Fig. 6 of He et al. 2015"))
    add_training_options(p)


RIGHT = (1, 3, 4, 5, 6)


def _table(rows: list[list[object]]) -> str:
    return render([_("network"), _("run"), _("status"), _("final train loss"), _("val acc"), _("first-layer grad"),
                   _("time")], rows, right=RIGHT)


def run(args: argparse.Namespace) -> int:
    from resviz.presentation.figure import FORMATS

    usage = _("'resviz compare plain20 resnet20 --quick' trains; 'resviz compare --runs 3 4' reads the store")
    if args.runs and args.archs:
        raise ResvizError(_("name networks to train or stored runs (--runs), not both"), usage)
    if not args.runs and not args.archs:
        raise ResvizError(_("name the networks to train, or stored runs with --runs"), usage)
    if args.figure and Path(args.figure).suffix.lower().lstrip(".") not in FORMATS:
        # Said before training, not after it.
        raise ResvizError(_("cannot write a figure as {file}").format(file=args.figure),
                          _("end the file name in .png, .svg or .pdf"))
    return _stored(args) if args.runs else _train(args)


def _stored(args: argparse.Namespace) -> int:
    """The table and figure of runs already in the store, read as the training path measures them."""
    from resviz.cli.runs_cmd import known_runs
    from resviz.presentation.columns import duration
    from resviz.presentation.demo_verdict import final_loss, first_layer_grad
    from resviz.runs import open_store

    with open_store(args.store) as store:
        infos = known_runs(store, args.runs, _("nothing was compared; `resviz runs list` shows the runs there"))
        rows = []
        for info in infos:
            seconds = duration(info)
            rows.append([info.name, info.id, status_label(info.status), f"{final_loss(store, info.id):.4f}",
                         "" if info.best_val_acc is None else f"{info.best_val_acc:.1%}",
                         f"{first_layer_grad(store, info.id):.2e}", "" if seconds is None else f"{seconds:.0f} s"])
        if args.figure:
            _figure([info.id for info in infos], args.figure, store)
    print(_table(rows))
    return 0


def _figure(run_ids: list[int], path: str, store: RunStore | str | None) -> None:
    """The comparison figure the app exports, smoothed as the live plots are."""
    from resviz.presentation.figure import figure_from_store

    out = figure_from_store(run_ids, path, store=store, smoothing=0.6)
    print(_("figure: {path}").format(path=out))


def _train(args: argparse.Namespace) -> int:
    from resviz.arch.presets import scale_width
    from resviz.cli.progress import ProgressBar
    from resviz.train.config import QUICK_WIDTH
    from resviz.train.session import load_data, train

    specs = [resolve_spec(a) for a in args.archs]
    cfg = config_from_args(args, quick=args.quick)
    if args.quick:
        specs = [scale_width(s, QUICK_WIDTH) for s in specs]
    data = load_data(cfg)  # once: every network sees the same images in the same order
    rows = []
    statuses: list[str] = []
    control = TrainControl()
    tags = [args.tag] if args.tag else []
    with stop_on_ctrl_c(control):
        for spec, label in zip(specs, args.archs, strict=True):
            if control.stop_requested:
                break
            collect = _Collect()
            t0 = time.perf_counter()
            outcome = train(spec, cfg, store_dir=args.store, callbacks=[ProgressBar(), collect], control=control,
                            data=data, tags=tags)
            end: FitEnd = outcome.end
            grad = float(np.mean(collect.first_layer)) if collect.first_layer else math.nan
            statuses.append(end.status)
            rows.append([label, outcome.run_id, status_label(end.status), f"{final_loss(collect.losses):.4f}",
                         "" if end.best_val_acc is None else f"{end.best_val_acc:.1%}", f"{grad:.2e}",
                         f"{time.perf_counter() - t0:.0f} s"])
    if args.figure and rows:
        _figure([r[1] for r in rows], args.figure, args.store)
    print()
    print(_table(rows))
    return 0 if all(s in ("finished", "stopped") for s in statuses) else 2
