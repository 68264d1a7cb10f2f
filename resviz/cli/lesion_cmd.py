"""`resviz lesion RUN`: delete each block of a trained run at test time (Veit et al. 2016)."""

from __future__ import annotations

import argparse

from resviz.cli.analysis_io import end_evaluations, make_out_dir, show_evaluations
from resviz.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("lesion", help=_("delete each block of a trained run at test time and measure its accuracy"))
    p.add_argument("run", type=int, metavar=_("RUN"), help=_("the run's id (see 'resviz runs list')"))
    p.add_argument("--subsets", type=int, nargs="?", const=5, default=0, metavar="N",
                   help=_("also delete random sets of 1, 2, … blocks, N draws each (default 5)"))
    p.add_argument("--images", type=int, metavar="N", help=_("test on the first N validation images (default: all)"))
    p.add_argument("--seed", type=int, default=0, help=_("seed of the random subsets"))
    p.add_argument("--out", metavar=_("DIR"), help=_("folder for the figure (lesion-RUN.png and .svg)"))


def run(args: argparse.Namespace) -> int:
    from resviz.analysis.lesion_run import lesion_for_run
    from resviz.cli.table import render
    from resviz.errors import ResvizError

    if args.subsets < 0 or (args.images is not None and args.images < 1):
        raise ResvizError(_("--subsets and --images must be positive numbers"), _("for example --subsets 5 --images 500"))
    out = make_out_dir(args.out) if args.out else None

    result = lesion_for_run(args.run, store_dir=args.store, draws=args.subsets, images=args.images,
                            seed=args.seed, progress=show_evaluations)
    end_evaluations()
    rows = []
    for b in result.blocks:
        kind = _("residual") if b.residual else _("plain")
        if b.accuracy is None:
            rows.append([b.name, kind, "—", "—"])
        else:
            drop = 100 * (result.base_accuracy - b.accuracy)
            rows.append([b.name, kind, f"{b.accuracy:.1%}", f"{drop:+.1f}"])
    print(_("run {id}: {acc} of {images} validation images right with every block in place").format(
        id=args.run, acc=f"{result.base_accuracy:.1%}", images=result.images))
    print(render([_("block"), _("kind"), _("accuracy"), _("drop (points)")], rows, right=(2, 3)))
    for b in result.blocks:
        if b.reason:
            print(_("{block}: {reason}").format(block=b.name, reason=b.reason))
    if result.counts:
        print()
        sub_rows = [[k, f"{100 * (1 - m):.1f}", f"{100 * s:.1f}"]
                    for k, m, s in zip(result.counts, result.mean_accuracy, result.std_accuracy, strict=True)]
        print(render([_("blocks deleted"), _("mean error (%)"), _("spread (points)")], sub_rows, right=(0, 1, 2)))
    if out is not None:
        from resviz.analysis.lesion_figure import save_lesion_figure

        title = _("Lesion study of run {id}").format(id=args.run)
        for path in save_lesion_figure(result, title, out / f"lesion-{args.run}"):
            print(path)
    return 0
