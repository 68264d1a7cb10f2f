"""`resviz shatter RUN`: how alike a run's input gradients are along a line of inputs
(Balduzzi et al. 2017), trained and at a fresh initialisation."""

from __future__ import annotations

import argparse

from resviz.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("shatter", help=_("the autocorrelation of input gradients along a line between two images"))
    p.add_argument("run", type=int, metavar=_("RUN"), help=_("the run's id (see 'resviz runs list')"))
    p.add_argument("--points", type=int, default=128, metavar="N", help=_("points on the line (default 128)"))
    p.add_argument("--seed", type=int, default=0, help=_("seed of the fresh initialisation to compare with"))


def run(args: argparse.Namespace) -> int:
    import torch

    from resviz.analysis.run_model import load_trained, normalised
    from resviz.analysis.shattered import autocorrelation, line_gradients
    from resviz.arch.builder import build
    from resviz.cli.table import render
    from resviz.errors import ResvizError
    from resviz.train.session import load_data

    if args.points < 10:
        raise ResvizError(_("--points must be at least 10"), _("for example --points 128"))
    trained = load_trained(args.run, args.store)
    data = load_data(trained.config)
    if len(data.val_labels) < 2:
        raise ResvizError(_("run {run_id} has no validation images to test on").format(run_id=args.run),
                          _("train it with a validation fraction above 0"))
    x = normalised(data.val_images[:2], data)
    torch.manual_seed(args.seed)
    fresh = build(trained.model.spec)
    lags = [k for k in (1, 2, 4, 8, 16, 32) if k < args.points]
    rows = []
    for label, model in ((_("trained"), trained.model), (_("at initialisation"), fresh)):
        corr = autocorrelation(line_gradients(model, x[0], x[1], points=args.points), max_lag=max(lags))
        rows.append([label, *(f"{corr[k - 1]:.3f}" for k in lags)])
    print(_("run {id}: mean cosine similarity of input gradients k points apart, on {points} points between "
            "two validation images (1: smooth, 0: white noise)").format(id=args.run, points=args.points))
    print(render([_("weights"), *(f"k={k}" for k in lags)], rows, right=tuple(range(1, len(lags) + 1))))
    return 0
