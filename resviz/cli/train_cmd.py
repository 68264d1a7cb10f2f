"""`resviz train`: one run into the store, with a progress bar; Ctrl-C stops cleanly."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator

from resviz.arch.presets import scale_width
from resviz.cli.arch_cmd import resolve_spec
from resviz.i18n import N_, _
from resviz.train.config import (
    DEVICES,
    OPTIMIZERS,
    QUICK_WIDTH,
    SCHEDULES,
    TrainConfig,
    describe_quick,
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
    p.add_argument("--dataset", help="builtin (default, offline), cifar10, cifar100, mnist, fashionmnist, svhn or folder")
    p.add_argument("--data-dir", help="where the dataset's files are (or go, with --download); for 'folder', one subfolder per class")
    p.add_argument("--download", action="store_true", default=None, help="download a torchvision dataset into --data-dir")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int, help="train this many epochs (default 10)")
    length.add_argument("--steps", type=int, help="train this many steps instead")
    p.add_argument("--batch-size", type=int, help="default 128, as in the paper")
    p.add_argument("--lr", type=float, help="learning rate (default 0.1, as in the paper)")
    p.add_argument("--optimizer", choices=OPTIMIZERS, help="default sgd (momentum 0.9), as in the paper")
    p.add_argument("--nesterov", action="store_true", default=None)
    p.add_argument("--weight-decay", type=float, help="default 1e-4, as in the paper")
    p.add_argument("--schedule", choices=SCHEDULES, help="step: ÷10 at 50%% and 75%% (the paper, default); cosine; constant")
    p.add_argument("--warmup-steps", type=int, help="train at lr/10 first (the paper's ResNet-110 recipe; default 0)")
    p.add_argument("--seed", type=int, help="default 0")
    p.add_argument("--device", choices=DEVICES, help="default auto")
    p.add_argument("--amp", action="store_true", default=None, help="mixed precision on CUDA")
    p.add_argument("--image-size", type=int, help="resize images (built-in data: 32 by default)")
    p.add_argument("--train-size", type=int, help="use only this many training images")
    p.add_argument("--probe-every", type=int, help="measure gradients every N steps (default 10)")
    p.add_argument("--store", help="run store folder (default: your data folder, or $RESVIZ_STORE)")


# TrainConfig fields set by the option of the same name (dashes for underscores).
_FIELDS = ("dataset", "data_dir", "download", "epochs", "steps", "batch_size", "lr", "optimizer", "nesterov",
           "weight_decay", "schedule", "warmup_steps", "seed", "device", "amp", "image_size", "train_size",
           "probe_every")


def config_from_args(args: argparse.Namespace, quick: bool = False) -> TrainConfig:
    """The paper's recipe (or the quick setting), then every flag the user gave, then checked:
    a bad value ends here with a message, before any data is loaded."""
    cfg = quick_config() if quick else TrainConfig()
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
        print("\nstopping after this step (Ctrl-C again to abort)…", file=sys.stderr)
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
    p = sub.add_parser("train", help="train a network into the run store")
    p.add_argument("--arch", required=True, help="a preset name (see 'resviz arch list') or a spec .json file")
    p.add_argument("--name", help="a name for the run")
    p.add_argument("--quick", action="store_true", help=quick_help())
    add_training_options(p)


def run(args: argparse.Namespace) -> int:
    from resviz.cli.progress import ProgressBar
    from resviz.train.session import train

    spec = resolve_spec(args.arch)
    cfg = config_from_args(args, quick=args.quick)
    if args.quick:
        spec = scale_width(spec, QUICK_WIDTH)
    control = TrainControl()
    with stop_on_ctrl_c(control):
        outcome = train(spec, cfg, store_dir=args.store, name=args.name, callbacks=[ProgressBar()], control=control)
    end = outcome.end
    print(f"run {outcome.run_id}: {end.status} after {end.step} steps ({end.wall_s:.1f} s)")
    if end.final_train_loss is not None:
        print(f"  final train loss {end.final_train_loss:.4f}")
    if end.best_val_acc is not None:
        print(f"  best validation accuracy {end.best_val_acc:.2%}")
    if end.checkpoint:
        print(f"  checkpoint {end.checkpoint}")
    if end.status in ("diverged", "failed"):
        print(f"error: {end.message}", file=sys.stderr)
        return 2
    return 0
