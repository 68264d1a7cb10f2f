"""`resviz gradcam RUN --out DIR`: Grad-CAM overlays of a run's checkpoint as PNG files."""

from __future__ import annotations

import argparse
from pathlib import Path

from resviz.errors import os_reason
from resviz.i18n import _


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("gradcam", help=_("write Grad-CAM overlays of a run's last checkpoint as PNG files"))
    p.add_argument("run", type=int, metavar=_("RUN"), help=_("the run's id (see 'resviz runs list')"))
    p.add_argument("--layer", metavar=_("BLOCK"), help=_("the block to look at, e.g. layer3.2 (default: the last block)"))
    p.add_argument("--target", default="predicted", metavar=_("CLASS"),
                   help=_("the class the maps explain: predicted (default), true, or a class index"))
    p.add_argument("--images", type=int, default=16, metavar="N", help=_("how many images (default 16)"))
    p.add_argument("--alpha", type=float, default=0.5, metavar="α", help=_("heatmap opacity, 0 to 1"))
    p.add_argument("--out", required=True, metavar=_("DIR"), help=_("folder for the PNG files"))


def run(args: argparse.Namespace) -> int:
    from resviz.errors import ResvizError
    from resviz.presentation.overlay import save_overlay_png
    from resviz.train.session import gradcam_for_run

    log = gradcam_for_run(args.run, store_dir=args.store, layer=args.layer, target=args.target, images=args.images)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ResvizError(_("cannot create {path}: {reason}").format(path=out, reason=os_reason(exc)),
                          _("choose another --out folder")) from None
    if args.target == "true":
        maps = log.maps_true
    elif log.maps_target is not None:
        maps = log.maps_target
    else:
        maps = log.maps_pred
    names = log.classes
    for i, (img, cam) in enumerate(zip(log.images, maps, strict=True)):
        true, pred = names[int(log.labels[i])], names[int(log.preds[i])]
        path = out / f"{i:02d}_true-{true}_pred-{pred}.png"
        save_overlay_png(path, img, cam, alpha=args.alpha)
    print(_("{count} overlays of {layer} (step {step}, epoch {epoch}) in {folder}").format(
        count=len(maps), layer=log.layer, step=log.step, epoch=log.epoch, folder=out))
    p = log.pointing
    if p is not None:
        print(_("pointing game: {score:.1%} ± {se:.1%} (standard error) of {n} validation images' true-class maps "
                "peak inside the object's box; a random peak scores {chance:.1%} (area chance), a peak always at "
                "the image centre {centre:.1%}").format(score=p.score, se=p.stderr, n=p.n, chance=p.area_chance,
                                                        centre=p.centre))
    return 0
