"""`resviz demo`: the degradation problem in one command.

Trains plain-20, plain-56, ResNet-20 and ResNet-56 on the built-in data with one seed (the
quick setting on a CPU, a few minutes; a paper-like setting on a GPU), prints their final
training losses and says, from those numbers, what they show.
"""

from __future__ import annotations

import argparse
import time

from resviz.cli.table import render
from resviz.cli.train_cmd import add_precision_option, stop_on_ctrl_c
from resviz.i18n import _
from resviz.runs.types import status_label
from resviz.train.config import CLASSROOM, CLASSROOM_STEPS, DEVICES, quick_config


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help=_("the degradation problem: plain-20/56 and ResNet-20/56, then what they show"),
                       description=_("Trains plain-20, plain-56, ResNet-20 and ResNet-56 with the same data, seed "
                                     "and settings and states what their final training losses show."))
    p.add_argument("--steps", type=int, metavar="N", help=_("training steps per network (default: {quick} on a CPU, {classroom} with --classroom, 6000 "
                                "on a GPU)").format(quick=quick_config().steps, classroom=CLASSROOM_STEPS))
    p.add_argument("--seed", type=int, default=0, metavar=_("SEED"), help=_("random seed of the weights and the data (default 0)"))
    p.add_argument("--width", type=float, metavar=_("FACTOR"), help=_("width factor (default: 0.5 on a CPU, 1 on a GPU)"))
    p.add_argument("--device", choices=DEVICES, default="auto", help=_("default auto: a GPU (CUDA or Apple MPS) if there is one"))
    add_precision_option(p)
    setting = p.add_mutually_exclusive_group()
    setting.add_argument("--quick", action="store_true", help=_("the quick CPU setting even on a GPU"))
    setting.add_argument("--classroom", action="store_true",
                         help=_("the longer classroom setting on a CPU ({steps} steps with a cosine schedule, about "
                                "{times} times as long as the quick one)")
                         .format(steps=CLASSROOM_STEPS, times=round(CLASSROOM_STEPS / quick_config().steps)))
    setting.add_argument("--paper", action="store_true", help=_("the paper-like setting (32×32, full width) on a CPU too"))


def run(args: argparse.Namespace) -> int:
    from resviz.cli.progress import ProgressBar
    from resviz.presentation.demo_verdict import measure, verdict
    from resviz.runs import open_store
    from resviz.train.demo import DEMO_TAG, demo_runs
    from resviz.train.device import resolve_device
    from resviz.train.events import TrainControl
    from resviz.train.session import load_data, train

    device_type = resolve_device(args.device).type
    setting = ("cpu" if args.quick else CLASSROOM if args.classroom else "cuda" if args.paper
               else "cpu" if device_type == "cpu" else "cuda")
    runs = demo_runs(setting, seed=args.seed, steps=args.steps, width=args.width, device=args.device,
                     precision=args.precision or "auto")
    data = load_data(runs[0][2])  # once: all four see the same images in the same order
    control = TrainControl()
    ids: list[int] = []
    times: dict[int, float] = {}
    with stop_on_ctrl_c(control):
        for name, spec, config in runs:
            if control.stop_requested:
                break
            t0 = time.perf_counter()
            outcome = train(spec, config, store_dir=args.store, name=name, callbacks=[ProgressBar()],
                            control=control, data=data, tags=[DEMO_TAG])
            ids.append(outcome.run_id)
            times[outcome.run_id] = time.perf_counter() - t0
    with open_store(args.store) as store:
        results = measure(store, ids)
    rows = [[r.arch, r.run_id, status_label(r.status), f"{r.final_loss:.4f}", f"{r.first_layer_grad:.3g}",
             f"{times[r.run_id]:.0f} s"] for r in results]
    print()
    print(render([_("network"), _("run"), _("status"), _("final train loss"), _("first-layer grad"), _("time")], rows,
                 right=(1, 3, 4, 5)))
    print()
    print(verdict(results))
    return 0 if all(r.status in ("finished", "stopped") for r in results) else 2
