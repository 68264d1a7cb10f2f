"""`resviz landscape RUN`: the loss around a trained run's weights (Li et al. 2018)."""

from __future__ import annotations

import argparse

from resviz.cli.analysis_io import end_evaluations, make_out_dir, show_evaluations
from resviz.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("landscape", help=_("the loss on a plane around a trained run's weights (contour, CSV)"))
    p.add_argument("run", type=int, metavar=_("RUN"), help=_("the run's id (see 'resviz runs list')"))
    p.add_argument("--grid", type=int, default=11, metavar="N", help=_("N×N points (default 11)"))
    p.add_argument("--images", type=int, default=500, metavar="N",
                   help=_("the first N training images (default 500)"))
    p.add_argument("--span", type=float, default=1.0, help=_("how far along each direction (default 1)"))
    p.add_argument("--seed", type=int, default=0, help=_("seed of the two random directions"))
    p.add_argument("--out", required=True, metavar=_("DIR"), help=_("folder for landscape-RUN.png, .svg and .csv"))


def run(args: argparse.Namespace) -> int:
    from resviz.analysis.landscape_run import landscape_for_run, save_landscape
    from resviz.errors import ResvizError

    if args.grid < 2 or args.grid > 101 or args.images < 1 or not 0 < args.span <= 100:
        raise ResvizError(_("--grid must be 2 to 101, --images at least 1 and --span above 0"),
                          _("for example --grid 11 --images 500 --span 1"))
    out = make_out_dir(args.out)

    result = landscape_for_run(args.run, store_dir=args.store, grid=args.grid, images=args.images, span=args.span,
                               seed=args.seed, progress=show_evaluations)
    end_evaluations()
    mid = len(result.coords) // 2
    print(_("run {id}: loss {centre} at the trained weights, {low} to {high} on the grid ({images} images)").format(
        id=args.run, centre=f"{result.loss[mid][mid]:.4f}", low=f"{min(map(min, result.loss)):.4f}",
        high=f"{max(map(max, result.loss)):.4f}", images=result.images))
    title = _("Loss landscape of run {id}").format(id=args.run)
    for path in save_landscape(result, title, out / f"landscape-{args.run}"):
        print(path)
    return 0
