"""Argument parsing and the one place errors become messages and exit codes."""

from __future__ import annotations

import argparse
import sys

from resviz import __version__
from resviz.cli import (
    arch_cmd,
    compare_cmd,
    demo_cmd,
    gradcam_cmd,
    lesson_cmd,
    runs_cmd,
    sweep_cmd,
    train_cmd,
)
from resviz.errors import ResvizError

EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="resviz",
        description="See why residual connections work. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"resviz {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (arch_cmd, train_cmd, runs_cmd, compare_cmd, sweep_cmd, demo_cmd, gradcam_cmd, lesson_cmd):
        module.add_parser(sub)
    return parser


def run_cli(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {"arch": arch_cmd.run, "train": train_cmd.run, "runs": runs_cmd.run,
                "compare": compare_cmd.run, "sweep": sweep_cmd.run, "demo": demo_cmd.run,
                "gradcam": gradcam_cmd.run, "lesson": lesson_cmd.run}
    try:
        return handlers[args.command](args)
    except ResvizError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def main() -> None:
    sys.exit(run_cli(sys.argv[1:]))
