"""Checkpoints: written atomically, read with weights_only=True (never unpickle user files)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch

from resviz.errors import TrainingError
from resviz.i18n import _


def save_checkpoint(path: str | Path, state: dict[str, Any]) -> None:
    """``state`` holds tensors, numbers and the spec/config as JSON text."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    try:
        torch.save(state, tmp)
        os.replace(tmp, p)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise TrainingError(_("cannot write the checkpoint {p}: {reason}").format(p=p, reason=exc.strerror or exc), _("free disk space or choose another --store")) from None


def load_checkpoint(path: str | Path, device: torch.device | str = "cpu") -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise TrainingError(_("no checkpoint at {p}").format(p=p), _("the run may have stopped before its first epoch ended"))
    try:
        state = torch.load(p, map_location=device, weights_only=True)
    except Exception as exc:  # torch raises many types for a damaged or foreign file
        raise TrainingError(_("the checkpoint {p} is damaged or not a resviz checkpoint ({type})").format(p=p, type=type(exc).__name__),
                            _("resume from an earlier run, or train again")) from None
    if not isinstance(state, dict) or "model" not in state or "spec_json" not in state:
        raise TrainingError(_("{p} is not a resviz checkpoint").format(p=p), _("resume from an earlier run, or train again"))
    return state


def checkpoint_spec(state: dict[str, Any]) -> dict[str, Any]:
    return json.loads(state["spec_json"])


def checkpoint_config(state: dict[str, Any]) -> dict[str, Any]:
    return json.loads(state["config_json"])
