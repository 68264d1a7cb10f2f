"""`resviz` with no arguments opens the app; with a command it runs headless.

``--lang zh_CN|en`` (before or after the command) and ``RESVIZ_LANG`` choose the language of both.
"""

from __future__ import annotations

import os
import sys

from resviz.openmp import configure_openmp  # before torch loads: it reads the environment once

configure_openmp()

EXIT_USER_ERROR = 2


def split_lang(args: list[str]) -> tuple[str | None, list[str]]:
    """Takes ``--lang X`` / ``--lang=X`` out of ``args`` wherever it is (not after ``--``)."""
    rest: list[str] = []
    lang: str | None = None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == "--lang":
            lang = args[i + 1] if i + 1 < len(args) else ""  # a missing value is reported as unknown
            i += 2
            continue
        if arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return lang, rest


def main(argv: list[str] | None = None) -> int:
    from resviz import i18n

    args = sys.argv[1:] if argv is None else argv
    lang, args = split_lang(args)
    if lang is not None and i18n.normalize(lang) is None:
        i18n.set_language(i18n.resolve_language())
        print(i18n._("error: unknown language '{lang}'").format(lang=lang)
              + "\n  → " + i18n._("use --lang zh_CN or --lang en"), file=sys.stderr)
        return EXIT_USER_ERROR
    if lang is not None:
        # The environment carries the choice to the app, where it beats a saved choice.
        os.environ[i18n.ENV_VAR] = i18n.normalize(lang) or i18n.ENGLISH
    i18n.set_language(i18n.resolve_language(lang))
    if not args:
        from resviz.ui.app import run_app

        return run_app()
    from resviz.cli.main import run_cli

    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
