"""Spec files shipped with resviz: blocks from the seed material, one that trains and one
that does not fit, for students to open, read and fix."""

from __future__ import annotations

from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent
EXAMPLES = ("seed000_block.json", "seed001_block.json")


def example_path(name: str) -> Path | None:
    """The shipped file called ``name`` (with or without a folder or '.json'), or None."""
    base = Path(name).name
    if not base.endswith(".json"):
        base += ".json"
    return EXAMPLES_DIR / base if base in EXAMPLES else None
