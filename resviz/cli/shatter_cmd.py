"""`resviz shatter RUN`: how alike a run's input gradients are along a line of inputs
(Balduzzi et al. 2017), at its initialisation and trained."""

from __future__ import annotations

import argparse

from resviz.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("shatter", help=_("the autocorrelation of input gradients along a line between two images"))
    p.add_argument("run", type=int, metavar=_("RUN"), help=_("the run's id (see 'resviz runs list')"))
    p.add_argument("--points", type=int, default=128, metavar="N", help=_("points on the line (default 128)"))
    p.add_argument("--seed", type=int, default=0,
                   help=_("seed of the fresh initialisation, for runs that did not keep their initial weights"))
    p.add_argument("--out", metavar=_("DIR"), help=_("folder for the figure and numbers (shatter-RUN.png, .svg, .csv)"))


def run(args: argparse.Namespace) -> int:
    from resviz.analysis.shatter_figure import initial_label
    from resviz.analysis.shatter_run import shatter_for_run
    from resviz.cli.analysis_io import make_out_dir
    from resviz.cli.table import render
    from resviz.errors import ResvizError

    if args.points < 10 or args.points > 4096:
        raise ResvizError(_("--points must be 10 to 4096"), _("for example --points 128"))
    out = make_out_dir(args.out) if args.out else None
    result = shatter_for_run(args.run, store_dir=args.store, points=args.points, seed=args.seed)
    lags = [k for k in (1, 2, 4, 8, 16, 32) if k < args.points]
    rows = [[label, *(f"{corr[k - 1]:.3f}" for k in lags)]
            for label, corr in ((_("trained"), result.trained), (initial_label(result), result.initial))]
    print(_("run {id}: mean cosine similarity of input gradients k points apart, on {points} points between "
            "two validation images (1: smooth, 0: white noise)").format(id=args.run, points=args.points))
    print(render([_("weights"), *(f"k={k}" for k in lags)], rows, right=tuple(range(1, len(lags) + 1))))
    if not result.initial_is_run:
        print(_("This run did not keep its initial weights (trained before resviz kept them): a fresh "
                "initialisation stands in. Train it again to compare with its own."))
    if out is not None:
        from resviz.analysis.landscape_figure import save_figure
        from resviz.analysis.shatter_figure import render_shatter

        fig = render_shatter(result, _("Shattered gradients of run {id}").format(id=args.run))
        for path in save_figure(fig, out / f"shatter-{args.run}", result.csv()):
            print(path)
    return 0
