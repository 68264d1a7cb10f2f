"""`resviz train`: one run into the store, with a progress bar; Ctrl-C stops cleanly."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator

from resviz.cli.arch_cmd import resolve_spec
from resviz.i18n import _
from resviz.runs.types import status_label
from resviz.train.config import DEVICES, OPTIMIZERS, SCHEDULES, TrainConfig
from resviz.train.events import TrainControl


def add_training_options(p: argparse.ArgumentParser, steps_default: int | None = None) -> None:
    """Options shared by train, compare and sweep."""
    p.add_argument("--dataset", default="builtin", metavar=_("DATASET"), help=_("builtin (default, offline), cifar10, cifar100, mnist, fashionmnist, svhn or folder"))
    p.add_argument("--data-dir", metavar=_("DIR"),
                   help=_("where the dataset's files are (or go, with --download); for 'folder', one subfolder per class"))
    p.add_argument("--download", action="store_true", help=_("download a torchvision dataset into --data-dir"))
    length = p.add_mutually_exclusive_group()
    length.add_argument("--epochs", type=int, default=None, metavar="N", help=_("train this many epochs (default 10)"))
    length.add_argument("--steps", type=int, default=steps_default, metavar="N", help=_("train this many steps instead"))
    p.add_argument("--batch-size", type=int, default=128, metavar="N", help=_("images per step (default 128, as in the paper)"))
    p.add_argument("--lr", type=float, default=0.1, help=_("learning rate (default 0.1, as in the paper)"))
    p.add_argument("--optimizer", choices=OPTIMIZERS, default="sgd", help=_("default sgd (momentum 0.9, as in the paper)"))
    p.add_argument("--nesterov", action="store_true", help=_("Nesterov momentum for SGD"))
    p.add_argument("--weight-decay", type=float, default=1e-4, metavar="WD", help=_("L2 weight decay (default 1e-4, as in the paper)"))
    p.add_argument("--schedule", choices=SCHEDULES, default="step", help=_("step: ÷10 at 50%% and 75%% (the paper); cosine; constant"))
    p.add_argument("--warmup-steps", type=int, default=0, metavar="N", help=_("train at lr/10 first (the paper's ResNet-110 recipe)"))
    p.add_argument("--seed", type=int, default=0, metavar=_("SEED"), help=_("random seed of the weights and the data (default 0)"))
    p.add_argument("--device", choices=DEVICES, default="auto", help=_("default auto: a GPU (CUDA or Apple MPS) if there is one"))
    p.add_argument("--amp", action="store_true", help=_("mixed precision on CUDA"))
    p.add_argument("--image-size", type=int, metavar=_("PIXELS"), help=_("resize images (built-in data: 16 is quick)"))
    p.add_argument("--train-size", type=int, metavar="N", help=_("use only this many training images"))
    p.add_argument("--probe-every", type=int, default=10, metavar="N", help=_("measure gradients every N steps"))


def config_from_args(args: argparse.Namespace, **overrides: object) -> TrainConfig:
    cfg = TrainConfig(
        dataset=args.dataset, data_dir=args.data_dir, download=args.download,
        epochs=args.epochs if args.epochs is not None else 10, steps=args.steps,
        batch_size=args.batch_size, lr=args.lr, optimizer=args.optimizer, nesterov=args.nesterov,
        weight_decay=args.weight_decay, schedule=args.schedule, warmup_steps=args.warmup_steps,
        seed=args.seed, device=args.device, amp=args.amp, image_size=args.image_size,
        train_size=args.train_size, probe_every=args.probe_every,
    )
    for key, value in overrides.items():
        setattr(cfg, key, value)
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
    p = sub.add_parser("train", help=_("train a network into the run store"))
    p.add_argument("--arch", required=True, metavar=_("NETWORK"),
                   help=_("a preset name (see 'resviz arch list') or a spec .json file"))
    p.add_argument("--name", metavar=_("NAME"), help=_("a name for the run"))
    p.add_argument("--quick", action="store_true", help=_("the quick classroom setting: 16×16 images, 10k images"))
    add_training_options(p)


def run(args: argparse.Namespace) -> int:
    from resviz.cli.progress import ProgressBar
    from resviz.train.session import train

    spec = resolve_spec(args.arch)
    cfg = config_from_args(args)
    if args.quick:
        cfg.image_size, cfg.train_size = cfg.image_size or 16, cfg.train_size or 10_000
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
