"""argparse's own words ("usage:", "options", its error messages) in resviz's language.

argparse translates through the module-level ``_`` and ``ngettext`` it imported from gettext
(the global 'messages' domain, for which Python ships no Chinese catalogue). resviz's catalogue
carries the texts below, and ``localize_argparse`` points argparse's two lookups at it.
"""

from __future__ import annotations

import argparse

from resviz import i18n
from resviz.i18n import N_

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
