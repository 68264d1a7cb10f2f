"""The engine (arch, data, train, runs), the lessons, the presentation and the command line never
import Qt. A backstop to the import-linter contracts (tests/test_import_layers.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ENGINE = ("arch", "data", "train", "runs", "cli", "lessons", "analysis", "presentation")


def test_engine_modules_import_without_qt() -> None:
    root = Path(__file__).resolve().parents[1] / "resviz"
    modules = sorted(
        "resviz." + ".".join(p.relative_to(root).with_suffix("").parts)
        for pkg in ENGINE for p in (root / pkg).rglob("*.py") if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"Qt imported by the engine: {out.stdout}"
    assert len(modules) > 30  # the walk found the engine


def test_no_engine_source_names_qt() -> None:
    root = Path(__file__).resolve().parents[1] / "resviz"
    for pkg in ENGINE:
        for path in (root / pkg).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert "PySide6" not in text and "pyqtgraph" not in text, path
