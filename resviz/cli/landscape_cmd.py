"""`resviz landscape RUN`: the loss around a trained run's weights (Li et al. 2018), or with
--line the loss from its initial to its trained weights (Goodfellow et al. 2015)."""

from __future__ import annotations

import argparse
from pathlib import Path

from resviz.cli.analysis_io import end_evaluations, make_out_dir, show_evaluations
from resviz.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("landscape", help=_("the loss on a plane around a trained run's weights, or on the line "
                                           "from its initial weights (figure, CSV)"))
    p.add_argument("run", type=int, metavar=_("RUN"), help=_("the run's id (see 'resviz runs list')"))
    p.add_argument("--line", action="store_true",
                   help=_("the loss along the line from the initial weights (α=0) to the trained ones (α=1)"))
    p.add_argument("--interpolated-bn", action="store_true",
                   help=_("with --line: move batch norm's running statistics along the line with the weights "
                          "instead of measuring them again at each α (faster, but at α=0 they are those of step 0, "
                          "mean 0 and variance 1, and batch norm does not normalise)"))
    p.add_argument("--grid", type=int, metavar="N",
                   help=_("N×N points on the plane, or N points on the line (default 11, with --line 31)"))
    p.add_argument("--images", type=int, default=500, metavar="N",
                   help=_("the first N training images (default 500)"))
    p.add_argument("--span", type=float, default=1.0, help=_("how far along each direction (default 1)"))
    p.add_argument("--seed", type=int, default=0, help=_("seed of the two random directions"))
    p.add_argument("--out", required=True, metavar=_("DIR"),
                   help=_("folder for landscape-RUN.png, .svg and .csv (landscape-line-RUN.* with --line)"))


def run(args: argparse.Namespace) -> int:
    from resviz.errors import ResvizError

    grid = args.grid if args.grid is not None else (31 if args.line else 11)
    if grid < 2 or grid > 101 or args.images < 1 or not 0 < args.span <= 100:
        raise ResvizError(_("--grid must be 2 to 101, --images at least 1 and --span above 0"),
                          _("for example --grid 11 --images 500 --span 1"))
    if args.interpolated_bn and not args.line:
        raise ResvizError(_("--interpolated-bn applies only to the line"), _("add --line, or leave it out"))
    out = make_out_dir(args.out)
    return _line(args, grid, out) if args.line else _plane(args, grid, out)


def _plane(args: argparse.Namespace, grid: int, out: Path) -> int:
    from resviz.analysis.landscape_figure import render_contour, save_figure
    from resviz.analysis.landscape_run import landscape_for_run

    result = landscape_for_run(args.run, store_dir=args.store, grid=grid, images=args.images, span=args.span,
                               seed=args.seed, progress=show_evaluations)
    end_evaluations()
    mid = result.coords.index(0.0)  # the trained weights
    print(_("run {id}: loss {centre} at the trained weights, {low} to {high} on the grid ({images} images)").format(
        id=args.run, centre=f"{result.loss[mid][mid]:.4f}", low=f"{min(map(min, result.loss)):.4f}",
        high=f"{max(map(max, result.loss)):.4f}", images=result.images))
    fig = render_contour(result, _("Loss landscape of run {id}").format(id=args.run))
    for path in save_figure(fig, out / f"landscape-{args.run}", result.csv()):
        print(path)
    return 0


def _line(args: argparse.Namespace, points: int, out: Path) -> int:
    from resviz.analysis.landscape_figure import render_line, save_figure
    from resviz.analysis.landscape_run import line_for_run

    line = line_for_run(args.run, store_dir=args.store, images=args.images, points=points,
                        batch_norm="interpolated" if args.interpolated_bn else "recalibrated",
                        progress=show_evaluations)
    end_evaluations()
    ends = {a: lo for a, lo in zip(line.alphas, line.loss, strict=True) if a in (0.0, 1.0)}
    print(_("run {id}: loss {initial} at the initial weights, {trained} at the trained ones, highest {high} "
            "on the line ({images} images)").format(
        id=args.run, initial=f"{ends.get(0.0, float('nan')):.4f}", trained=f"{ends.get(1.0, float('nan')):.4f}",
        high=f"{max((v for v in line.loss if v == v), default=float('nan')):.4f}", images=line.images))
    fig = render_line(line, _("Loss from the initial to the trained weights, run {id}").format(id=args.run))
    for path in save_figure(fig, out / f"landscape-line-{args.run}", line.csv()):
        print(path)
    return 0
