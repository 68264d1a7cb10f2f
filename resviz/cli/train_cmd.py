"""`resviz train`: one run into the store, with a progress bar; Ctrl-C stops cleanly."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import signal
import sys
from collections.abc import Iterator

from resviz.arch.presets import scale_width
from resviz.cli.arch_cmd import resolve_spec
from resviz.i18n import N_, _
from resviz.runs.types import status_label
from resviz.train.config import (
    DEVICES,
    OPTIMIZERS,
    PRECISIONS,
    QUICK_WIDTH,
    SCHEDULES,
    TrainConfig,
    describe_quick,
    first_run_config,
    quick_config,
)
from resviz.train.events import TrainControl

QUICK_HELP = N_("the quick classroom setting: {setting}; flags given with it (--lr, --steps, ...) still apply")


def quick_help() -> str:
    """--quick's help, from the setting itself so it cannot drift from what runs."""
    return _(QUICK_HELP).format(setting=describe_quick())


def add_training_options(p: argparse.ArgumentParser) -> None:
    """Options shared by train, compare and sweep. Their defaults are None so that a flag the user
    typed can be told from one left out: given flags override the paper's recipe or --quick alike."""
    p.add_argument("--dataset", metavar=_("DATASET"), help=_("builtin (default, offline), cifar10, cifar100, mnist, fashionmnist, svhn or folder"))
    p.add_argument("--data-dir", metavar=_("DIR"),
                   help=_("where the dataset's files are (or go, with --download); for 'folder', one subfolder per class"))
    p.add_argument("--download", action="store_true", default=None, help=_("download a torchvision dataset into --data-dir"))
    length = p.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int, metavar="N", help=_("train this many epochs (default 10)"))
    length.add_argument("--steps", type=int, metavar="N", help=_("train this many steps instead"))
    p.add_argument("--batch-size", type=int, metavar="N", help=_("images per step (default 128, as in the paper)"))
    p.add_argument("--lr", type=float, help=_("learning rate (default 0.1, as in the paper)"))
    p.add_argument("--optimizer", choices=OPTIMIZERS, help=_("default sgd (momentum 0.9, as in the paper)"))
    p.add_argument("--nesterov", action="store_true", default=None, help=_("Nesterov momentum for SGD"))
    p.add_argument("--weight-decay", type=float, metavar="WD", help=_("L2 weight decay (default 1e-4, as in the paper)"))
    p.add_argument("--schedule", choices=SCHEDULES, help=_("step: ÷10 at 50%% and 75%% (the paper); cosine; constant"))
    p.add_argument("--warmup-steps", type=int, metavar="N", help=_("train at lr/10 first (the paper's ResNet-110 recipe)"))
    p.add_argument("--seed", type=int, metavar=_("SEED"), help=_("random seed of the weights and the data (default 0)"))
    p.add_argument("--device", choices=DEVICES, help=_("default auto: a GPU (CUDA or Apple MPS) if there is one"))
    add_precision_option(p)
    p.add_argument("--image-size", type=int, metavar=_("PIXELS"), help=_("resize images (built-in data: 32 by default)"))
    p.add_argument("--train-size", type=int, metavar="N", help=_("use only this many training images"))
    p.add_argument("--probe-every", type=int, metavar="N", help=_("measure gradients every N steps (default 10)"))


def add_precision_option(p: argparse.ArgumentParser) -> None:
    """--precision (default None: the base config's, auto), and --amp, which it replaced, as auto."""
    p.add_argument("--precision", choices=PRECISIONS,
                   help=_("auto (default): bf16 on a GPU and on a CPU with AMX, fp32 elsewhere"))
    p.add_argument("--amp", dest="precision", action="store_const", const="auto", help=argparse.SUPPRESS)


# TrainConfig fields set by the option of the same name (dashes for underscores).
_FIELDS = ("dataset", "data_dir", "download", "epochs", "steps", "batch_size", "lr", "optimizer", "nesterov",
           "weight_decay", "schedule", "warmup_steps", "seed", "device", "precision", "image_size", "train_size",
           "probe_every")


