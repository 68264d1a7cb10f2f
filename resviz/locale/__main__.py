"""``python -m resviz.locale update|compile|check``: keep the gettext catalogues in step with the code."""

from __future__ import annotations

import sys

USAGE = "usage: python -m resviz.locale update|compile|check"


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("update", "compile", "check"):
        print(USAGE, file=sys.stderr)
        return 2
    try:
        from resviz.locale import catalog
    except ImportError as exc:
        print(f"{exc}: install Babel (pip install -e '.[test]')", file=sys.stderr)
        return 2
    if argv[0] == "update":
        untranslated = catalog.update()
        catalog.compile_all()
        for language, missing in untranslated.items():
            print(f"{catalog.po_path(language)}: {len(missing)} untranslated")
            for text in missing:
                print(f"  {text!r}")
        return 0
    if argv[0] == "compile":
        for path in catalog.compile_all():
            print(path)
        return 0
    status = 0
    for r in catalog.check():
        for title, items in (("not in the .po yet (run update)", r.missing),
                             ("no longer in the sources (run update)", r.obsolete),
                             ("placeholders differ from the source", r.placeholders),
                             ("untranslated", r.untranslated)):
            if items:
                print(f"{r.language}: {len(items)} {title}")
                for item in items:
                    print(f"  {item}" if items is r.placeholders else f"  {item!r}")
        if r.mo_stale:
            print(f"{r.language}: the .mo is older than the .po (run compile)")
        status = status or (0 if r.ok else 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
