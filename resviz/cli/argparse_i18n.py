"""argparse's own words ("usage:", "options", its error messages) in resviz's language, and help
laid out by the columns Chinese characters take in a terminal.

argparse translates through the module-level ``_`` and ``ngettext`` it imported from gettext
(the global 'messages' domain, for which Python ships no Chinese catalogue). resviz's catalogue
carries the texts below, and ``localize_argparse`` points argparse's two lookups at it.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable

from resviz import i18n
from resviz.cli.table import width
from resviz.i18n import N_

# A line may break after any Chinese character, and only at spaces inside a run of ASCII.
_PIECES = re.compile(r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f\u201c\u201d]|[^\s\u2e80-\u9fff\uff00-\uffef\u3000-\u303f\u201c\u201d]+|\s+")
_NO_LINE_START = set("，。、：；）」’”！？")
_CJK_HEADING = re.compile(r"(?m)^(\S[^\n]*[\u3400-\u9fff]):$")

# What a user can meet (help layout and errors on the command line), as argparse spells it
# in Python 3.10 to 3.13. Errors of programmers (bad add_argument calls) are left in English.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    return i18n.ngettext(singular, plural, n)


def localize_argparse() -> None:
    """argparse's words follow ``resviz.i18n.language()`` from now on (looked up at each use)."""
    argparse._ = i18n._  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]


def wrap(text: str, columns: int) -> list[str]:
    """Lines of at most ``columns`` terminal columns (Chinese characters count two)."""
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(" ".join(text.split())):
        if piece.isspace():
            line += " " if line else ""
            continue
        if line and width(line.rstrip() + piece) > columns and piece not in _NO_LINE_START:
            lines.append(line.rstrip())
            line = ""
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout, measured in terminal columns when a text holds Chinese characters."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.help is not argparse.SUPPRESS:
            invocation = width(self._format_action_invocation(action)) + self._current_indent
            self._action_max_length = max(self._action_max_length, invocation)

    def format_help(self) -> str:
        # A Chinese section heading takes the full-width colon ("选项："), as Python 3.13 lets translators do.
        return _CJK_HEADING.sub(r"\1：", super().format_help())

    def _format_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                      groups: Iterable[argparse._MutuallyExclusiveGroup], prefix: str | None) -> str:
        text = super()._format_usage(usage, actions, groups, prefix)
        shown = i18n._("usage: ") if prefix is None else prefix
        extra = width(shown) - len(shown)  # continuation lines line up under the program's name
        lines = text.split("\n")
        return "\n".join([lines[0]] + [" " * extra + line if line.startswith(" ") else line for line in lines[1:]])

    def _split_lines(self, text: str, columns: int) -> list[str]:
        return wrap(text, columns) if width(text) != len(text) else super()._split_lines(text, columns)

    def _fill_text(self, text: str, columns: int, indent: str) -> str:
        if width(text) == len(text):
            return super()._fill_text(text, columns, indent)
        return "\n".join(indent + line for line in wrap(text, columns - len(indent)))

    def _format_action(self, action: argparse.Action) -> str:
        header = self._format_action_invocation(action)
        if width(header) == len(header) and (not action.help or width(action.help) == len(action.help)):
            return super()._format_action(action)
        help_position = min(self._action_max_length + 2, self._max_help_position)
        help_width = max(self._width - help_position, 11)
        action_width = help_position - self._current_indent - 2
        indent = " " * self._current_indent
        if not action.help:
            parts, indent_first = [indent + header + "\n"], 0
        elif width(header) <= action_width:
            parts, indent_first = [indent + header + " " * (action_width - width(header) + 2)], 0
        else:
            parts, indent_first = [indent + header + "\n"], help_position
        if action.help and action.help.strip():
            lines = self._split_lines(self._expand_help(action), help_width)
            if lines:
                parts.append(" " * indent_first + lines[0] + "\n")
                parts += [" " * help_position + line + "\n" for line in lines[1:]]
        elif not parts[0].endswith("\n"):
            parts.append("\n")
        parts += [self._format_action(sub) for sub in self._iter_indented_subactions(action)]
        return self._join_parts(parts)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser with that layout; its subcommands' parsers are of this class too."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
