"""Where a run's files beside its checkpoint live: its initial weights and its analyses.

    <store>/runs/<run_id>/initial-weights.pt   the weights at step 0 (weights only)
    <store>/runs/<run_id>/<analysis>.json      lesion study, loss landscape, shattering

One place names them, so the trainer, the analyses and export/import agree.
"""

from __future__ import annotations

from pathlib import Path

from resviz.runs.store import RunStore

INITIAL_WEIGHTS = "initial-weights.pt"
ANALYSES = {"lesion": "lesion.json", "landscape": "landscape.json", "line": "landscape-line.json",
            "shatter": "shatter.json"}
"""Analysis kind → its file in the run's folder (the kind is also its key in an export)."""


def initial_weights_file(store: RunStore, run_id: int) -> Path:
    """Where the trainer keeps the run's weights at step 0 (the file may not exist)."""
    return store.run_dir(run_id) / INITIAL_WEIGHTS


def initial_weights_beside(checkpoint: Path) -> Path:
    """The same file found from the run's checkpoint path (the trainer knows only that)."""
    return checkpoint.with_name(INITIAL_WEIGHTS)


def analysis_file(store: RunStore, run_id: int, kind: str) -> Path:
    """The JSON file of one analysis of the run (``kind``: a key of ANALYSES)."""
    return store.run_dir(run_id) / ANALYSES[kind]
