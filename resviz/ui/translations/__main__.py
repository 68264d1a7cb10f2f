"""``python -m resviz.ui.translations update|check``: refresh and compile, or verify, the catalogues."""

from __future__ import annotations

import sys

from resviz.ui.translations import LANGUAGES, problems, ts_path, update


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "update"
    if command not in ("update", "check"):
        print(f"unknown command {command!r}: use 'update' (refresh and compile) or 'check'",
              file=sys.stderr)
        return 2
    status = 0
    for lang in LANGUAGES:
        if command == "check":
            found = problems(lang)
            for line in found:
                print(line)
            status |= bool(found)
            continue
        todo = update(lang)
        for e in todo:
            print(f"[{e.context}] {e.source}")
        print(f"{ts_path(lang).name}: {len(todo)} texts to translate"
              + (" (edit the file or open it in pyside6-linguist, then run update again)" if todo else ""))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