def config_from_args(args: argparse.Namespace, quick: bool = False, base: TrainConfig | None = None) -> TrainConfig:
    """The quick setting, else ``base``, else the paper's recipe; then every flag the user gave, then
    checked: a bad value ends here with a message, before any data is loaded."""
    cfg = quick_config() if quick else dataclasses.replace(base) if base is not None else TrainConfig()
    given = {name: getattr(args, name) for name in _FIELDS if getattr(args, name, None) is not None}
    if "epochs" in given:  # whole epochs replace the quick setting's step count
        cfg.steps = None
    for name, value in given.items():
        setattr(cfg, name, value)
    cfg.validate()
    return cfg


@contextlib.contextmanager
def stop_on_ctrl_c(control: TrainControl) -> Iterator[None]:
    """First Ctrl-C asks the trainer to stop after this step; a second one aborts."""

    def handler(signum: int, frame: object) -> None:
        if control.stop_requested:
            raise KeyboardInterrupt
        print("\n" + _("stopping after this step (Ctrl-C again to abort)…"), file=sys.stderr)
        control.request_stop()

    try:
        previous = signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help=_("train a network into the run store"), description=_(
        "Without --quick, a run on the built-in data on a CPU trains with the quick setting ({steps} steps "
        "at {size}×{size}) but keeps the network's full width; on a CUDA GPU or another dataset it trains "
        "with the paper's recipe for 10 epochs. The flags you give win either way.").format(
        steps=quick_config().steps, size=quick_config().image_size))
    p.add_argument("--arch", required=True, metavar=_("NETWORK"),
                   help=_("a preset name (see 'resviz arch list') or a spec .json file"))
    p.add_argument("--name", metavar=_("NAME"), help=_("a name for the run"))
    p.add_argument("--quick", action="store_true", help=quick_help())
    add_training_options(p)


def first_run_base(args: argparse.Namespace) -> TrainConfig | None:
    """Without --quick, a run on the built-in data on a CPU (or Apple MPS) starts from the quick
    setting's training (the network keeps its width): the paper's recipe at 32×32 takes a CPU
    10-18 minutes for 5 epochs, too long for a first look. None: the paper's recipe."""
    from resviz.train.device import resolve_device

    if args.quick or args.dataset not in (None, "builtin"):
        return None
    device_type = resolve_device(args.device or "auto").type
    return None if device_type == "cuda" else first_run_config(device_type)


def run(args: argparse.Namespace) -> int:
    from resviz.cli.progress import ProgressBar
    from resviz.train.session import train

    spec = resolve_spec(args.arch)
    cfg = config_from_args(args, quick=args.quick, base=first_run_base(args))
    if args.quick:
        spec = scale_width(spec, QUICK_WIDTH)
    control = TrainControl()
    with stop_on_ctrl_c(control):
        outcome = train(spec, cfg, store_dir=args.store, name=args.name, callbacks=[ProgressBar()], control=control)
    end = outcome.end
    if end.status == "diverged":  # the message below names the step
        print(_("run {id}: diverged ({seconds:.1f} s)").format(id=outcome.run_id, seconds=end.wall_s))
    else:
        print(_("run {id}: {status} after {steps} steps ({seconds} s)").format(
            id=outcome.run_id, status=status_label(end.status), steps=end.step, seconds=f"{end.wall_s:.1f}"))
    if end.final_train_loss is not None:
        print("  " + _("final train loss {loss}").format(loss=f"{end.final_train_loss:.4f}"))
    if end.best_val_acc is not None:
        print("  " + _("best validation accuracy {acc}").format(acc=f"{end.best_val_acc:.2%}"))
    if end.checkpoint:
        print("  " + _("checkpoint {path}").format(path=end.checkpoint))
    if end.status in ("diverged", "failed"):
        print(_("error: {message}").format(message=end.message), file=sys.stderr)
        return 2
    return 0
