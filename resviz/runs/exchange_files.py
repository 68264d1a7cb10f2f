"""The files of a run that travel in its JSON export: its analyses (lesion study, loss
landscape, shattering), its weights at step 0 and, when asked for, its last checkpoint (the
trained weights, so that Grad-CAM, a lesion study or a resume work where it is imported).

The weights travel as the bytes of their file in base64 and are checked on the way in with
``torch.load(weights_only=True)``: an imported file is never unpickled.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
from typing import Any

from resviz.errors import StoreError, os_reason
from resviz.i18n import _
from resviz.runs.files import ANALYSES, analysis_file, initial_weights_file
from resviz.runs.store import RunStore
from resviz.runs.types import RunInfo


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


def has_trained_weights(store: RunStore, info: RunInfo) -> bool:
    """Whether the run's last checkpoint is on disk, to travel with an export."""
    path = store.checkpoint_file(info)
    return path is not None and path.is_file()


def checkpoint_to_dict(store: RunStore, info: RunInfo) -> dict[str, Any]:
    """{"trained_weights_base64": the run's last checkpoint as it is on disk}; a StoreError,
    not a silent export without them, for a run that has none."""
    path = store.checkpoint_file(info)
    try:
        if path is None:
            raise FileNotFoundError
        raw = path.read_bytes()
    except OSError as exc:
        reason = os_reason(exc) if path is not None else _("it wrote no checkpoint")
        raise StoreError(_("run #{run_id} has no trained weights to export ({reason})").format(
            run_id=info.id, reason=reason), _("export it without --weights, or resume it until it writes a checkpoint")
        ) from None
    return {"trained_weights_base64": base64.b64encode(raw).decode("ascii")}


def _weights(data: dict[str, Any], key: str, what: str) -> tuple[bytes, dict[str, Any]] | None:
    """The bytes of a weights file carried as base64 under ``key`` and what they hold, checked by
    loading them with weights_only=True (InvalidFiles, naming ``what``, if they are not a resviz
    weights file)."""
    text = data.get(key)
    if text is None:
        return None
    if not isinstance(text, str):
        raise InvalidFiles(_("{key} is not text").format(key=key))
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidFiles(_("{key} is not base64").format(key=key)) from None
    import torch

    damaged = _("the {what} are damaged or not a resviz weights file").format(what=what)
    try:
        state = torch.load(io.BytesIO(raw), map_location="cpu", weights_only=True)
    except Exception:  # torch raises many types for a damaged or foreign file
        raise InvalidFiles(damaged) from None
    if not isinstance(state, dict) or not isinstance(state.get("model"), dict) or not all(
            isinstance(v, torch.Tensor) for v in state["model"].values()):
        raise InvalidFiles(damaged)
    return raw, state


def parse_files(data: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], bytes | None]:
    """The analyses and the weights file's bytes of an export, checked (InvalidFiles if not)."""
    analyses = data.get("analyses", {})
    if not isinstance(analyses, dict) or not all(isinstance(v, dict) for v in analyses.values()):
        raise InvalidFiles(_("analyses is not an object of objects"))
    unknown = sorted(set(analyses) - set(ANALYSES))
    if unknown:
        raise InvalidFiles(_("analyses holds an unknown kind {kind!r}").format(kind=unknown[0]))
    initial = _weights(data, "initial_weights_base64", _("initial weights"))
    return analyses, None if initial is None else initial[0]


def parse_checkpoint(data: dict[str, Any]) -> tuple[bytes, int, int] | None:
    """The trained weights of an export made with them: the checkpoint's bytes, step and epoch."""
    trained = _weights(data, "trained_weights_base64", _("trained weights"))
    if trained is None:
        return None
    raw, state = trained
    step, epoch = state.get("step"), state.get("epoch")  # the checkpoint's own, so they cannot disagree
    if type(step) is not int or type(epoch) is not int or step < 0 or epoch < 0:
        raise InvalidFiles(_("the trained weights lack their step and epoch"))
    return raw, step, epoch


def write_files(store: RunStore, run_id: int, analyses: dict[str, dict[str, Any]], weights: bytes | None) -> None:
    """Put an imported run's files in its folder (OSError if the folder cannot be written)."""
    folder = store.run_dir(run_id)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, value in analyses.items():
        analysis_file(store, run_id, kind).write_text(json.dumps(value), encoding="utf-8")
    if weights is not None:
        initial_weights_file(store, run_id).write_bytes(weights)
