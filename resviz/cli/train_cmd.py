"""`resviz train`: one run into the store, with a progress bar; Ctrl-C stops cleanly."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import signal
import sys
from collections.abc import Iterator

from resviz.cli.arch_cmd import resolve_spec
from resviz.i18n import _
from resviz.train.config import DEVICES, OPTIMIZERS, PRECISIONS, SCHEDULES, TrainConfig
from resviz.train.events import TrainControl


def add_training_options(p: argparse.ArgumentParser, steps_default: int | None = None) -> None:
    """Options shared by train, compare and sweep. Those left out come from the command's base
    config (``config_from_args``): for ``train`` it depends on the device."""
    p.add_argument("--dataset", default="builtin", help="builtin (default, offline), cifar10, cifar100, mnist, fashionmnist, svhn or folder")
    p.add_argument("--data-dir", help="where the dataset's files are (or go, with --download); for 'folder', one subfolder per class")
    p.add_argument("--download", action="store_true", help="download a torchvision dataset into --data-dir")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int, default=None,
                        help=_("train this many epochs (default: 10; 'train' on the built-in data on a CPU: "
                               "600 steps of the classroom setting, about a minute)"))
    length.add_argument("--steps", type=int, default=steps_default, help="train this many steps instead")
    p.add_argument("--batch-size", type=int, help="images per step (the paper: 128)")
    p.add_argument("--lr", type=float, help="learning rate (the paper: 0.1 with SGD)")
    p.add_argument("--optimizer", choices=OPTIMIZERS)
    p.add_argument("--nesterov", action="store_true")
    p.add_argument("--weight-decay", type=float)
    p.add_argument("--schedule", choices=SCHEDULES, help="step: ÷10 at 50%% and 75%% (the paper); cosine; constant")
    p.add_argument("--warmup-steps", type=int, help="train at lr/10 first (the paper's ResNet-110 recipe)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--device", choices=DEVICES, default="auto")
    add_precision_option(p)
    p.add_argument("--image-size", type=int, help="resize images (built-in data: 16 is quick)")
    p.add_argument("--train-size", type=int, help="use only this many training images")
    p.add_argument("--probe-every", type=int, help="measure gradients every N steps")
    p.add_argument("--store", help="run store folder (default: your data folder, or $RESVIZ_STORE)")


def add_precision_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--precision", choices=PRECISIONS, default="auto",
                   help=_("auto (default): bf16 on a GPU and on a CPU with AMX, fp32 elsewhere"))
    # Before --precision there was --amp: it still means mixed precision where it pays.
    p.add_argument("--amp", dest="precision", action="store_const", const="auto", help=argparse.SUPPRESS)


_FROM_ARGS = ("dataset", "data_dir", "download", "batch_size", "lr", "optimizer", "weight_decay", "schedule",
              "warmup_steps", "seed", "device", "precision", "image_size", "train_size", "probe_every")


def config_from_args(args: argparse.Namespace, base: TrainConfig | None = None, **overrides: object) -> TrainConfig:
    """The base config (default: the paper's recipe for 10 epochs) with what the user typed on top."""
    cfg = dataclasses.replace(base) if base is not None else TrainConfig(epochs=10)
    for key in _FROM_ARGS:
        value = getattr(args, key, None)
        if value is not None:
            setattr(cfg, key, value)
    if args.nesterov:
        cfg.nesterov = True
    if args.epochs is not None:
        cfg.epochs, cfg.steps = args.epochs, None
    elif args.steps is not None:
        cfg.steps = args.steps
    for key, value in overrides.items():
        setattr(cfg, key, value)
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
    p.add_argument("--quick", action="store_true", help="the quick classroom setting: 16×16 images, 10k images")
    add_training_options(p)


def run(args: argparse.Namespace) -> int:
    from resviz.cli.progress import ProgressBar
    from resviz.train.config import first_run_config
    from resviz.train.device import resolve_device
    from resviz.train.session import train

    spec = resolve_spec(args.arch)
    # Left to itself, a run on the built-in data is the one-minute classroom setting on a CPU; on a
    # GPU, or with a named dataset, it is the paper's recipe for 10 epochs.
    device_type = resolve_device(args.device).type
    base = first_run_config(device_type) if args.dataset == "builtin" and device_type != "cuda" else None
    cfg = config_from_args(args, base=base)
    if args.quick:
        cfg.image_size, cfg.train_size = cfg.image_size or 16, cfg.train_size or 10_000
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
