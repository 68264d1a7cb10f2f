"""`resviz compare A B …`: the same data, seed and settings for each network, side by side.

`resviz compare --runs 3 4 …` reads runs already in the store instead (the same table, and with
--figure the same figure), so runs trained apart, on another machine or imported, compare too."""

from __future__ import annotations

import argparse
import math
import time

from resviz.cli.arch_cmd import resolve_spec
from resviz.cli.table import render
from resviz.cli.train_cmd import add_training_options, config_from_args, quick_help, stop_on_ctrl_c
from resviz.errors import ResvizError
from resviz.i18n import _
from resviz.runs import RunStore
from resviz.runs.types import status_label
from resviz.train.events import FitEnd, TrainControl


def _number(value: float, fmt: str) -> str:
    """A table cell: empty where nothing was measured (a queued run), not 'nan'."""
    return format(value, fmt) if math.isfinite(value) else ""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help=_("train several networks on the same data and seed and compare them, or compare stored runs"),
                       description=_("'resviz compare plain20 plain56 resnet20 resnet56 --quick' shows the "
                                     "degradation problem."))
    p.add_argument("archs", nargs="*", metavar=_("NETWORK"), help=_("preset names or spec files"))
    p.add_argument("--runs", type=int, nargs="+", metavar=_("RUN"),
                   help=_("compare these stored runs instead of training (see 'resviz runs list'); "
                          "with --figure, draw them; the training options are not used"))
    p.add_argument("--quick", action="store_true", help=quick_help())
    p.add_argument("--tag", metavar=_("TAG"), help=_("tag every run (e.g. the name of a lesson)"))
    p.add_argument("--figure", metavar=_("FILE"), help=_("also save the overlaid loss curves (.png, .svg or .pdf): "
                   "plain nets dashed, residual nets solid, as in Fig. 6 of He et al. 2015"))
    add_training_options(p)


RIGHT = (1, 3, 4, 5, 6)


def _table(rows: list[list[object]]) -> str:
    return render([_("network"), _("run"), _("status"), _("final train loss"), _("best val acc"), _("first-layer grad"),
                   _("time")], rows, right=RIGHT)


def run(args: argparse.Namespace) -> int:
    from resviz.presentation.figure import check_figure_path

    usage = _("'resviz compare plain20 resnet20 --quick' trains; 'resviz compare --runs 3 4' reads the store")
    if args.runs and args.archs:
        raise ResvizError(_("name networks to train or stored runs (--runs), not both"), usage)
    if not args.runs and not args.archs:
        raise ResvizError(_("name the networks to train, or stored runs with --runs"), usage)
    if args.figure:
        check_figure_path(args.figure)  # said before training, not after it
    return _stored(args) if args.runs else _train(args)


def _stored(args: argparse.Namespace) -> int:
    """The table and figure of runs already in the store, read as the training path measures them."""
    from resviz.cli.runs_cmd import known_runs
    from resviz.presentation.columns import duration
    from resviz.runs import open_store

    with open_store(args.store) as store:
        infos = known_runs(store, args.runs, _("nothing was compared; `resviz runs list` shows the runs there"))
        rows = [_row(store, info.id, info.name, info.status, info.best_val_acc, duration(info)) for info in infos]
        if args.figure:
            _figure([info.id for info in infos], args.figure, store)
    print(_table(rows))
    return 0


def _row(store: RunStore, run_id: int, name: str, status: str, best_val_acc: float | None,
         seconds: float | None) -> list[object]:
    """One row of the table, measured from the store as the demo's verdict measures it: the mean
    loss of the last tenth of the steps, and the first layer's gradient norm over the probes."""
    from resviz.presentation.demo_verdict import final_loss, first_layer_grad

    return [name, run_id, status_label(status), _number(final_loss(store, run_id), ".4f"),
            "" if best_val_acc is None else f"{best_val_acc:.1%}", _number(first_layer_grad(store, run_id), ".2e"),
            "" if seconds is None else f"{seconds:.0f} s"]


def _figure(run_ids: list[int], path: str, store: RunStore | str | None) -> None:
    """The comparison figure the app exports, smoothed as Compare runs starts."""
    from resviz.presentation.figure import SMOOTHING, figure_from_store

    out = figure_from_store(run_ids, path, store=store, smoothing=SMOOTHING)
    print(_("figure: {path}").format(path=out))


def _train(args: argparse.Namespace) -> int:
    from resviz.arch.presets import scale_width
    from resviz.cli.progress import ProgressBar
    from resviz.runs import open_store
    from resviz.train.config import QUICK_WIDTH
    from resviz.train.session import load_data, train

    specs = [resolve_spec(a) for a in args.archs]
    cfg = config_from_args(args, quick=args.quick)
    if args.quick:
        specs = [scale_width(s, QUICK_WIDTH) for s in specs]
    data = load_data(cfg)  # once: every network sees the same images in the same order
    results: list[tuple[int, str, str, float | None, float]] = []
    control = TrainControl()
    tags = [args.tag] if args.tag else []
    with stop_on_ctrl_c(control):
        for spec, label in zip(specs, args.archs, strict=True):
            if control.stop_requested:
                break
            t0 = time.perf_counter()
            outcome = train(spec, cfg, store_dir=args.store, callbacks=[ProgressBar()], control=control,
                            data=data, tags=tags)
            end: FitEnd = outcome.end
            results.append((outcome.run_id, label, end.status, end.best_val_acc, time.perf_counter() - t0))
    with open_store(args.store) as store:
        rows = [_row(store, *result) for result in results]
        if args.figure and rows:
            _figure([r[0] for r in results], args.figure, store)
    print()
    print(_table(rows))
    return 0 if all(r[2] in ("finished", "stopped") for r in results) else 2
