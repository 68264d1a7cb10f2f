"""`resviz` with no arguments opens the app; with a command it runs headless."""

from __future__ import annotations

import os
import sys

# Set before torch loads: spinning OpenMP threads starve the GUI thread and other processes.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        from resviz.ui.app import run_app

        return run_app()
    from resviz.cli.main import run_cli

    return run_cli(args)


if __name__ == "__main__":
    sys.exit(main())
