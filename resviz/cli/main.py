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
    landscape_cmd,
    lesion_cmd,
    lesson_cmd,
    runs_cmd,
    shatter_cmd,
    sweep_cmd,
    train_cmd,
)
from resviz.cli.argparse_i18n import Parser, localize_argparse
from resviz.cli.global_options import share_global_options
from resviz.errors import ResvizError
from resviz.i18n import _

EXIT_USER_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="resviz",
        description=_("See why residual connections work. Without a command, opens the app."),
    )
    parser.add_argument("--version", action="version", version=f"resviz {__version__}",
                        help=_("show program's version number and exit"))
    # Global options: defined here, on the top-level parser; every command accepts them before or
    # after its name (share_global_options below). --lang is read by resviz/__main__.py before
    # parsing; it is listed for --help.
    parser.add_argument("--lang", choices=("zh_CN", "en"),
                        help=_("language of the app and the command line (default: $RESVIZ_LANG, "
                               "then the system's)"))
    parser.add_argument("--store", metavar=_("DIR"),
                        help=_("run store folder (default: your data folder, or $RESVIZ_STORE)"))
    sub = parser.add_subparsers(dest="command", required=True, metavar=_("COMMAND"))
    for module in (arch_cmd, train_cmd, runs_cmd, compare_cmd, sweep_cmd, demo_cmd, gradcam_cmd, lesson_cmd,
                   lesion_cmd, landscape_cmd, shatter_cmd):
        module.add_parser(sub)
    share_global_options(parser)
    return parser


def run_cli(argv: list[str]) -> int:
    localize_argparse()
    parser = build_parser()
    args = parser.parse_args(argv)
    handlers = {"arch": arch_cmd.run, "train": train_cmd.run, "runs": runs_cmd.run,
                "compare": compare_cmd.run, "sweep": sweep_cmd.run, "demo": demo_cmd.run,
                "gradcam": gradcam_cmd.run, "lesson": lesson_cmd.run, "lesion": lesion_cmd.run,
                "landscape": landscape_cmd.run, "shatter": shatter_cmd.run}
    try:
        return handlers[args.command](args)
    except ResvizError as exc:
        print(_("error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print(_("interrupted"), file=sys.stderr)
        return 130


def main() -> None:
    sys.exit(run_cli(sys.argv[1:]))
