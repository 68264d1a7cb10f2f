"""Global options (``--store``, ``--lang``…) accepted before or after any command.

They are defined once, on the top-level parser; ``share_global_options`` copies each of them to
every subcommand, however deep (``runs list``), so ``resviz --store D runs list`` and ``resviz
runs list --store D`` mean the same. The copies default to SUPPRESS: a subcommand that was not
given the option leaves the value parsed before the command alone (argparse would otherwise
overwrite it with the subcommand's default).
"""

from __future__ import annotations

import argparse
import copy

_NOT_GLOBAL = {"help", "version"}


def global_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    """The top-level parser's options that every command shares."""
    return [a for a in parser._actions  # argparse's own parents= mechanism reads this list too
            if a.option_strings and a.dest not in _NOT_GLOBAL
            and not isinstance(a, (argparse._HelpAction, argparse._VersionAction))]


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found: list[argparse.ArgumentParser] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):  # aliases map to one parser
                found += [sub, *_subparsers(sub)]
    return found


def share_global_options(parser: argparse.ArgumentParser) -> None:
    """Make every global option of ``parser`` also an option of each of its subcommands."""
    shared = global_actions(parser)
    for sub in _subparsers(parser):
        for action in shared:
            twin = copy.copy(action)
            twin.default = argparse.SUPPRESS
            twin.container = sub
            sub._add_action(twin)
