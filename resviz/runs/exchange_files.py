"""The files of a run that travel in its JSON export: its analyses (lesion study, loss
landscape, shattering) and its weights at step 0. Checkpoints stay home (they are big, and
a trained network is retrained, not shared, here).

The weights travel as the bytes of their file in base64 and are checked on the way in with
``torch.load(weights_only=True)``: an imported file is never unpickled.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
from typing import Any

from resviz.i18n import _
from resviz.runs.files import ANALYSES, analysis_file, initial_weights_file
from resviz.runs.store import RunStore


class InvalidFiles(Exception):
    """What is wrong with the files part of an imported run, in words."""


def files_to_dict(store: RunStore, run_id: int) -> dict[str, Any]:
    """{"analyses": {kind: result}, "initial_weights_base64": text or None}; NaN left to the caller."""
    analyses: dict[str, Any] = {}
    for kind in ANALYSES:
        try:
            value = json.loads(analysis_file(store, run_id, kind).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # none, or unreadable: the app would not show it either
        if isinstance(value, dict):
            analyses[kind] = value
    try:
        raw = initial_weights_file(store, run_id).read_bytes()
    except OSError:
        weights = None
    else:
        weights = base64.b64encode(raw).decode("ascii")
    return {"analyses": analyses, "initial_weights_base64": weights}


def parse_files(data: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], bytes | None]:
    """The analyses and the weights file's bytes of an export, checked (InvalidFiles if not)."""
    analyses = data.get("analyses", {})
    if not isinstance(analyses, dict) or not all(isinstance(v, dict) for v in analyses.values()):
        raise InvalidFiles(_("analyses is not an object of objects"))
    unknown = sorted(set(analyses) - set(ANALYSES))
    if unknown:
        raise InvalidFiles(_("analyses holds an unknown kind {kind!r}").format(kind=unknown[0]))
    text = data.get("initial_weights_base64")
    if text is None:
        return analyses, None
    if not isinstance(text, str):
        raise InvalidFiles(_("initial_weights_base64 is not text"))
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidFiles(_("initial_weights_base64 is not base64")) from None
    import torch

    try:
        state = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    except Exception:  # torch raises many types for a damaged or foreign file
        raise InvalidFiles(_("the initial weights are damaged or not a resviz weights file")) from None
    if not isinstance(state, dict) or not isinstance(state.get("model"), dict) or not all(
            isinstance(v, torch.Tensor) for v in state["model"].values()):
        raise InvalidFiles(_("the initial weights are damaged or not a resviz weights file"))
    return analyses, raw


def write_files(store: RunStore, run_id: int, analyses: dict[str, dict[str, Any]], weights: bytes | None) -> None:
    """Put an imported run's files in its folder (OSError if the folder cannot be written)."""
    folder = store.run_dir(run_id)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, value in analyses.items():
        analysis_file(store, run_id, kind).write_text(json.dumps(value), encoding="utf-8")
    if weights is not None:
        initial_weights_file(store, run_id).write_bytes(weights)
